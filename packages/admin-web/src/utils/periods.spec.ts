import { describe, expect, it } from 'vitest';
import {
  isFutureDate,
  parsePeriod,
  periodBounds,
  periodContaining,
  periodLabel,
  recentPeriods,
  shiftPeriod,
  todayIn,
} from './periods';

describe('periods', () => {
  it('parses the three kinds and refuses anything else', () => {
    expect(parsePeriod('2026-10')).toEqual({ kind: 'MONTH', year: 2026, index: 10 });
    expect(parsePeriod('2026-Q4')).toEqual({ kind: 'QUARTER', year: 2026, index: 4 });
    expect(parsePeriod('2026')).toEqual({ kind: 'YEAR', year: 2026, index: 1 });
    expect(parsePeriod('2026-13')).toBeNull();
    expect(parsePeriod('2026-Q5')).toBeNull();
    expect(parsePeriod('26-01')).toBeNull();
  });

  it('finds the period containing a date', () => {
    expect(periodContaining('MONTH', '2026-11-08')).toBe('2026-11');
    expect(periodContaining('QUARTER', '2026-11-08')).toBe('2026-Q4');
    expect(periodContaining('QUARTER', '2026-01-01')).toBe('2026-Q1');
    expect(periodContaining('YEAR', '2026-11-08')).toBe('2026');
  });

  it('steps across year ends', () => {
    expect(shiftPeriod('2026-01', -1)).toBe('2025-12');
    expect(shiftPeriod('2026-12', 1)).toBe('2027-01');
    expect(shiftPeriod('2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftPeriod('2026-Q4', 5)).toBe('2028-Q1');
    expect(shiftPeriod('2026', -2)).toBe('2024');
  });

  it('gives the first and last day of a period, leap years included', () => {
    expect(periodBounds('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodBounds('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodBounds('2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodBounds('bad')).toBeNull();
  });

  it('lists recent periods, newest first', () => {
    expect(recentPeriods('MONTH', '2026-02-15', 3)).toEqual(['2026-02', '2026-01', '2025-12']);
    expect(recentPeriods('QUARTER', '2026-02-15', 2)).toEqual(['2026-Q1', '2025-Q4']);
  });

  it('labels periods in both languages', () => {
    expect(periodLabel('2026-10', 'zh-CN')).toBe('2026年10月');
    expect(periodLabel('2026-Q4', 'zh-CN')).toBe('2026年第4季度');
    expect(periodLabel('2026-Q4', 'en')).toBe('Q4 2026');
    expect(periodLabel('2026', 'en')).toBe('2026');
  });

  it("reads today's date in the district's time zone", () => {
    const instant = new Date('2026-10-31T17:30:00Z');
    expect(todayIn('Asia/Shanghai', instant)).toBe('2026-11-01');
    expect(todayIn('UTC', instant)).toBe('2026-10-31');
    expect(isFutureDate('2026-11-02', '2026-11-01')).toBe(true);
    expect(isFutureDate('2026-11-01', '2026-11-01')).toBe(false);
  });
});
