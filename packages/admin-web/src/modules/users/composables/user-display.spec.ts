import { describe, expect, it } from 'vitest';
import { needsUnitChoice, rolesManagedBy, unitKindOf } from './user-display';
import { toUserFilter } from './use-users-page';

describe('user display rules', () => {
  it("names the unit kind of a scoped role, none for the district's roles", () => {
    expect(unitKindOf('STREET_OFFICER')).toBe('Street');
    expect(unitKindOf('COMMUNITY_WORKER')).toBe('Community');
    expect(unitKindOf('COURTYARD_COMMITTEE')).toBe('Courtyard');
    expect(unitKindOf('DISTRICT_ADMIN')).toBeNull();
    expect(unitKindOf('VIEWER')).toBeNull();
    expect(unitKindOf('')).toBeNull();
  });

  it('offers the roles the signed-in role manages (the domain matrix)', () => {
    expect(rolesManagedBy('STREET_OFFICER')).toEqual(['COMMUNITY_WORKER', 'COURTYARD_COMMITTEE']);
    expect(rolesManagedBy('DISTRICT_ADMIN')).toContain('VIEWER');
    expect(rolesManagedBy('DISTRICT_ADMIN')).not.toContain('PLATFORM_ADMIN');
    expect(rolesManagedBy('COMMUNITY_WORKER')).toEqual([]);
    expect(rolesManagedBy(null)).toEqual([]);
  });

  it("asks for a unit unless the user's own already fits the role", () => {
    const worker = { scope: { __typename: 'Community' as const, id: 'Q29tbXVuaXR5OjE=', name: '幸福社区' } };
    expect(needsUnitChoice('COMMUNITY_WORKER', undefined)).toBe(true);
    expect(needsUnitChoice('COMMUNITY_WORKER', worker)).toBe(false);
    expect(needsUnitChoice('COURTYARD_COMMITTEE', worker)).toBe(true);
    expect(needsUnitChoice('VIEWER', worker)).toBe(false);
    expect(needsUnitChoice('', undefined)).toBe(false);
  });

  it("builds the list's filter from the form, leaving empty choices out", () => {
    expect(toUserFilter({ search: '  ', role: '', status: '' })).toEqual({});
    expect(toUserFilter({ search: ' 王 ', role: 'VIEWER', status: 'DISABLED' })).toEqual({
      search: '王',
      role: 'VIEWER',
      disabled: true,
    });
    expect(toUserFilter({ search: '', role: '', status: 'ACTIVE' })).toEqual({ disabled: false });
  });
});
