import {
  type ImportError,
  type ImportErrorCode,
  type ImportErrorParams,
  type ImportKind,
  type ImportRule,
  IMPORT_TEMPLATES,
  importErrorMessage,
} from '@xiaoyuan/schema';

/** Flags a problem of the current row: its column key (null: the whole row), code, rule, params. */
export type Flag = (column: string | null, code: ImportErrorCode, rule: ImportRule, params?: ImportErrorParams) => void;

/** Every problem found in a file, each with its zh-CN message. */
export class ImportReport {
  private readonly errors: ImportError[] = [];
  private readonly rows = new Set<number>();

  constructor(readonly kind: ImportKind) {}

  add(row: number, column: string | null, code: ImportErrorCode, rule: ImportRule, params?: ImportErrorParams): void {
    const error: ImportError = {
      row,
      column,
      code,
      rule,
      reason: importErrorMessage(this.kind, { rule, column, params }),
    };
    if (params && Object.keys(params).length) error.params = params;
    this.errors.push(error);
    this.rows.add(row);
  }

  /** a `Flag` bound to one row */
  forRow(row: number): Flag {
    return (column, code, rule, params) => this.add(row, column, code, rule, params);
  }

  get errorCount(): number {
    return this.errors.length;
  }

  /** how many distinct rows have a problem */
  get badRowCount(): number {
    return this.rows.size;
  }

  /** by row, then in the order of the template's columns */
  sorted(): ImportError[] {
    const order = new Map(IMPORT_TEMPLATES[this.kind].columns.map((column, index) => [column.key, index]));
    const position = (column: string | null) => (column === null ? -1 : (order.get(column) ?? order.size));
    return [...this.errors].sort((a, b) => a.row - b.row || position(a.column) - position(b.column));
  }
}
