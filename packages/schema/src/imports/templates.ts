import { ActivityKind, CourtyardType, ImportKind } from '@xiaoyuan/domain';

// What an import file of each kind holds: shared by the worker (header mapping, validation
// messages), the API (template downloads, the report) and the admin app (column labels).

export type ImportLocale = 'zh-CN' | 'en';
type Localized = Record<ImportLocale, string>;

/** An allowed value of an enumerated column, and the labels a file may give instead of it. */
export interface ImportColumnValue {
  value: string;
  label: Localized;
}

export interface ImportColumn {
  /** stable key, also accepted as a header (`household_count`) */
  key: string;
  /** the template's header in each language; both are accepted in a file */
  header: Localized;
  /** further headers a file may use for the column */
  aliases?: readonly string[];
  required: boolean;
  /** the example row of the template */
  example: string;
  /** what the column holds, for the template's help text */
  hint: Localized;
  values?: readonly ImportColumnValue[];
}

export interface ImportTemplate {
  kind: ImportKind;
  title: Localized;
  columns: readonly ImportColumn[];
}

export const COURTYARD_TYPE_VALUES: readonly ImportColumnValue[] = [
  { value: CourtyardType.OLD_COMPOUND, label: { 'zh-CN': '老旧小区', en: 'Old compound' } },
  { value: CourtyardType.COMMERCIAL_HOUSING, label: { 'zh-CN': '新建商品房', en: 'Commercial housing' } },
  { value: CourtyardType.WORK_UNIT_DORMITORY, label: { 'zh-CN': '单位宿舍', en: 'Work-unit dormitory' } },
  { value: CourtyardType.OTHER, label: { 'zh-CN': '其他', en: 'Other' } },
];

export const ACTIVITY_KIND_VALUES: readonly ImportColumnValue[] = [
  { value: ActivityKind.DELIBERATION_MEETING, label: { 'zh-CN': '议事会', en: 'Deliberation meeting' } },
  { value: ActivityKind.CULTURAL, label: { 'zh-CN': '文化活动', en: 'Cultural activity' } },
  { value: ActivityKind.VOLUNTEER_SERVICE, label: { 'zh-CN': '志愿服务', en: 'Volunteer service' } },
  { value: ActivityKind.TRAINING, label: { 'zh-CN': '培训', en: 'Training' } },
  { value: ActivityKind.OTHER, label: { 'zh-CN': '其他', en: 'Other' } },
];

const CODE_HINT: Localized = {
  'zh-CN': '字母、数字、“_”或“-”，最多 32 个字符',
  en: 'letters, digits, "_" or "-", at most 32 characters',
};

/** The first column of the households and the attendance files. */
const COURTYARD_CODE_COLUMN: ImportColumn = {
  key: 'courtyard_code',
  header: { 'zh-CN': '小院编码', en: 'Courtyard code' },
  required: true,
  example: 'XY0001',
  hint: { 'zh-CN': '已有小院的编码', en: 'code of an existing courtyard' },
};

