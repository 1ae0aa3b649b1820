import { MAX_IMPORT_COLUMNS, MAX_IMPORT_ROW_BYTES } from '@xiaoyuan/domain';
import type { ImportRule } from './templates';

/**
 * One record of a file: its row number as a spreadsheet shows it (the first record is row 1), its
 * first `maxFields` fields, and how many fields past those hold something (they are not kept).
 */
export interface SourceRecord {
  row: number;
  fields: string[];
  filledBeyond?: number;
}

/** How much of a record a reader keeps, and the longest record it reads. */
export interface RecordLimits {
  /** fields kept per record; fields past them are only counted when they hold something */
  maxFields: number;
  /** the longest record, in bytes of UTF-8 (line end not counted) */
  maxRecordBytes: number;
}

export const DEFAULT_RECORD_LIMITS: RecordLimits = {
  maxFields: MAX_IMPORT_COLUMNS,
  maxRecordBytes: MAX_IMPORT_ROW_BYTES,
};

/** A file that cannot be read any further; `row` is where it broke (null when unknown). */
export class FileFormatError extends Error {
  constructor(
    readonly rule: Extract<
      ImportRule,
      | 'NOT_UTF8'
      | 'UNCLOSED_QUOTE'
      | 'TEXT_AFTER_QUOTE'
      | 'UNREADABLE_XLSX'
      | 'ROW_TOO_LONG'
      | 'TOO_MANY_COLUMNS'
      | 'UNCOMPRESSED_TOO_LARGE'
      | 'SHARED_STRINGS_TOO_LARGE'
    >,
    readonly row: number | null,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${rule}${row === null ? '' : ` at row ${row}`}`);
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

const enum State {
  /** at the start of a field */
  FieldStart,
  /** inside an unquoted field */
  Unquoted,
  /** inside a quoted field */
  Quoted,
  /** just after a quote inside a quoted field: the end of the field, or the first of `""` */
  QuoteInQuoted,
}

/**
 * Reads CSV (RFC 4180: `,` between fields, fields quoted with `"` may hold commas, line breaks and
 * `""` for a quote; CRLF, LF or CR line ends) from UTF-8 bytes, with or without a BOM, one chunk at
 * a time: only the current chunk and the current record are held. A record that spans lines
 * counts as one row, as in a spreadsheet. An empty line is a record with one empty field.
 * Invalid UTF-8, an unclosed quote, text after a closing quote or a record longer than
 * `maxRecordBytes` (TOO_MANY_COLUMNS when fields past `maxFields` hold something) end the file
 * with a `FileFormatError`, found while reading: a record is never held longer than that.
 */
export async function* readCsvRecords(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  limits: RecordLimits = DEFAULT_RECORD_LIMITS,
): AsyncGenerator<SourceRecord> {
  const { maxFields, maxRecordBytes } = limits;
  // ignoreBOM: false = the decoder drops a leading BOM
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let state = State.FieldStart;
  let fields: string[] = [];
  let field = '';
  let row = 1;
  /** the record being read has begun (anything after the last line end) */
  let started = false;
  /** the previous chunk ended on a CR: a LF at the start of the next one belongs to it */
  let afterCr = false;
  /** fields of the record past `maxFields` that hold something */
  let filledBeyond = 0;
  /** where the record began in the current text (0: in an earlier chunk) */
  let recordStart = 0;
  /** bytes of the record in earlier chunks */
  let recordBytes = 0;
  const records: SourceRecord[] = [];

  const endField = () => {
    if (fields.length < maxFields) fields.push(field);
    else if (field.trim() !== '') filledBeyond += 1;
    field = '';
  };

  /** throws when the record from `recordStart` to `end` of `text` (after `recordBytes`) is too long */
  const checkLength = (text: string, end: number): number => {
    // most records: even at 3 bytes a character, within the limit
    if (recordBytes === 0 && (end - recordStart) * 3 <= maxRecordBytes) return 0;
    const bytes = recordBytes + Buffer.byteLength(text.slice(recordStart, end));
    if (bytes > maxRecordBytes) {
      const overfull = filledBeyond > 0 || (fields.length >= maxFields && field.trim() !== '');
      throw overfull
        ? new FileFormatError('TOO_MANY_COLUMNS', row, { max: maxFields })
        : new FileFormatError('ROW_TOO_LONG', row, { max: Math.floor(maxRecordBytes / 1024) });
    }
    return bytes;
  };

  const endRecord = (text: string, end: number) => {
    checkLength(text, end);
    endField();
    records.push(filledBeyond > 0 ? { row, fields, filledBeyond } : { row, fields });
    row += 1;
    fields = [];
    field = '';
    filledBeyond = 0;
    recordBytes = 0;
    started = false;
    state = State.FieldStart;
  };

  /** ends the record at the line end at `at`; the index after the line end */
  const endLine = (text: string, at: number): number => {
    endRecord(text, at);
    recordStart = skipLineEnd(text, at);
    return recordStart;
  };

  const consume = (text: string) => {
    const length = text.length;
    let i = 0;
    recordStart = 0;
    if (afterCr && length > 0) {
      afterCr = false;
      if (text.charCodeAt(0) === LF && state === State.FieldStart && !started) i = recordStart = 1;
    }
    while (i < length) {
      switch (state) {
        case State.FieldStart: {
          const c = text.charCodeAt(i);
          started = true;
          if (c === QUOTE) {
            state = State.Quoted;
            i += 1;
          } else if (c === COMMA) {
            endField();
            i += 1;
          } else if (c === CR || c === LF) {
            i = endLine(text, i);
          } else {
            state = State.Unquoted;
          }
          break;
        }
        case State.Unquoted: {
          let j = i;
          while (j < length) {
            const c = text.charCodeAt(j);
            if (c === COMMA || c === CR || c === LF) break;
            j += 1;
          }
          // a quote inside an unquoted field is an ordinary character (as Excel reads it)
          field += text.slice(i, j);
          i = j;
          if (j < length) {
            const c = text.charCodeAt(j);
            if (c === COMMA) {
              endField();
              state = State.FieldStart;
              i += 1;
            } else {
              i = endLine(text, j);
            }
          }
          break;
        }
        case State.Quoted: {
          const next = text.indexOf('"', i);
          if (next < 0) {
            field += text.slice(i);
            i = length;
          } else {
            field += text.slice(i, next);
            state = State.QuoteInQuoted;
            i = next + 1;
          }
          break;
        }
        case State.QuoteInQuoted: {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            field += '"';
            state = State.Quoted;
            i += 1;
          } else if (c === COMMA) {
            endField();
            state = State.FieldStart;
            i += 1;
          } else if (c === CR || c === LF) {
            i = endLine(text, i);
          } else {
            throw new FileFormatError('TEXT_AFTER_QUOTE', row);
          }
          break;
        }
      }
    }
    // the record goes on in the next chunk: what it has so far counts against the limit
    if (started) {
      recordBytes = checkLength(text, length) || Buffer.byteLength(text.slice(recordStart));
      recordStart = 0;
    }
  };

