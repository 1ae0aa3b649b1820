import { progressPercent } from './jobs.service';

describe('progressPercent', () => {
  it('keeps percentages and turns steps into one', () => {
    expect(progressPercent(42)).toBe(42);
    expect(progressPercent({ done: 3, total: 12, period: '2026-03' })).toBe(25);
    expect(progressPercent({ done: 0, total: 0 })).toBeNull();
    expect(progressPercent(undefined)).toBeNull();
    expect(progressPercent(Number.NaN)).toBeNull();
  });
});
