import {
  FileFormatError,
  ImportKind,
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_ROW_BYTES,
  bufferChunks,
  cellText,
  checkXlsxArchive,
  importTemplateCsv,
  readCsvRecords,
  readXlsxRecords,
} from '@xiaoyuan/schema';
import ExcelJS from 'exceljs';
import { ImportReport } from '../src/imports/import-report';
import { mapHeader } from '../src/imports/import-runner';
import { buildZip, readZip } from './support/zip-builder';

async function records(content: Buffer | string, chunkSize = 64 * 1024) {
  const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const out: { row: number; fields: string[] }[] = [];
  for await (const record of readCsvRecords(bufferChunks(buffer, chunkSize))) out.push(record);
  return out;
}

describe('CSV reader (RFC 4180, UTF-8, streaming)', () => {
  const tricky =
    '\uFEFF户号,联系人,备注\r\n' +
    '3-201,"张,三","他说""你好"""\r\n' +
    '"3-202","李四","两行\r\n的备注"\r\n' +
    '\r\n' +
    '3-203,,末尾无换行';

  it('reads quotes, commas, doubled quotes and line breaks in fields; numbers rows as a spreadsheet does', async () => {
    expect(await records(tricky)).toEqual([
      { row: 1, fields: ['户号', '联系人', '备注'] },
      { row: 2, fields: ['3-201', '张,三', '他说"你好"'] },
      { row: 3, fields: ['3-202', '李四', '两行\r\n的备注'] },
      { row: 4, fields: [''] },
      { row: 5, fields: ['3-203', '', '末尾无换行'] },
    ]);
  });

  it('gives the same records whatever the chunk size (multi-byte characters and CRLF split across chunks)', async () => {
    const whole = await records(tricky);
    for (const size of [1, 2, 3, 5, 7]) expect(await records(tricky, size)).toEqual(whole);
  });

  it('accepts LF and CR line ends, no BOM, a final line end, and a quote inside an unquoted field', async () => {
    expect(await records('a,b\nc,d\re,f"g\n')).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['c', 'd'] },
      { row: 3, fields: ['e', 'f"g'] },
    ]);
  });

  it('fails the file on invalid UTF-8 (e.g. GBK from Excel), an unclosed quote, or text after a closing quote', async () => {
    const gbk = Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]); // "张三" in GBK
    await expect(records(gbk)).rejects.toMatchObject({ rule: 'NOT_UTF8' });
    await expect(records('a,b\n"c,d\ne,f\n')).rejects.toMatchObject({ rule: 'UNCLOSED_QUOTE', row: 2 });
    await expect(records('a,b\n"c"x,d\n')).rejects.toEqual(expect.any(FileFormatError));
    await expect(records('a,b\n"c"x,d\n')).rejects.toMatchObject({ rule: 'TEXT_AFTER_QUOTE', row: 2 });
  });

  /** reads `content` in 64 KiB chunks; `chunks` counts the chunks the reader asked for */
  async function limited(content: Buffer) {
    let chunks = 0;
    const counted = (function* () {
      for (const chunk of bufferChunks(content)) {
        chunks += 1;
        yield chunk;
      }
    })();
    const out: { row: number; fields: string[]; filledBeyond?: number }[] = [];
    try {
      for await (const record of readCsvRecords(counted)) out.push(record);
      return { out, chunks };
    } catch (error) {
      return { error, out, chunks };
    }
  }

  it('stops at a header of 1,000,000 columns after reading one row limit of it (TOO_MANY_COLUMNS)', async () => {
    const header = Buffer.from(Array.from({ length: 1_000_000 }, (_, index) => `c${index}`).join(',') + '\r\n');
    expect(header.length).toBeGreaterThan(7_000_000);
    const { error, out, chunks } = await limited(header);
    expect(error).toMatchObject({ rule: 'TOO_MANY_COLUMNS', row: 1, params: { max: MAX_IMPORT_COLUMNS } });
    expect(out).toEqual([]);
    // the reader never held more than the row limit and a chunk of the 7 MB line
    expect(chunks).toBeLessThanOrEqual(Math.ceil(MAX_IMPORT_ROW_BYTES / (64 * 1024)) + 1);
  });

  it('stops at a line longer than the row limit (ROW_TOO_LONG), counting UTF-8 bytes', async () => {
    // 30,000 Chinese characters: 90,000 bytes, though only 30,000 characters
    const long = Buffer.from(`户号,备注\r\n3-201,${'长'.repeat(30_000)}\r\n3-202,ok\r\n`);
    const { error, out } = await limited(long);
    expect(error).toMatchObject({ rule: 'ROW_TOO_LONG', row: 2, params: { max: 64 } });
    expect(out).toEqual([{ row: 1, fields: ['户号', '备注'] }]);
    // an unclosed quote reads on to the end of the file: stopped at the row limit, not at 5 MB
    const unclosed = Buffer.from(`户号,备注\r\n3-201,"oops\r\n${'3-202,ok\r\n'.repeat(500_000)}`);
    const { error: quoteError, chunks } = await limited(unclosed);
    expect(quoteError).toMatchObject({ rule: 'ROW_TOO_LONG', row: 2 });
    expect(chunks).toBeLessThanOrEqual(3);
    // just within the limit is fine, split over chunks of any size
    const fits = `a,${'b'.repeat(MAX_IMPORT_ROW_BYTES - 2)}\n`;
    expect((await records(fits, 1000))[0].fields[1]).toHaveLength(MAX_IMPORT_ROW_BYTES - 2);
    await expect(records(`a,${'b'.repeat(MAX_IMPORT_ROW_BYTES - 1)}\n`, 1000)).rejects.toMatchObject({
      rule: 'ROW_TOO_LONG',
    });
  });

  it('keeps the first 50 fields of a row and counts the filled ones past them', async () => {
    const empty = `a${','.repeat(99)}\n`;
    expect(await records(empty)).toEqual([{ row: 1, fields: ['a', ...Array(MAX_IMPORT_COLUMNS - 1).fill('')] }]);
    const filled = [...Array(60).keys()].map((index) => (index % 2 ? `v${index}` : ' ')).join(',') + '\n';
    const [record] = await records(filled);
    expect(record.fields).toHaveLength(MAX_IMPORT_COLUMNS);
    expect(record).toMatchObject({ row: 1, filledBeyond: 5 });
    const header = mapHeader(ImportKind.HOUSEHOLDS, record);
    expect(header).toEqual({
      errors: [expect.objectContaining({ row: 1, rule: 'TOO_MANY_COLUMNS', reason: '超过 50 列' })],
      failedReason: '表头有误：超过 50 列',
    });
  });

  it('reads the CSV templates back: BOM, Chinese headers, every column mapped', async () => {
    for (const kind of Object.values(ImportKind)) {
      const csv = importTemplateCsv(kind);
      expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const [header, example] = await records(csv);
      expect(example.row).toBe(2);
      const mapped = mapHeader(kind, header);
      expect(mapped).not.toHaveProperty('failedReason');
      expect(importTemplateCsv(kind, 'en').toString('utf8')).toContain('Courtyard code');
    }
  });
});

