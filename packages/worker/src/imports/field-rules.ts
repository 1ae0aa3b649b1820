import { type ImportColumnValue, isCalendarDate } from '@xiaoyuan/schema';
import type { Flag } from './import-report';

// Checks of one field, in JS while the file is read. Each returns the value to stage (null when
// empty or invalid) and flags what is wrong. Values arrive trimmed; '' means empty.

/** the largest value of a PostgreSQL `integer` column */
export const INT4_MAX = 2_147_483_647;

const CODE = /^[A-Za-z0-9_-]{1,32}$/;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const PHONE = /^\+?[0-9][0-9 ()-]{2,24}$/;
const DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;

interface Presence {
  required?: boolean;
}

function present(value: string, column: string, flag: Flag, { required }: Presence): boolean {
  if (value !== '') return true;
  if (required) flag(column, 'REQUIRED', 'REQUIRED');
  return false;
}

/** free text of at most `max` characters (counted as the user counts them) */
export function text(value: string, column: string, flag: Flag, options: Presence & { max: number }): string | null {
  if (!present(value, column, flag, options)) return null;
  if ([...value].length > options.max) {
    flag(column, 'INVALID', 'TOO_LONG', { max: options.max });
    return null;
  }
  return value;
}

/** a code of streets, communities and courtyards: letters, digits, `_`, `-`, at most 32 */
export function code(value: string, column: string, flag: Flag, options: Presence = { required: true }): string | null {
  if (!present(value, column, flag, options)) return null;
  if (!CODE.test(value)) {
    flag(column, 'INVALID', 'CODE_PATTERN');
    return null;
  }
  return value;
}

/** a whole number within [min, max]; empty gives `fallback` */
export function integer(
  value: string,
  column: string,
  flag: Flag,
  options: Presence & { min: number; max: number; fallback?: number },
): number | null {
  if (!present(value, column, flag, options)) return options.fallback ?? null;
  // "12.0" as a spreadsheet may write a whole number
  const whole = /^[+-]?\d+\.0*$/.test(value) ? value.slice(0, value.indexOf('.')) : value;
  if (!INTEGER.test(whole)) {
    flag(column, 'INVALID', 'INTEGER');
    return null;
  }
  const number = Number(whole);
  if (number < options.min) {
    flag(column, 'INVALID', 'MIN', { min: options.min });
    return null;
  }
  if (number > options.max) {
    flag(column, 'INVALID', 'MAX', { max: options.max });
    return null;
  }
  return number;
}

/**
 * An exact decimal above 0 with at most `decimals` places, below `below` (numeric(10, 2) holds
 * less than 10^8); kept as text so no float rounding touches it.
 */
export function positiveDecimal(
  value: string,
  column: string,
  flag: Flag,
  options: Presence & { decimals: number; below: number },
): string | null {
  if (!present(value, column, flag, options)) return null;
  if (!DECIMAL.test(value)) {
    flag(column, 'INVALID', 'NUMBER');
    return null;
  }
  const number = Number(value);
  if (!(number > 0)) {
    flag(column, 'INVALID', 'POSITIVE');
    return null;
  }
  const fraction = value.includes('.') ? value.slice(value.indexOf('.') + 1).replace(/0+$/, '') : '';
  if (fraction.length > options.decimals) {
    flag(column, 'INVALID', 'DECIMALS', { max: options.decimals });
    return null;
  }
  if (number >= options.below) {
    flag(column, 'INVALID', 'MAX', { max: (options.below - 10 ** -options.decimals).toFixed(options.decimals) });
    return null;
  }
  return value.replace(/^\+/, '');
}

/** one of an enumeration: its value (any case) or its zh-CN or English label */
export function choice(
  value: string,
  column: string,
  flag: Flag,
  values: readonly ImportColumnValue[],
  options: Presence = { required: true },
): string | null {
  if (!present(value, column, flag, options)) return null;
  const wanted = value.toLowerCase();
  const match = values.find(
    (candidate) =>
      candidate.value.toLowerCase() === wanted ||
      candidate.label['zh-CN'] === value ||
      candidate.label.en.toLowerCase() === wanted,
  );
  if (!match) {
    flag(column, 'INVALID', 'ENUM', { allowed: values.map((candidate) => candidate.label['zh-CN']).join('、') });
    return null;
  }
  return match.value;
}

/**
 * A calendar date, `YYYY-MM-DD`; also `YYYY/M/D` (how Excel writes dates into a CSV in China).
 * With `notAfter` (today in the district), a later date is refused.
 */
export function date(
  value: string,
  column: string,
  flag: Flag,
  options: Presence & { notAfter?: string },
): string | null {
  if (!present(value, column, flag, options)) return null;
  const match = DATE.exec(value);
  const normalized = match ? `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}` : '';
  if (!match || !isCalendarDate(normalized)) {
    flag(column, 'INVALID', 'DATE');
    return null;
  }
  if (options.notAfter && normalized > options.notAfter) {
    flag(column, 'INVALID', 'FUTURE_DATE', { today: options.notAfter });
    return null;
  }
  return normalized;
}

/** a mobile or landline number: digits with spaces, `-`, brackets, an optional leading `+` */
export function phone(value: string, column: string, flag: Flag, options: Presence = {}): string | null {
  if (!present(value, column, flag, options)) return null;
  if (!PHONE.test(value) || value.replace(/\D/g, '').length < 3) {
    flag(column, 'INVALID', 'PHONE');
    return null;
  }
  return value;
}
