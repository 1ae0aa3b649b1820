import type { EntityManager } from '@mikro-orm/postgresql';
import type { ImportRule } from '@xiaoyuan/schema';
import { STAGING_TABLE, flagRows } from './import-kind';
import type { ImportReport } from './import-report';

// Checks and the store that several kinds run over the staging table.

/** Flags NOT_FOUND each row whose `<unit>_code` names no row of the district (`validate` left its `<unit>_id` null). */
export function flagUnknownCodes(
  em: EntityManager,
  report: ImportReport,
  unit: 'street' | 'community' | 'courtyard',
): Promise<void> {
  return flagRows(
    em,
    report,
    `select line, ${unit}_code as value from ${STAGING_TABLE} where ${unit}_code is not null and ${unit}_id is null`,
    `${unit}_code`,
    'NOT_FOUND',
    'NOT_FOUND',
  );
}

/**
 * Flags DUPLICATE each row that repeats an earlier row of the file in all of `key` (rows with one
 * of them empty left out): the row's `column` as the value, the earlier row as `firstRow`.
 */
export function flagDuplicatesInFile(
  em: EntityManager,
  report: ImportReport,
  column: string,
  key: readonly string[],
  rule: ImportRule = 'DUPLICATE_IN_FILE',
): Promise<void> {
  return flagRows(
    em,
    report,
    `select line, ${column} as value, first_line from (
       select line, ${column}, min(line) over w as first_line, row_number() over (w order by line) as n
       from ${STAGING_TABLE} where ${key.map((name) => `${name} is not null`).join(' and ')}
       window w as (partition by ${key.join(', ')})) x
     where n > 1`,
    column,
    'DUPLICATE',
    rule,
    (row) => ({ value: String(row.value), firstRow: Number(row.first_line) }),
  );
}

/**
 * Flags DUPLICATE (ALREADY_EXISTS) each row whose `code` is stored already; `twin` joins the staged
 * row `s` to the stored row it repeats (`<table> <alias> on …`).
 */
export function flagStoredCodes(em: EntityManager, report: ImportReport, twin: string): Promise<void> {
  return flagRows(
    em,
    report,
    `select s.line, s.code as value from ${STAGING_TABLE} s join ${twin}`,
    'code',
    'DUPLICATE',
    'ALREADY_EXISTS',
  );
}

/** Runs `insert` (an `insert … select` from the staging table) and says how many rows it stored. */
export async function storeRows(em: EntityManager, insert: string, params: unknown[]): Promise<number> {
  const rows = await em.execute<{ n: string }[]>(
    `with stored as (${insert} returning 1) select count(*) as n from stored`,
    params,
  );
  return Number(rows[0].n);
}