describe('import report', () => {
  it('keeps the first 1,000 problems by row and counts the rest', () => {
    const report = new ImportReport(ImportKind.HOUSEHOLDS);
    // found out of order, as the SQL checks find them
    for (let row = 5001; row >= 2; row--) report.add(row, 'code', 'INVALID', 'CODE_PATTERN');
    report.add(3, 'area_sqm', 'INVALID', 'POSITIVE');
    expect(report.errorCount).toBe(5001);
    expect(report.badRowCount).toBe(5000);
    expect(report.omittedCount).toBe(4001);
    const kept = report.sorted();
    expect(kept).toHaveLength(1000);
    expect(kept.slice(0, 3).map((error) => [error.row, error.column])).toEqual([
      [2, 'code'],
      [3, 'code'],
      [3, 'area_sqm'],
    ]);
    expect(kept.at(-1)!.row).toBe(1000);
  });
});

describe('XLSX reader', () => {
  it('streams the first sheet: row numbers, dates, formulas, rich text, empty cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('参与');
    sheet.addRow(['小院编码', '活动日期', '参与人数']);
    sheet.addRow(['XY0001', new Date(Date.UTC(2026, 10, 8)), 2]);
    sheet.addRow([]);
    sheet.addRow([{ richText: [{ text: 'XY' }, { text: '0002' }] }, '2026/11/9', { formula: '1+2', result: 3 }]);
    sheet.addRow(['XY0003', null, 1.5]);
    workbook.addWorksheet('其他').addRow(['ignored']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const out = [];
    for await (const record of readXlsxRecords(bufferChunks(buffer, 4096))) out.push(record);
    expect(out).toEqual([
      { row: 1, fields: ['小院编码', '活动日期', '参与人数'] },
      { row: 2, fields: ['XY0001', '2026-11-08', '2'] },
      { row: 4, fields: ['XY0002', '2026/11/9', '3'] },
      { row: 5, fields: ['XY0003', '', '1.5'] },
    ]);
  });

  it('fails a file that is not XLSX', async () => {
    const read = async () => {
      for await (const _record of readXlsxRecords(bufferChunks(Buffer.from('not a zip file at all'), 4096)))
        void _record;
    };
    await expect(read()).rejects.toMatchObject({ rule: 'UNREADABLE_XLSX' });
  });

  it('turns cell values into text', () => {
    expect(cellText(new Date(Date.UTC(2026, 0, 2)))).toBe('2026-01-02');
    expect(cellText({ text: 'link', hyperlink: 'https://example.org' })).toBe('link');
    expect(cellText({ formula: 'A1', result: new Date(Date.UTC(2026, 0, 3)) })).toBe('2026-01-03');
    expect(cellText(true)).toBe('TRUE');
  });
});

