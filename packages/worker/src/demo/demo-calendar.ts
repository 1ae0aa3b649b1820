import { daysInMonth } from '@xiaoyuan/schema';

// Local calendar arithmetic for the demo records. Dates are `YYYY-MM-DD`, times local
// `YYYY-MM-DD HH:MM:SS` in the district's zone; both are compared as text. The arithmetic treats
// local time as if it were UTC, which is exact for zones without daylight saving (Asia/Shanghai).

const DAY = 86_400_000;
const pad = (value: number) => String(value).padStart(2, '0');

const toMs = (date: string) => Date.parse(`${date.slice(0, 10)}T${date.length > 10 ? date.slice(11) : '00:00:00'}Z`);

function formatDate(ms: number): string {
  const date = new Date(ms);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function formatTime(ms: number): string {
  const date = new Date(ms);
  return `${formatDate(ms)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

export function addDays(date: string, days: number): string {
  return formatDate(toMs(date) + days * DAY);
}

/** whole days from `from` to `to` (negative when `to` is earlier) */
export function daysBetween(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY);
}

/** a local time `hours` after a local date or time, to the second */
export function addHours(time: string, hours: number): string {
  return formatTime(toMs(time) + Math.round(hours * 3600) * 1000);
}

/** hours from one local time to another */
export function hoursBetween(from: string, to: string): number {
  return (toMs(to) - toMs(from)) / 3_600_000;
}

/** the local time of day `hours` (e.g. 9.5 = 09:30) on `date` */
export function at(date: string, hours: number): string {
  return addHours(date, hours);
}

export function minText<T extends string>(a: T, b: T): T {
  return a < b ? a : b;
}

export function maxText<T extends string>(a: T, b: T): T {
  return a > b ? a : b;
}

/** The first day of the month `months` before the month of `date`. */
export function firstDayMonthsBefore(date: string, months: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - months;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
}

export function monthLength(date: string): number {
  return daysInMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7)));
}
