// Reporting periods as the API writes them (`Period` scalar): "2026-10" (month), "2026-Q4"
// (quarter), "2026" (year). Dates are local calendar dates "YYYY-MM-DD" in the district's zone.

export type PeriodKind = 'MONTH' | 'QUARTER' | 'YEAR';

export interface PeriodParts {
  kind: PeriodKind;
  year: number;
  /** 1–12 for a month, 1–4 for a quarter, 1 for a year */
  index: number;
}

export const PERIOD_KINDS: readonly PeriodKind[] = ['MONTH', 'QUARTER', 'YEAR'];

const pad2 = (value: number) => String(value).padStart(2, '0');

export function parsePeriod(text: string): PeriodParts | null {
  let match = /^(\d{4})-(\d{2})$/.exec(text);
  if (match) {
    const month = Number(match[2]);
    return month >= 1 && month <= 12 ? { kind: 'MONTH', year: Number(match[1]), index: month } : null;
  }
  match = /^(\d{4})-Q([1-4])$/.exec(text);
  if (match) return { kind: 'QUARTER', year: Number(match[1]), index: Number(match[2]) };
  match = /^(\d{4})$/.exec(text);
  if (match) return { kind: 'YEAR', year: Number(match[1]), index: 1 };
  return null;
}

export function formatPeriod(parts: PeriodParts): string {
  if (parts.kind === 'MONTH') return `${parts.year}-${pad2(parts.index)}`;
  if (parts.kind === 'QUARTER') return `${parts.year}-Q${parts.index}`;
  return String(parts.year);
}

/** The period of a kind that contains a date ("2026-11-08", QUARTER → "2026-Q4"). */
export function periodContaining(kind: PeriodKind, date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === 'MONTH') return `${year}-${pad2(month)}`;
  if (kind === 'QUARTER') return `${year}-Q${Math.ceil(month / 3)}`;
  return String(year);
}

/** The same kind of period `delta` steps later (negative: earlier). */
export function shiftPeriod(period: string, delta: number): string {
  const parts = parsePeriod(period);
  if (!parts) return period;
  const size = parts.kind === 'MONTH' ? 12 : parts.kind === 'QUARTER' ? 4 : 1;
  const position = parts.year * size + (parts.index - 1) + delta;
  return formatPeriod({ kind: parts.kind, year: Math.floor(position / size), index: (position % size) + 1 });
}

/** First and last local date of a period. */
export function periodBounds(period: string): { from: string; to: string } | null {
  const parts = parsePeriod(period);
  if (!parts) return null;
  const [firstMonth, lastMonth] =
    parts.kind === 'MONTH'
      ? [parts.index, parts.index]
      : parts.kind === 'QUARTER'
        ? [parts.index * 3 - 2, parts.index * 3]
        : [1, 12];
  const lastDay = new Date(Date.UTC(parts.year, lastMonth, 0)).getUTCDate();
  return { from: `${parts.year}-${pad2(firstMonth)}-01`, to: `${parts.year}-${pad2(lastMonth)}-${pad2(lastDay)}` };
}

/** Today's local date in a time zone (the district's; `Asia/Shanghai` by default). */
export function todayIn(timeZone = 'Asia/Shanghai', now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      now,
    );
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  }
}

/** Whether a local date lies after today (record dates may not). */
export function isFutureDate(date: string, today: string): boolean {
  return date > today;
}

/** A label for a period in the interface language's style. */
export function periodLabel(period: string, locale: string): string {
  const parts = parsePeriod(period);
  if (!parts) return period;
  const zh = locale.startsWith('zh');
  if (parts.kind === 'MONTH') return zh ? `${parts.year}年${parts.index}月` : `${period}`;
  if (parts.kind === 'QUARTER') return zh ? `${parts.year}年第${parts.index}季度` : `Q${parts.index} ${parts.year}`;
  return zh ? `${parts.year}年` : String(parts.year);
}

/** The period picker's choices: the `count` periods of a kind ending with the one containing today. */
export function recentPeriods(kind: PeriodKind, today: string, count: number): string[] {
  const latest = periodContaining(kind, today);
  return Array.from({ length: count }, (_value, step) => shiftPeriod(latest, -step));
}
