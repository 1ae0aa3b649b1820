import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { DEFAULT_RECORD_LIMITS, FileFormatError, type RecordLimits, type SourceRecord } from './csv-reader';
import { unreadable } from './xlsx-archive';

/**
 * Reads the first worksheet of an XLSX file (checked first by `checkXlsxArchive`) with exceljs's streaming reader (rows are handed out
 * as they are parsed, not loaded into a workbook first). Each row keeps its spreadsheet number;
 * cell values become text as the user sees them: dates `YYYY-MM-DD`, formulas their result, rich
 * text its plain text.
 */
export async function* readXlsxRecords(
  chunks: Iterable<Uint8Array>,
  limits: RecordLimits = DEFAULT_RECORD_LIMITS,
): AsyncGenerator<SourceRecord> {
  let reader: ExcelJS.stream.xlsx.WorkbookReader;
  try {
    reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks, { objectMode: false }), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      // styles tell dates from numbers
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
  } catch (error) {
    throw unreadable(error);
  }
  let first = true;
  try {
    for await (const worksheet of reader) {
      if (!first) {
        // the stream must be drained for the reader to finish; later sheets are not imported
        for await (const _row of worksheet) void _row;
        continue;
      }
      first = false;
      for await (const row of worksheet) {
        yield recordOf(row.number, row.values as unknown[], limits);
      }
    }
  } catch (error) {
    if (error instanceof FileFormatError) throw error;
    throw unreadable(error);
  }
}

/** A row's first `maxFields` cells as text; a row longer than `maxRecordBytes` ends the file. */
function recordOf(row: number, values: unknown[], { maxFields, maxRecordBytes }: RecordLimits): SourceRecord {
  const fields: string[] = [];
  let filledBeyond = 0;
  let bytes = 0;
  for (let column = 1; column < values.length; column++) {
    const text = cellText(values[column]);
    bytes += Buffer.byteLength(text);
    if (column <= maxFields) fields.push(text);
    else if (text.trim() !== '') filledBeyond += 1;
  }
  if (bytes > maxRecordBytes) {
    throw filledBeyond > 0
      ? new FileFormatError('TOO_MANY_COLUMNS', row, { max: maxFields })
      : new FileFormatError('ROW_TOO_LONG', row, { max: Math.floor(maxRecordBytes / 1024) });
  }
  return filledBeyond > 0 ? { row, fields, filledBeyond } : { row, fields };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The text of a cell value as exceljs gives it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    // exceljs gives a date cell as that calendar date at 00:00 UTC
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const time = value.getUTCHours() * 3600 + value.getUTCMinutes() * 60 + value.getUTCSeconds();
    return time === 0
      ? date
      : `${date} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`;
  }
  if (typeof value === 'object') {
    const cell = value as {
      richText?: { text: string }[];
      result?: unknown;
      formula?: string;
      sharedFormula?: string;
      text?: unknown;
      error?: string;
    };
    if (Array.isArray(cell.richText)) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell || 'formula' in cell || 'sharedFormula' in cell) return cellText(cell.result);
    if ('text' in cell) return cellText(cell.text);
    if (typeof cell.error === 'string') return cell.error;
  }
  return String(value);
}
