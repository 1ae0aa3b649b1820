import {
  type ImportError,
  type ImportErrorCode,
  type ImportErrorParams,
  type ImportKind,
  type ImportRule,
  IMPORT_TEMPLATES,
  MAX_IMPORT_REPORTED_ERRORS,
  importErrorMessage,
} from '@xiaoyuan/schema';

/** Flags a problem of the current row: its column key (null: the whole row), code, rule, params. */
export type Flag = (column: string | null, code: ImportErrorCode, rule: ImportRule, params?: ImportErrorParams) => void;

/**
 * The problems found in a file, each with its zh-CN message: the first `maxKept` by row are kept,
 * of the others only their number (so that a file of bad rows cannot fill the memory), and the
 * rows with a problem are counted.
 */
export class ImportReport {
  private errors: ImportError[] = [];
  private readonly rows = new Set<number>();
  private total = 0;

  constructor(
    readonly kind: ImportKind,
    private readonly maxKept = MAX_IMPORT_REPORTED_ERRORS,
  ) {}

  add(row: number, column: string | null, code: ImportErrorCode, rule: ImportRule, params?: ImportErrorParams): void {
    this.total += 1;
    this.rows.add(row);
    // past twice the cap, keep the first by row (sorting now and then keeps adding cheap)
    if (this.errors.length >= 2 * this.maxKept) this.errors = this.sorted();
    const error: ImportError = {
      row,
      column,
      code,
      rule,
      reason: importErrorMessage(this.kind, { rule, column, params }),
    };
    if (params && Object.keys(params).length) error.params = params;
    this.errors.push(error);
  }

  /** a `Flag` bound to one row */
  forRow(row: number): Flag {
    return (column, code, rule, params) => this.add(row, column, code, rule, params);
  }

  /** every problem found, kept or not */
  get errorCount(): number {
    return this.total;
  }

  /** problems found but not kept (past `maxKept`) */
  get omittedCount(): number {
    return Math.max(0, this.total - this.maxKept);
  }

  /** how many distinct rows have a problem */
  get badRowCount(): number {
    return this.rows.size;
  }

  /** the kept problems (at most `maxKept`): by row, then in the order of the template's columns */
  sorted(): ImportError[] {
    const order = new Map(IMPORT_TEMPLATES[this.kind].columns.map((column, index) => [column.key, index]));
    const position = (column: string | null) => (column === null ? -1 : (order.get(column) ?? order.size));
    return [...this.errors]
      .sort((a, b) => a.row - b.row || position(a.column) - position(b.column))
      .slice(0, this.maxKept);
  }
}
