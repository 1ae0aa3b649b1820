import { describe, expect, it } from 'vitest';
import { nextBatchNumber, phasePercent } from './rollout-display';
import { errorsByCourtyard } from './use-enrol-courtyards';

describe('errorsByCourtyard', () => {
  it('puts ALREADY_ENROLLED errors on the courtyard at the index the field names', () => {
    const { byCourtyard, rest } = errorsByCourtyard(
      [
        { field: ['input', 'courtyardIds', '1'], message: '已在第 1 批', code: 'ALREADY_ENROLLED' },
        { field: ['input', 'enrolledOn'], message: '日期无效', code: 'INVALID' },
        { field: ['input', 'courtyardIds', '7'], message: '越界', code: 'NOT_FOUND' },
        { field: null, message: '没有权限', code: 'FORBIDDEN' },
      ],
      ['a', 'b'],
    );
    expect(byCourtyard).toEqual({ b: ['已在第 1 批'] });
    expect(rest.map((error) => error.message)).toEqual(['日期无效', '越界', '没有权限']);
  });
});

describe('rollout display helpers', () => {
  it('caps the phase progress at 100 and copes with a zero target', () => {
    expect(phasePercent(15, 30)).toBe(50);
    expect(phasePercent(45, 30)).toBe(100);
    expect(phasePercent(0, 0)).toBe(0);
    expect(phasePercent(1, 0)).toBe(100);
  });

  it('proposes the batch after the last one', () => {
    expect(nextBatchNumber([])).toBe(1);
    expect(nextBatchNumber([{ number: 1 }, { number: 3 }])).toBe(4);
  });
});
