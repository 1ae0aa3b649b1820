import type { EntityManager } from '@mikro-orm/postgresql';
import type { ImportErrorCode, ImportErrorParams, ImportKind, ImportRule, PersonalDataCipher } from '@xiaoyuan/schema';
import type { Flag, ImportReport } from './import-report';

/** The temp table the rows of a file are loaded into, one per job transaction. */
export const STAGING_TABLE = 'import_staging';

export type StagingType = 'text' | 'integer' | 'numeric' | 'date';

export interface StagingColumn {
  name: string;
  type: StagingType;
}

/** What staging a row may need besides the row: today in the district, the personal-data cipher. */
export interface StageContext {
  today: string;
  cipher: PersonalDataCipher;
}

/** The trimmed value of a column of the current row ('' when empty or when the file lacks it). */
export type FieldReader = (key: string) => string;

/**
 * How one kind of file is imported:
 * - `stage` checks a row's fields in JS and gives the values of `staged` (null where invalid);
 * - `validate` checks the staged rows together in SQL (references, duplicates) and flags them;
 * - `store` writes the staged rows into the real tables, set-based, and says how many rows it stored.
 * `resolved` are further columns of the staging table that `validate` fills (ids found by code).
 */
export interface ImportKindDefinition {
  kind: ImportKind;
  staged: readonly StagingColumn[];
  resolved: readonly { name: string; type: 'uuid' }[];
  stage(field: FieldReader, flag: Flag, context: StageContext): unknown[];
  validate(em: EntityManager, report: ImportReport): Promise<void>;
  store(em: EntityManager, tenantId: string): Promise<number>;
  /**
   * After `store`, within the transaction: the courtyards whose KPIs the stored rows change and
   * the first month they change, or null when the kind changes no KPI.
   */
  touched?(em: EntityManager): Promise<TouchedCourtyards | null>;
}

export interface TouchedCourtyards {
  courtyardIds: string[];
  /** `YYYY-MM` */
  firstMonth: string;
}

/** Flags every row a check query returns: `line`, and `value`/`first_line`/… as message params. */
export async function flagRows(
  em: EntityManager,
  report: ImportReport,
  sql: string,
  column: string | null,
  code: ImportErrorCode,
  rule: ImportRule,
  params: (row: Record<string, unknown>) => ImportErrorParams = (row) => ({ value: String(row.value) }),
): Promise<void> {
  const rows = await em.execute<Record<string, unknown>[]>(sql);
  for (const row of rows) report.add(Number(row.line), column, code, rule, params(row));
}