export const IMPORT_TEMPLATES: Readonly<Record<ImportKind, ImportTemplate>> = {
  [ImportKind.COURTYARDS]: {
    kind: ImportKind.COURTYARDS,
    title: { 'zh-CN': '小院', en: 'Courtyards' },
    columns: [
      {
        key: 'street_code',
        header: { 'zh-CN': '街道编码', en: 'Street code' },
        required: true,
        example: 'JD01',
        hint: { 'zh-CN': '已有街道的编码', en: 'code of an existing street' },
      },
      {
        key: 'community_code',
        header: { 'zh-CN': '社区编码', en: 'Community code' },
        required: true,
        example: 'SQ0101',
        hint: { 'zh-CN': '该街道下已有社区的编码', en: 'code of an existing community of that street' },
      },
      {
        key: 'code',
        header: { 'zh-CN': '小院编码', en: 'Courtyard code' },
        required: true,
        example: 'XY0001',
        hint: { 'zh-CN': `区内唯一；${CODE_HINT['zh-CN']}`, en: `unique in the district; ${CODE_HINT.en}` },
      },
      {
        key: 'name',
        header: { 'zh-CN': '小院名称', en: 'Courtyard name' },
        required: true,
        example: '幸福里小区 3号院',
        hint: { 'zh-CN': '最多 100 个字符', en: 'at most 100 characters' },
      },
      {
        key: 'type',
        header: { 'zh-CN': '小院类型', en: 'Type' },
        aliases: ['类型'],
        required: true,
        example: '老旧小区',
        hint: {
          'zh-CN': '老旧小区、新建商品房、单位宿舍或其他',
          en: 'OLD_COMPOUND, COMMERCIAL_HOUSING, WORK_UNIT_DORMITORY or OTHER',
        },
        values: COURTYARD_TYPE_VALUES,
      },
      {
        key: 'household_count',
        header: { 'zh-CN': '户数', en: 'Household count' },
        required: true,
        example: '120',
        hint: { 'zh-CN': '不小于 0 的整数', en: 'a whole number, 0 or more' },
      },
      {
        key: 'address',
        header: { 'zh-CN': '地址', en: 'Address' },
        required: false,
        example: '建设路 18号',
        hint: { 'zh-CN': '可选，最多 200 个字符', en: 'optional, at most 200 characters' },
      },
    ],
  },
  [ImportKind.HOUSEHOLDS]: {
    kind: ImportKind.HOUSEHOLDS,
    title: { 'zh-CN': '住户', en: 'Households' },
    columns: [
      COURTYARD_CODE_COLUMN,
      {
        key: 'code',
        header: { 'zh-CN': '户号', en: 'Household code' },
        required: true,
        example: '3-201',
        hint: { 'zh-CN': '小院内唯一，最多 32 个字符', en: 'unique in its courtyard, at most 32 characters' },
      },
      {
        key: 'area_sqm',
        header: { 'zh-CN': '面积', en: 'Area (m²)' },
        aliases: ['面积（平方米）', '面积(平方米)', '面积（㎡）', '面积(㎡)', '建筑面积', 'area'],
        required: false,
        example: '86.5',
        hint: {
          'zh-CN': '可选，平方米，大于 0，最多两位小数',
          en: 'optional, square metres, above 0, at most two decimals',
        },
      },
      {
        key: 'contact_name',
        header: { 'zh-CN': '联系人', en: 'Contact name' },
        aliases: ['联系人姓名'],
        required: false,
        example: '张三',
        hint: { 'zh-CN': '可选，最多 50 个字符（加密保存）', en: 'optional, at most 50 characters (stored encrypted)' },
      },
      {
        key: 'contact_phone',
        header: { 'zh-CN': '联系电话', en: 'Contact phone' },
        aliases: ['电话', '手机号'],
        required: false,
        example: '13812345678',
        hint: {
          'zh-CN': '可选，手机或座机号码（加密保存）',
          en: 'optional, mobile or landline number (stored encrypted)',
        },
      },
    ],
  },
  [ImportKind.ATTENDANCE]: {
    kind: ImportKind.ATTENDANCE,
    title: { 'zh-CN': '活动参与', en: 'Activity attendance' },
    columns: [
      COURTYARD_CODE_COLUMN,
      {
        key: 'held_on',
        header: { 'zh-CN': '活动日期', en: 'Held on' },
        aliases: ['日期'],
        required: true,
        example: '2026-11-08',
        hint: { 'zh-CN': 'YYYY-MM-DD，不晚于今天', en: 'YYYY-MM-DD, not after today' },
      },
      {
        key: 'activity_kind',
        header: { 'zh-CN': '活动类型', en: 'Activity kind' },
        required: true,
        example: '议事会',
        hint: {
          'zh-CN': '议事会、文化活动、志愿服务、培训或其他',
          en: 'DELIBERATION_MEETING, CULTURAL, VOLUNTEER_SERVICE, TRAINING or OTHER',
        },
        values: ACTIVITY_KIND_VALUES,
      },
      {
        key: 'activity_title',
        header: { 'zh-CN': '活动名称', en: 'Activity title' },
        required: true,
        example: '楼道堆物清理议事会',
        hint: {
          'zh-CN': '最多 200 个字符；小院、日期、类型和名称相同的行属于同一活动',
          en: 'at most 200 characters; rows with the same courtyard, date, kind and title form one activity',
        },
      },
      {
        key: 'household_code',
        header: { 'zh-CN': '户号', en: 'Household code' },
        required: true,
        example: '3-201',
        hint: { 'zh-CN': '该小院已登记的户号', en: 'a registered household of the courtyard' },
      },
      {
        key: 'participants',
        header: { 'zh-CN': '参与人数', en: 'Participants' },
        required: false,
        example: '2',
        hint: { 'zh-CN': '可选，不小于 1 的整数，默认 1', en: 'optional, a whole number, 1 or more, default 1' },
      },
      {
        key: 'youth_participants',
        header: { 'zh-CN': '青年人数', en: 'Youth participants' },
        aliases: ['其中青年人数', '青年（18-45岁）人数'],
        required: false,
        example: '1',
        hint: {
          'zh-CN': '可选，18–45 岁的参与人数，0 到参与人数，默认 0',
          en: 'optional, participants aged 18–45, 0 to participants, default 0',
        },
      },
    ],
  },
};

/** How a header is compared: case, spaces, full-width brackets and a required-marker `*` do not matter. */
export function normalizeImportHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[*＊]/g, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

