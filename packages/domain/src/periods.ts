/**
 * Reporting periods (DOMAIN.md §6): a month `2026-10`, a quarter `2026-Q4` or a year `2026`.
 * Boundaries are local calendar dates (`YYYY-MM-DD`) in the district's time zone.
 */
export type PeriodKind = 'MONTH' | 'QUARTER' | 'YEAR';

export const PERIOD_KINDS: readonly PeriodKind[] = ['MONTH', 'QUARTER', 'YEAR'];

export interface Period {
  kind: PeriodKind;
  /** canonical text: `2026-10`, `2026-Q4`, `2026` */
  key: string;
  year: number;
  /** 1–12 for a month, 1–4 for a quarter, 1 for a year */
  index: number;
  /** first day, inclusive */
  start: string;
  /** last day, inclusive */
  end: string;
  /** the months it spans, `YYYY-MM` */
  months: string[];
}

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number) => String(n).padStart(2, '0');
const monthKey = (year: number, month: number) => `${year}-${pad(month)}`;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function span(kind: PeriodKind, key: string, year: number, index: number): Period {
  const monthCount = kind === 'MONTH' ? 1 : kind === 'QUARTER' ? 3 : 12;
  const firstMonth = (index - 1) * monthCount + 1;
  const lastMonth = firstMonth + monthCount - 1;
  const months = Array.from({ length: monthCount }, (_, i) => monthKey(year, firstMonth + i));
  return {
    kind,
    key,
    year,
    index,
    start: `${year}-${pad(firstMonth)}-01`,
    end: `${year}-${pad(lastMonth)}-${pad(daysInMonth(year, lastMonth))}`,
    months,
  };
}

/** Parses a period; returns null when the text is not one. */
export function parsePeriod(text: string): Period | null {
  const match = PERIOD.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 1900 || year > 2999) return null;
  if (match[2]) return span('MONTH', text, year, Number(match[2]));
  if (match[3]) return span('QUARTER', text, year, Number(match[3]));
  return span('YEAR', text, year, 1);
}

/** A real calendar date `YYYY-MM-DD` (rejects 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1900 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Formatters by options object and time zone, made once: building one costs far more than using it. */
const formatters = new Map<Intl.DateTimeFormatOptions, Map<string, Intl.DateTimeFormat>>();

/**
 * The `en-CA` formatter of a time zone with these options, made on first use. `options` must be a
 * constant (the cache is keyed by the object); the zones are the districts' few.
 */
export function zoneFormatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let byZone = formatters.get(options);
  if (!byZone) formatters.set(options, (byZone = new Map()));
  let formatter = byZone.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { ...options, timeZone });
    byZone.set(timeZone, formatter);
  }
  return formatter;
}

const DATE_PARTS: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };

/** Today's date in a time zone, `YYYY-MM-DD`. */
export function localDate(timeZone: string, now: Date = new Date()): string {
  return zoneFormatter(timeZone, DATE_PARTS).format(now);
}

/** Whether a local date lies after today (record dates may not). */
export function isFutureDate(date: string, today: string): boolean {
  return date > today;
}

/** A period is closed once its last day has passed in the district's time zone. */
export function isClosed(period: Period, today: string): boolean {
  return period.end < today;
}

export function monthOf(date: string): Period {
  return parsePeriod(date.slice(0, 7)) as Period;
}

/** The key of a period of a kind and its index within the year (`MONTH`, 10 → `2026-10`). */
function periodKey(kind: PeriodKind, year: number, index: number): string {
  if (kind === 'MONTH') return monthKey(year, index);
  if (kind === 'QUARTER') return `${year}-Q${index}`;
  return String(year);
}

/** The period of a kind that contains a date (`2026-11-08`, QUARTER → `2026-Q4`). */
export function periodContaining(kind: PeriodKind, date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return periodKey(kind, year, kind === 'MONTH' ? month : kind === 'QUARTER' ? Math.ceil(month / 3) : 1);
}

/** The same kind of period `delta` steps later (negative: earlier); text that is no period is returned as is. */
export function shiftPeriod(period: string, delta: number): string {
  const parsed = parsePeriod(period);
  if (!parsed) return period;
  const size = parsed.kind === 'MONTH' ? 12 : parsed.kind === 'QUARTER' ? 4 : 1;
  const position = parsed.year * size + (parsed.index - 1) + delta;
  return periodKey(parsed.kind, Math.floor(position / size), (position % size) + 1);
}

/** The period of the same kind just before. */
export function previousPeriod(period: Period): Period {
  return parsePeriod(shiftPeriod(period.key, -1)) as Period;
}

/** The month, quarter and year that contain a date. */
export function periodsContaining(date: string): Period[] {
  return PERIOD_KINDS.map((kind) => parsePeriod(periodContaining(kind, date)) as Period);
}

/** The `count` periods of a kind ending with the one containing today, newest first (the period pickers' choices). */
export function recentPeriods(kind: PeriodKind, today: string, count: number): string[] {
  const latest = periodContaining(kind, today);
  return Array.from({ length: count }, (_value, step) => shiftPeriod(latest, -step));
}
