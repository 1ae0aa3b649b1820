import { describe, expect, it } from 'vitest';
import { mapUserErrors } from './user-errors';

describe('mapUserErrors', () => {
  it('puts an error on the form item named by the last element of its field path', () => {
    const result = mapUserErrors(
      [{ field: ['input', 'code'], message: '编码已存在', code: 'DUPLICATE' }],
      ['name', 'code'],
    );
    expect(result).toEqual({ fieldErrors: { code: '编码已存在' }, formErrors: [] });
  });

  it('prefers a nested form item matching the whole path', () => {
    const result = mapUserErrors(
      [{ field: ['input', 'households', '2', 'code'], message: 'Duplicate code', code: 'DUPLICATE' }],
      ['households.0.code', 'households.2.code', 'code'],
    );
    expect(result.fieldErrors).toEqual({ 'households.2.code': 'Duplicate code' });
  });

  it('falls back to the last element for nested paths the form does not have', () => {
    const result = mapUserErrors(
      [{ field: ['input', 'courtyard', 'householdCount'], message: 'Must be ≥ 0', code: 'INVALID' }],
      ['householdCount'],
    );
    expect(result.fieldErrors).toEqual({ householdCount: 'Must be ≥ 0' });
  });

  it('keeps errors without a matching item (or without a field) for the form as a whole', () => {
    const result = mapUserErrors(
      [
        { field: null, message: '没有权限', code: 'FORBIDDEN' },
        { field: ['input', 'somethingElse'], message: 'Other', code: 'INVALID' },
        { field: [], message: 'Empty path', code: 'INVALID' },
      ],
      ['name'],
    );
    expect(result.fieldErrors).toEqual({});
    expect(result.formErrors).toEqual(['没有权限', 'Other', 'Empty path']);
  });

  it('joins several messages for the same item', () => {
    const result = mapUserErrors(
      [
        { field: ['input', 'code'], message: 'Too long', code: 'INVALID' },
        { field: ['input', 'code'], message: 'Taken', code: 'DUPLICATE' },
      ],
      ['code'],
    );
    expect(result.fieldErrors.code).toBe('Too long; Taken');
  });
});