/** Every accepted (normalized) header of a kind → its column key. */
export function importHeaderLookup(kind: ImportKind): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const column of IMPORT_TEMPLATES[kind].columns) {
    for (const header of [column.key, column.header['zh-CN'], column.header.en, ...(column.aliases ?? [])]) {
      lookup.set(normalizeImportHeader(header), column.key);
    }
  }
  return lookup;
}

/** One field of a CSV line (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const CSV_BOM = '\uFEFF';

/**
 * The CSV template of a kind: the header row and one example row, UTF-8 with a BOM (so that Excel
 * opens the Chinese headers correctly), CRLF line ends. `locale` chooses the header language.
 */
export function importTemplateCsv(kind: ImportKind, locale: ImportLocale = 'zh-CN'): Buffer {
  const { columns } = IMPORT_TEMPLATES[kind];
  const lines = [
    columns.map((column) => csvField(column.header[locale])),
    columns.map((column) => csvField(column.example)),
  ];
  return Buffer.from(CSV_BOM + lines.map((line) => line.join(',')).join('\r\n') + '\r\n', 'utf8');
}

/** `households-template.csv` and the like. */
export function importTemplateFilename(kind: ImportKind, extension: 'csv' | 'xlsx' = 'csv'): string {
  return `${kind.toLowerCase()}-template.${extension}`;
}

// ---------------------------------------------------------------------------------- the report

/** Coarse, stable codes (ARCHITECTURE.md's userError codes where one fits). */
export type ImportErrorCode =
  | 'REQUIRED'
  | 'INVALID'
  | 'NOT_FOUND'
  | 'DUPLICATE'
  | 'UNKNOWN_HOUSEHOLD'
  | 'UNKNOWN_COLUMN'
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'BAD_FILE';

export type ImportErrorParams = Record<string, string | number>;

/**
 * One problem of an import, as stored in `imports.errors`. `row` is the row number the user sees
 * in the spreadsheet (the header is row 1); `column` the column key (null for the whole row or
 * file); `reason` the zh-CN message; `code`, `rule` and `params` are stable for programs and for
 * rendering the message in another language (`importErrorMessage`).
 */
export interface ImportError {
  row: number;
  column: string | null;
  code: ImportErrorCode;
  rule: ImportRule;
  params?: ImportErrorParams;
  reason: string;
}

