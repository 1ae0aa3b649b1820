import { describe, expect, it } from 'vitest';
import { filenameFromDisposition, importFormatOf, readFileAsBase64 } from './files';

describe('files', () => {
  it('reads a file as Base64 without the data URL prefix', async () => {
    const file = new Blob(['\uFEFF小院编码,户号\r\n'], { type: 'text/csv' });
    const base64 = await readFileAsBase64(file);
    expect(Buffer.from(base64, 'base64').toString('utf8')).toBe('\uFEFF小院编码,户号\r\n');
  });

  it('takes the format from the extension', () => {
    expect(importFormatOf('住户.CSV')).toBe('CSV');
    expect(importFormatOf('households.xlsx')).toBe('XLSX');
    expect(importFormatOf('households.xls')).toBeNull();
  });

  it('reads the download name from Content-Disposition', () => {
    expect(filenameFromDisposition('attachment; filename="households-template.csv"', 'x')).toBe(
      'households-template.csv',
    );
    expect(filenameFromDisposition("attachment; filename*=UTF-8''%E4%BD%8F%E6%88%B7.csv", 'x')).toBe('住户.csv');
    expect(filenameFromDisposition(null, 'fallback.csv')).toBe('fallback.csv');
  });
});