describe('XLSX archive check (zip bombs, shared strings)', () => {
  const limits = { maxUncompressedBytes: 1024 * 1024, maxSharedStringsBytes: 256 * 1024 };
  const sheet = (bytes: number) => ({ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(bytes, 0x20) });

  async function template(): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('住户').addRow(['小院编码', '户号']);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  it('passes a workbook exceljs wrote (data descriptors) and one rebuilt entry by entry', async () => {
    const written = await template();
    await expect(checkXlsxArchive(written, limits)).resolves.toBeUndefined();
    await expect(checkXlsxArchive(buildZip(await readZip(written)), limits)).resolves.toBeUndefined();
  });

  it('fails a small file that inflates past the limit, by what it declares and by what it inflates to', async () => {
    const bomb = buildZip([sheet(limits.maxUncompressedBytes + 1)]);
    expect(bomb.length).toBeLessThan(4096);
    await expect(checkXlsxArchive(bomb, limits)).rejects.toMatchObject({
      rule: 'UNCOMPRESSED_TOO_LARGE',
      params: { max: 1 },
    });
    // declares 1 KB, inflates to more than a megabyte: stopped while inflating
    const liar = buildZip([{ ...sheet(limits.maxUncompressedBytes + 1), declaredSize: 1024 }]);
    await expect(checkXlsxArchive(liar, limits)).rejects.toMatchObject({ rule: 'UNCOMPRESSED_TOO_LARGE' });
    // many entries, each within the limit, together past it
    const many = buildZip([0, 1, 2].map((n) => ({ ...sheet(400 * 1024), name: `xl/worksheets/sheet${n + 1}.xml` })));
    await expect(checkXlsxArchive(many, limits)).rejects.toMatchObject({ rule: 'UNCOMPRESSED_TOO_LARGE' });
  });

  it('fails shared strings past their limit', async () => {
    const strings = buildZip([
      { name: 'xl/sharedStrings.xml', data: Buffer.alloc(limits.maxSharedStringsBytes + 1, 0x61) },
    ]);
    await expect(checkXlsxArchive(strings, limits)).rejects.toMatchObject({
      rule: 'SHARED_STRINGS_TOO_LARGE',
      params: { max: 0 },
    });
  });

  it('fails an entry hidden from the central directory, which a front-to-back reader would inflate', async () => {
    const hidden = buildZip([
      sheet(100),
      { ...sheet(limits.maxUncompressedBytes * 4), name: 'xl/x.xml', hidden: true },
    ]);
    await expect(checkXlsxArchive(hidden, limits)).rejects.toMatchObject({ rule: 'UNREADABLE_XLSX' });
  });

  it('fails a file that is not a zip', async () => {
    await expect(checkXlsxArchive(Buffer.from('not a zip file at all'), limits)).rejects.toMatchObject({
      rule: 'UNREADABLE_XLSX',
    });
  });
});
