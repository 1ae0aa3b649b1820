import type { EntityManager } from '@mikro-orm/postgresql';
import type { TouchedCourtyards } from './import-kind';
import {
  badCharacter,
  withoutBadCharacters,
  type ImportError,
  ImportFormat,
  ImportKind,
  IMPORT_TEMPLATES,
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_ROWS,
  type PersonalDataCipher,
  FileFormatError,
  type SourceRecord,
  bufferChunks,
  checkXlsxArchive,
  readCsvRecords,
  readXlsxRecords,
  importHeaderLookup,
  normalizeImportHeader,
  intArray,
  textArray,
} from '@xiaoyuan/schema';
import { attendanceImport } from './attendance.import';
import { courtyardsImport } from './courtyards.import';
import { householdsImport } from './households.import';
import { type ImportKindDefinition, STAGING_TABLE, type StageContext } from './import-kind';
import { ImportReport } from './import-report';

export const IMPORT_KINDS: Readonly<Record<ImportKind, ImportKindDefinition>> = {
  [ImportKind.COURTYARDS]: courtyardsImport,
  [ImportKind.HOUSEHOLDS]: householdsImport,
  [ImportKind.ATTENDANCE]: attendanceImport,
};

/** Rows sent to the staging table per INSERT (and the most rows held in JS at a time). */
export const STAGING_CHUNK_ROWS = 5000;

export interface ImportInput {
  tenantId: string;
  kind: ImportKind;
  format: ImportFormat;
  content: Buffer;
  /** today in the district's time zone, `YYYY-MM-DD` */
  today: string;
}

export type ImportOutcome =
  | { ok: true; totalRows: number; storedRows: number; touched: TouchedCourtyards | null }
  | { ok: false; totalRows: number | null; errors: ImportError[]; failedReason: string };

/** Where the import is: parsing 0–60, validating 60–80, storing 80–99. */
export type ProgressReporter = (percent: number) => Promise<void>;

/**
 * Imports one file inside the caller's transaction: reads it as a stream, checks each row in JS
 * while loading it in chunks into a temp table (dropped at commit), checks the rows together in
 * SQL, and stores them all, set-based, only when no row is bad. Nothing is written to a real
 * table unless the outcome is `ok`.
 */
export async function runImport(
  em: EntityManager,
  input: ImportInput,
  services: { cipher: PersonalDataCipher; progress: ProgressReporter },
): Promise<ImportOutcome> {
  const definition = IMPORT_KINDS[input.kind];
  const report = new ImportReport(input.kind);
  const context: StageContext = { today: input.today, cipher: services.cipher };
  await createStagingTable(em, definition);

  let bytesRead = 0;
  const chunks = bufferChunks(input.content, 64 * 1024, (bytes) => (bytesRead = bytes));
  const records = input.format === ImportFormat.XLSX ? readXlsxRecords(chunks) : readCsvRecords(chunks);
  const parseProgress = () => Math.floor((60 * bytesRead) / Math.max(1, input.content.length));

  let totalRows: number;
  try {
    // a zip bomb or a huge table of strings fails here, before exceljs inflates anything
    if (input.format === ImportFormat.XLSX) await checkXlsxArchive(input.content);
    const loaded = await loadRecords(em, definition, records, report, context, async () =>
      services.progress(parseProgress()),
    );
    if ('failedReason' in loaded)
      return { ok: false, totalRows: null, errors: loaded.errors, failedReason: loaded.failedReason };
    totalRows = loaded.totalRows;
  } catch (error) {
    if (!(error instanceof FileFormatError)) throw error;
    const fileReport = new ImportReport(input.kind);
    fileReport.add(error.row ?? 1, null, 'BAD_FILE', error.rule, error.params);
    const [only] = fileReport.sorted();
    return {
      ok: false,
      totalRows: null,
      errors: [only],
      failedReason: `无法读取文件：${error.row === null ? '' : `第 ${error.row} 行：`}${only.reason}`,
    };
  }
  if (totalRows === 0) {
    report.add(2, null, 'BAD_FILE', 'NO_ROWS');
    return { ok: false, totalRows: 0, errors: report.sorted(), failedReason: report.sorted()[0].reason };
  }
  await services.progress(60);

  await em.execute(`analyze ${STAGING_TABLE}`);
  await definition.validate(em, report);
  await services.progress(80);
  if (report.errorCount > 0) {
    const omitted = report.omittedCount;
    return {
      ok: false,
      totalRows,
      errors: report.sorted(),
      failedReason:
        `${report.badRowCount} 行有错误（共 ${totalRows} 行），未导入任何数据` +
        (omitted > 0 ? `；报告列出前 ${report.errorCount - omitted} 个问题，另有 ${omitted} 个未列出` : ''),
    };
  }

  const storedRows = await definition.store(em, input.tenantId);
  const touched = definition.touched ? await definition.touched(em) : null;
  await services.progress(99);
  return { ok: true, totalRows, storedRows, touched };
}

async function createStagingTable(em: EntityManager, definition: ImportKindDefinition): Promise<void> {
  const columns = [...definition.staged, ...definition.resolved].map((column) => `${column.name} ${column.type}`);
  // a previous attempt in this session cannot have left one behind (on commit drop), but be sure
  await em.execute(`drop table if exists ${STAGING_TABLE}`);
  await em.execute(
    `create temp table ${STAGING_TABLE} (line integer primary key, ${columns.join(', ')}) on commit drop`,
  );
}

