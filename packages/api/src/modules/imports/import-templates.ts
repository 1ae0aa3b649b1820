import { IMPORT_TEMPLATES, type ImportKind, type ImportLocale } from '@xiaoyuan/schema';
import ExcelJS from 'exceljs';

const HELP_HEADERS: Record<ImportLocale, string[]> = {
  'zh-CN': ['列', '必填', '说明', '可选值'],
  en: ['Column', 'Required', 'What it holds', 'Allowed values'],
};
const YES_NO: Record<ImportLocale, [string, string]> = { 'zh-CN': ['是', '否'], en: ['yes', 'no'] };

/**
 * The XLSX template of a kind: the first sheet (the one the worker reads) holds the header row
 * (required columns bold, as text cells) and one example row; a second sheet explains each column.
 */
export async function importTemplateXlsx(kind: ImportKind, locale: ImportLocale = 'zh-CN'): Promise<Buffer> {
  const template = IMPORT_TEMPLATES[kind];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Xiaoyuan';
  const sheet = workbook.addWorksheet(template.title[locale], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = template.columns.map((column) => ({
    header: column.header[locale],
    key: column.key,
    width: Math.max(12, column.header[locale].length * 2 + 4, column.example.length + 4),
    // codes like 3-201 or 0101 stay text when typed into the sheet
    style: { numFmt: '@' },
  }));
  sheet.addRow(Object.fromEntries(template.columns.map((column) => [column.key, column.example])));
  template.columns.forEach((column, index) => {
    const cell = sheet.getRow(1).getCell(index + 1);
    cell.font = { bold: column.required };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: column.required ? 'FFFCE4D6' : 'FFEDEDED' } };
    cell.note = column.hint[locale];
  });

  const help = workbook.addWorksheet(locale === 'zh-CN' ? '填写说明' : 'Help');
  help.columns = HELP_HEADERS[locale].map((header, index) => ({ header, width: [20, 8, 50, 50][index] }));
  help.getRow(1).font = { bold: true };
  for (const column of template.columns) {
    help.addRow([
      column.header[locale],
      YES_NO[locale][column.required ? 0 : 1],
      column.hint[locale],
      column.values?.map((value) => `${value.label[locale]} (${value.value})`).join(locale === 'zh-CN' ? '、' : ', ') ??
        '',
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
