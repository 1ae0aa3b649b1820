import { describe, expect, it } from 'vitest';
import { defaultClosesAt, formatRatio } from './vote-display';

describe('vote display', () => {
  it('formats ratios as percentages', () => {
    expect(formatRatio(2 / 3)).toBe('66.7%');
    expect(formatRatio(1)).toBe('100.0%');
    expect(formatRatio(null)).toBe('—');
  });

  it('proposes a close a week later on the hour', () => {
    expect(defaultClosesAt(new Date(2026, 10, 2, 9, 41, 12))).toBe('2026-11-09T09:00:00');
  });
});