type LoadResult = { totalRows: number } | { errors: ImportError[]; failedReason: string };

/** Reads the header, then stages every data row, STAGING_CHUNK_ROWS at a time. */
async function loadRecords(
  em: EntityManager,
  definition: ImportKindDefinition,
  records: AsyncIterable<SourceRecord>,
  report: ImportReport,
  context: StageContext,
  onChunk: () => Promise<void>,
): Promise<LoadResult> {
  let header: HeaderMap | undefined;
  let totalRows = 0;
  const chunk = new StagingChunk(definition);
  const values: string[] = [];
  const field = (key: string) => {
    const index = header!.indexOf.get(key);
    return index === undefined ? '' : (values[index] ?? '');
  };

  for await (const record of records) {
    if (record.fields.every((value) => value.trim() === '')) continue;
    if (!header) {
      const mapped = mapHeader(definition.kind, record);
      if ('failedReason' in mapped) return mapped;
      header = mapped;
      continue;
    }
    totalRows += 1;
    if (totalRows > MAX_IMPORT_ROWS) {
      // stops reading: the rest of the file is never looked at
      report.add(record.row, null, 'BAD_FILE', 'TOO_MANY_ROWS', { max: MAX_IMPORT_ROWS });
      const [error] = report.sorted().filter((each) => each.rule === 'TOO_MANY_ROWS');
      return { errors: [error], failedReason: error.reason };
    }
    values.length = 0;
    const flag = report.forRow(record.row);
    record.fields.forEach((value, index) => {
      // a NUL or another control character fails the row; stripped so the staged row holds text
      if (badCharacter(value) === null) return values.push(value.trim());
      flag(null, 'INVALID', 'BAD_CHARACTER', { field: index + 1 });
      return values.push(withoutBadCharacters(value).trim());
    });
    const extra = values.slice(header.width).filter((value) => value !== '').length + (record.filledBeyond ?? 0);
    if (extra > 0) flag(null, 'INVALID', 'TOO_MANY_FIELDS', { count: header.width + extra, expected: header.width });
    chunk.add(record.row, definition.stage(field, flag, context));
    if (chunk.size >= STAGING_CHUNK_ROWS) {
      await chunk.flush(em);
      await onChunk();
    }
  }
  if (!header) {
    report.add(1, null, 'BAD_FILE', 'NO_HEADER');
    return { errors: report.sorted(), failedReason: report.sorted()[0].reason };
  }
  await chunk.flush(em);
  return { totalRows };
}

interface HeaderMap {
  /** column key → index of the field */
  indexOf: Map<string, number>;
  /** fields the header has (the last non-empty header cell) */
  width: number;
}

/** Maps the header's cells to column keys; unknown, repeated or missing columns fail the file. */
export function mapHeader(
  kind: ImportKind,
  record: SourceRecord,
): HeaderMap | { errors: ImportError[]; failedReason: string } {
  const lookup = importHeaderLookup(kind);
  const report = new ImportReport(kind);
  if (record.filledBeyond) {
    report.add(record.row, null, 'BAD_FILE', 'TOO_MANY_COLUMNS', { max: MAX_IMPORT_COLUMNS });
    const errors = report.sorted();
    return { errors, failedReason: `表头有误：${errors[0].reason}` };
  }
  const indexOf = new Map<string, number>();
  let width = 0;
  record.fields.forEach((cell, index) => {
    const header = withoutBadCharacters(cell).trim();
    if (header === '') return;
    width = index + 1;
    const key = lookup.get(normalizeImportHeader(header));
    if (!key) report.add(record.row, null, 'UNKNOWN_COLUMN', 'UNKNOWN_COLUMN', { header });
    else if (indexOf.has(key)) report.add(record.row, key, 'DUPLICATE_COLUMN', 'DUPLICATE_COLUMN', { header });
    else indexOf.set(key, index);
  });
  for (const column of IMPORT_TEMPLATES[kind].columns) {
    if (column.required && !indexOf.has(column.key))
      report.add(record.row, column.key, 'MISSING_COLUMN', 'MISSING_COLUMN');
  }
  if (report.errorCount > 0) {
    const errors = report.sorted();
    return { errors, failedReason: `表头有误：${errors.map((error) => error.reason).join('；')}` };
  }
  return { indexOf, width };
}

/** Rows waiting for the staging table, column by column. */
class StagingChunk {
  private readonly lines: number[] = [];
  private readonly columns: unknown[][];

  constructor(private readonly definition: ImportKindDefinition) {
    this.columns = definition.staged.map(() => []);
  }

  get size(): number {
    return this.lines.length;
  }

  add(line: number, values: unknown[]): void {
    this.lines.push(line);
    values.forEach((value, index) => this.columns[index].push(value));
  }

  /** one multi-row INSERT from arrays (`unnest`), then empties the chunk */
  async flush(em: EntityManager): Promise<void> {
    if (!this.lines.length) return;
    const names = this.definition.staged.map((column) => column.name);
    const arrays = this.definition.staged.map((column) => `?::${column.type}[]`);
    await em.execute(
      `insert into ${STAGING_TABLE} (line, ${names.join(', ')}) select * from unnest(?::integer[], ${arrays.join(', ')})`,
      [intArray(this.lines), ...this.columns.map(textArray)],
      'run',
    );
    this.lines.length = 0;
    for (const column of this.columns) column.length = 0;
  }
}