// The message of each rule; `{name}` stands for a param, `{column}` for the column's header.
const MESSAGES = {
  REQUIRED: { 'zh-CN': '{column}不能为空', en: '{column} is required' },
  CODE_PATTERN: {
    'zh-CN': '{column}只能包含字母、数字、“_”和“-”，最多 32 个字符',
    en: '{column} may hold letters, digits, "_" and "-", at most 32 characters',
  },
  TOO_LONG: { 'zh-CN': '{column}最多 {max} 个字符', en: '{column} has at most {max} characters' },
  INTEGER: { 'zh-CN': '{column}必须是整数', en: '{column} must be a whole number' },
  NUMBER: { 'zh-CN': '{column}必须是数字', en: '{column} must be a number' },
  MIN: { 'zh-CN': '{column}不能小于 {min}', en: '{column} must be at least {min}' },
  MAX: { 'zh-CN': '{column}不能大于 {max}', en: '{column} must be at most {max}' },
  POSITIVE: { 'zh-CN': '{column}必须大于 0', en: '{column} must be above 0' },
  DECIMALS: { 'zh-CN': '{column}最多保留 {max} 位小数', en: '{column} has at most {max} decimals' },
  ENUM: { 'zh-CN': '{column}必须是以下之一：{allowed}', en: '{column} must be one of: {allowed}' },
  DATE: { 'zh-CN': '{column}必须是 YYYY-MM-DD 格式的有效日期', en: '{column} must be a valid date YYYY-MM-DD' },
  FUTURE_DATE: { 'zh-CN': '{column}不能晚于今天（{today}）', en: '{column} may not be after today ({today})' },
  YOUTH_ABOVE_PARTICIPANTS: {
    'zh-CN': '{column}不能大于参与人数（{max}）',
    en: '{column} may not exceed the participants ({max})',
  },
  PHONE: { 'zh-CN': '{column}不是有效的电话号码', en: '{column} is not a valid phone number' },
  BAD_CHARACTER: {
    'zh-CN': '第 {field} 列含有不可见的控制字符（如 NUL）或无效字符',
    en: 'field {field} holds a control character (such as NUL) or an invalid character',
  },
  TOO_MANY_FIELDS: {
    'zh-CN': '本行有 {count} 列，多于表头的 {expected} 列',
    en: 'the row has {count} fields, more than the {expected} of the header',
  },
  DUPLICATE_IN_FILE: {
    'zh-CN': '{column}“{value}”与第 {firstRow} 行重复',
    en: '{column} "{value}" repeats row {firstRow}',
  },
  ALREADY_EXISTS: { 'zh-CN': '{column}“{value}”已存在', en: '{column} "{value}" exists already' },
  NOT_FOUND: { 'zh-CN': '{column}“{value}”不存在', en: 'no {column} "{value}"' },
  COMMUNITY_NOT_IN_STREET: {
    'zh-CN': '社区“{value}”不属于街道“{street}”',
    en: 'community "{value}" is not in street "{street}"',
  },
  UNKNOWN_HOUSEHOLD: {
    'zh-CN': '户号“{value}”不是小院“{courtyard}”的住户',
    en: 'household "{value}" is not registered in courtyard "{courtyard}"',
  },
  HOUSEHOLD_TWICE_IN_ACTIVITY: {
    'zh-CN': '户号“{value}”在同一活动中重复（第 {firstRow} 行）',
    en: 'household "{value}" attends the same activity twice (row {firstRow})',
  },
  ACTIVITY_EXISTS: {
    'zh-CN': '该活动已存在（同一小院、日期、类型和名称）',
    en: 'the activity exists already (same courtyard, date, kind and title)',
  },
  UNKNOWN_COLUMN: { 'zh-CN': '未知的列“{header}”', en: 'unknown column "{header}"' },
  MISSING_COLUMN: { 'zh-CN': '缺少必填列“{column}”', en: 'the required column "{column}" is missing' },
  DUPLICATE_COLUMN: { 'zh-CN': '列“{header}”重复', en: 'column "{header}" appears twice' },
  NO_HEADER: { 'zh-CN': '文件是空的：没有表头', en: 'the file is empty: no header row' },
  NO_ROWS: { 'zh-CN': '文件没有数据行', en: 'the file has no data rows' },
  NOT_UTF8: {
    'zh-CN': '文件不是 UTF-8 编码（在 Excel 中请另存为“CSV UTF-8（逗号分隔）”）',
    en: 'the file is not UTF-8 (in Excel, save as "CSV UTF-8 (Comma delimited)")',
  },
  UNCLOSED_QUOTE: { 'zh-CN': '引号没有闭合', en: 'a quote is not closed' },
  TEXT_AFTER_QUOTE: {
    'zh-CN': '引号后有多余的字符（字段中的引号请写成两个引号 ""）',
    en: 'text after a closing quote (write a quote inside a field as "")',
  },
  UNREADABLE_XLSX: { 'zh-CN': '无法读取 XLSX 文件：{detail}', en: 'cannot read the XLSX file: {detail}' },
  ROW_TOO_LONG: {
    'zh-CN': '本行超过 {max} KB（是否有引号没有闭合？）',
    en: 'the row is longer than {max} KB (is a quote not closed?)',
  },
  TOO_MANY_COLUMNS: { 'zh-CN': '超过 {max} 列', en: 'more than {max} columns' },
  TOO_MANY_ROWS: { 'zh-CN': '文件超过 {max} 行数据', en: 'the file has more than {max} data rows' },
  NOT_XLSX: {
    'zh-CN': '文件不是 XLSX 工作簿（文件名以 .xlsx 结尾，内容却不是）',
    en: 'the file is not an XLSX workbook although its name ends in .xlsx',
  },
  NOT_CSV: {
    'zh-CN': '文件不是 CSV 文本（文件名以 .csv 结尾，内容却是压缩包或 Excel 工作簿）',
    en: 'the file is not CSV text although its name ends in .csv (it is a zip or an Excel workbook)',
  },
  UNCOMPRESSED_TOO_LARGE: {
    'zh-CN': 'XLSX 文件解压后超过 {max} MB',
    en: 'the XLSX file is larger than {max} MB once uncompressed',
  },
  SHARED_STRINGS_TOO_LARGE: {
    'zh-CN': 'XLSX 文件的文本（共享字符串）超过 {max} MB',
    en: 'the text of the XLSX file (its shared strings) is larger than {max} MB',
  },
} as const satisfies Record<string, Localized>;

/** The precise rule a row broke; with `params` it renders the message in either language. */
export type ImportRule = keyof typeof MESSAGES;

/** The header of a column key in a kind's template, for messages (the key itself when unknown). */
export function importColumnLabel(kind: ImportKind, key: string, locale: ImportLocale = 'zh-CN'): string {
  return IMPORT_TEMPLATES[kind].columns.find((column) => column.key === key)?.header[locale] ?? key;
}

/** The message of a rule in a language: `{column}` is the column's header in that language. */
export function importErrorMessage(
  kind: ImportKind,
  error: Pick<ImportError, 'rule' | 'column' | 'params'>,
  locale: ImportLocale = 'zh-CN',
): string {
  const params: ImportErrorParams = { ...error.params };
  // only the messages about one column say `{column}`
  if (error.column) params.column = importColumnLabel(kind, error.column, locale);
  return MESSAGES[error.rule][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
