import type { ImportRule } from '@xiaoyuan/schema';

/** One record of a file: its row number as a spreadsheet shows it (the first record is row 1). */
export interface SourceRecord {
  row: number;
  fields: string[];
}

/** A file that cannot be read any further; `row` is where it broke (null when unknown). */
export class FileFormatError extends Error {
  constructor(
    readonly rule: Extract<ImportRule, 'NOT_UTF8' | 'UNCLOSED_QUOTE' | 'TEXT_AFTER_QUOTE' | 'UNREADABLE_XLSX'>,
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
 * Invalid UTF-8, an unclosed quote or text after a closing quote end the file with a
 * `FileFormatError`.
 */
export async function* readCsvRecords(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<SourceRecord> {
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
  const records: SourceRecord[] = [];

  const endRecord = () => {
    fields.push(field);
    records.push({ row, fields });
    row += 1;
    fields = [];
    field = '';
    started = false;
    state = State.FieldStart;
  };

  const consume = (text: string) => {
    const length = text.length;
    let i = 0;
    if (afterCr && length > 0) {
      afterCr = false;
      if (text.charCodeAt(0) === LF && state === State.FieldStart && !started) i = 1;
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
            fields.push(field);
            field = '';
            i += 1;
          } else if (c === CR || c === LF) {
            endRecord();
            i = skipLineEnd(text, i);
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
              fields.push(field);
              field = '';
              state = State.FieldStart;
              i += 1;
            } else {
              endRecord();
              i = skipLineEnd(text, j);
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
            fields.push(field);
            field = '';
            state = State.FieldStart;
            i += 1;
          } else if (c === CR || c === LF) {
            endRecord();
            i = skipLineEnd(text, i);
          } else {
            throw new FileFormatError('TEXT_AFTER_QUOTE', row);
          }
          break;
        }
      }
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
  if (started) endRecord();
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
