import { describe, expect, it } from 'vitest';
import { usePeriodPicker } from './use-period-picker';

describe('usePeriodPicker', () => {
  it('starts at the current month and switches kind to the current quarter or year', () => {
    const picker = usePeriodPicker(() => '2026-11-08');
    expect(picker.period.value).toBe('2026-11');
    expect(picker.options.value.slice(0, 3)).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(picker.options.value).toHaveLength(24);

    picker.setKind('QUARTER');
    expect(picker.period.value).toBe('2026-Q4');
    expect(picker.options.value.slice(0, 2)).toEqual(['2026-Q4', '2026-Q3']);

    picker.setKind('YEAR');
    expect(picker.period.value).toBe('2026');
    expect(picker.options.value).toEqual(['2026', '2025', '2024', '2023', '2022', '2021']);
  });
});
