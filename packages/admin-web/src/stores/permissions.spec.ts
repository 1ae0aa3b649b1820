import { describe, expect, it } from 'vitest';
import { canHandleAlert, homeRouteFor } from './permissions';

// What each role may do (permissionsFor) is the domain's matrix, tested in packages/domain.
describe('homeRouteFor', () => {
  it('lands the platform operator on the districts and every district role on the dashboard', () => {
    expect(homeRouteFor('PLATFORM_ADMIN')).toBe('districts');
    for (const role of [
      'DISTRICT_ADMIN',
      'STREET_OFFICER',
      'COMMUNITY_WORKER',
      'COURTYARD_COMMITTEE',
      'VIEWER',
    ] as const) {
      expect(homeRouteFor(role), role).toBe('dashboard');
    }
  });
});

describe('canHandleAlert', () => {
  const street = { __typename: 'Street' as const, id: 'S1', name: '东街' };
  const otherStreet = { __typename: 'Street' as const, id: 'S2', name: '西街' };
  const community = { __typename: 'Community' as const, id: 'C1', name: '一社区' };
  const red = { level: 'RED' as const, status: 'OPEN', assignedTo: { __typename: 'Street', id: 'S1' } };
  const yellow = { level: 'YELLOW' as const, status: 'OPEN', assignedTo: { __typename: 'Community', id: 'C1' } };

  it('lets the street officer of the assigned street handle a red alert, not another street', () => {
    expect(canHandleAlert({ role: 'STREET_OFFICER', scope: street }, red)).toBe(true);
    expect(canHandleAlert({ role: 'STREET_OFFICER', scope: otherStreet }, red)).toBe(false);
    expect(canHandleAlert({ role: 'COMMUNITY_WORKER', scope: community }, red)).toBe(false);
  });

  it('lets the community worker of the assigned community handle a yellow alert, not the street officer', () => {
    expect(canHandleAlert({ role: 'COMMUNITY_WORKER', scope: community }, yellow)).toBe(true);
    expect(canHandleAlert({ role: 'STREET_OFFICER', scope: street }, yellow)).toBe(false);
    expect(canHandleAlert({ role: 'COMMUNITY_WORKER', scope: { ...community, id: 'C2' } }, yellow)).toBe(false);
  });

  it('lets the district admin handle any unresolved alert, the viewer none, and nobody a resolved one', () => {
    expect(canHandleAlert({ role: 'DISTRICT_ADMIN' }, red)).toBe(true);
    expect(canHandleAlert({ role: 'DISTRICT_ADMIN' }, yellow)).toBe(true);
    expect(canHandleAlert({ role: 'VIEWER' }, red)).toBe(false);
    expect(canHandleAlert({ role: 'DISTRICT_ADMIN' }, { ...red, status: 'RESOLVED' })).toBe(false);
    expect(canHandleAlert(null, red)).toBe(false);
  });
});
