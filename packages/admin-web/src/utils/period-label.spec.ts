import { describe, expect, it } from 'vitest';
import { periodLabel } from './period-label';

describe('periodLabel', () => {
  it('labels periods in both languages', () => {
    expect(periodLabel('2026-10', 'zh-CN')).toBe('2026年10月');
    expect(periodLabel('2026-Q4', 'zh-CN')).toBe('2026年第4季度');
    expect(periodLabel('2026-Q4', 'en')).toBe('Q4 2026');
    expect(periodLabel('2026', 'en')).toBe('2026');
    expect(periodLabel('2026', 'zh-CN')).toBe('2026年');
  });

  it('leaves what is not a period as it is', () => {
    expect(periodLabel('bad', 'en')).toBe('bad');
  });
});
