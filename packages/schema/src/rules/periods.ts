/**
 * Reporting periods (DOMAIN.md §6): a month `2026-10`, a quarter `2026-Q4` or a year `2026`.
 * Boundaries are local calendar dates (`YYYY-MM-DD`) in the district's time zone.
 */
export type PeriodKind = 'MONTH' | 'QUARTER' | 'YEAR';

export interface Period {
  kind: PeriodKind;
  /** canonical text: `2026-10`, `2026-Q4`, `2026` */
  key: string;
  year: number;
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

function span(kind: PeriodKind, key: string, year: number, firstMonth: number, monthCount: number): Period {
  const lastMonth = firstMonth + monthCount - 1;
  const months = Array.from({ length: monthCount }, (_, i) => monthKey(year, firstMonth + i));
  return {
    kind,
    key,
    year,
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
  if (match[2]) return span('MONTH', text, year, Number(match[2]), 1);
  if (match[3]) return span('QUARTER', text, year, (Number(match[3]) - 1) * 3 + 1, 3);
  return span('YEAR', text, year, 1, 12);
}

/** A real calendar date `YYYY-MM-DD` (rejects 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1900 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Today's date in a time zone, `YYYY-MM-DD`. */
export function localDate(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A period is closed once its last day has passed in the district's time zone. */
export function isClosed(period: Period, today: string): boolean {
  return period.end < today;
}

export function monthOf(date: string): Period {
  return parsePeriod(date.slice(0, 7)) as Period;
}

/** The period of the same kind just before. */
export function previousPeriod(period: Period): Period {
  if (period.kind === 'YEAR') return parsePeriod(String(period.year - 1)) as Period;
  if (period.kind === 'QUARTER') {
    const quarter = Number(period.key.slice(-1));
    return parsePeriod(quarter === 1 ? `${period.year - 1}-Q4` : `${period.year}-Q${quarter - 1}`) as Period;
  }
  const month = Number(period.key.slice(5, 7));
  return parsePeriod(month === 1 ? `${period.year - 1}-12` : monthKey(period.year, month - 1)) as Period;
}

/** The month, quarter and year that contain a date. */
export function periodsContaining(date: string): Period[] {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return [
    parsePeriod(monthKey(year, month)) as Period,
    parsePeriod(`${year}-Q${Math.floor((month - 1) / 3) + 1}`) as Period,
    parsePeriod(String(year)) as Period,
  ];
}