  /** index after the line end at `i`; a CR at the very end of the chunk may pair with a LF to come */
  const skipLineEnd = (text: string, i: number): number => {
    if (text.charCodeAt(i) === CR) {
      if (i + 1 === text.length) {
        afterCr = true;
        return i + 1;
      }
      return text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    }
    return i + 1;
  };

  const decode = (chunk: Uint8Array | undefined): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      throw new FileFormatError('NOT_UTF8', row);
    }
  };

  for await (const chunk of chunks) {
    consume(decode(chunk));
    for (const record of records) yield record;
    records.length = 0;
  }
  consume(decode(undefined));
  if ((state as State) === State.Quoted) throw new FileFormatError('UNCLOSED_QUOTE', row);
  if (started) endRecord('', 0);
  for (const record of records) yield record;
}

/** Slices of a buffer, for reading it as a stream (`onProgress` gets the bytes handed out so far). */
export function* bufferChunks(
  buffer: Buffer,
  size = 64 * 1024,
  onProgress?: (bytes: number) => void,
): Generator<Buffer> {
  for (let offset = 0; offset < buffer.length; offset += size) {
    const chunk = buffer.subarray(offset, Math.min(buffer.length, offset + size));
    yield chunk;
    onProgress?.(offset + chunk.length);
  }
}
