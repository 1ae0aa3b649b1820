import { describe, expect, it } from 'vitest';
import { canHandleAlert, homeRouteFor, permissionsFor } from './permissions';

describe('permissionsFor', () => {
  it('gives the platform operator the districts only', () => {
    const permissions = permissionsFor('PLATFORM_ADMIN');
    expect(permissions.viewDistricts).toBe(true);
    expect(permissions.viewHierarchy).toBe(false);
    expect(homeRouteFor('PLATFORM_ADMIN')).toBe('districts');
  });

  it('lets a viewer read the hierarchy, the rollout board, the dashboard, alerts and targets and write nothing', () => {
    const permissions = permissionsFor('VIEWER');
    expect(permissions.viewHierarchy).toBe(true);
    expect(
      Object.entries(permissions)
        .filter(([, allowed]) => allowed)
        .map(([key]) => key),
    ).toEqual(['viewHierarchy', 'viewRollout', 'viewDashboard', 'viewAlerts', 'viewKpiTargets']);
  });

  it('leaves the rollout to the district admin and records to every writing role', () => {
    expect(permissionsFor('DISTRICT_ADMIN').manageRollout).toBe(true);
    expect(permissionsFor('STREET_OFFICER').viewRollout).toBe(false);
    expect(permissionsFor('STREET_OFFICER').manageRollout).toBe(false);
    for (const role of ['DISTRICT_ADMIN', 'STREET_OFFICER', 'COMMUNITY_WORKER', 'COURTYARD_COMMITTEE'] as const) {
      expect(permissionsFor(role).writeRecords, role).toBe(true);
      expect(permissionsFor(role).importData, role).toBe(role === 'DISTRICT_ADMIN');
    }
    expect(permissionsFor('VIEWER').importData).toBe(false);
  });

  it('leaves street creation to the district admin and communities to street officers too', () => {
    expect(permissionsFor('DISTRICT_ADMIN').createStreet).toBe(true);
    expect(permissionsFor('STREET_OFFICER').createStreet).toBe(false);
    expect(permissionsFor('STREET_OFFICER').createCommunity).toBe(true);
    expect(permissionsFor('COMMUNITY_WORKER').createCommunity).toBe(false);
    expect(permissionsFor('COURTYARD_COMMITTEE').writeCourtyards).toBe(true);
  });

  it('opens the dashboard and the inbox to every district role and lands them on the dashboard', () => {
    for (const role of [
      'DISTRICT_ADMIN',
      'STREET_OFFICER',
      'COMMUNITY_WORKER',
      'COURTYARD_COMMITTEE',
      'VIEWER',
    ] as const) {
      expect(permissionsFor(role).viewDashboard, role).toBe(true);
      expect(permissionsFor(role).viewAlerts, role).toBe(true);
      expect(homeRouteFor(role), role).toBe('dashboard');
    }
    expect(permissionsFor('PLATFORM_ADMIN').viewDashboard).toBe(false);
    expect(permissionsFor('PLATFORM_ADMIN').viewAlerts).toBe(false);
  });

  it('leaves recomputes and targets to the district admin, the viewer reading targets', () => {
    for (const role of [
      'DISTRICT_ADMIN',
      'STREET_OFFICER',
      'COMMUNITY_WORKER',
      'COURTYARD_COMMITTEE',
      'VIEWER',
    ] as const) {
      expect(permissionsFor(role).recomputeKpis, role).toBe(role === 'DISTRICT_ADMIN');
      expect(permissionsFor(role).manageKpiTargets, role).toBe(role === 'DISTRICT_ADMIN');
      expect(permissionsFor(role).viewKpiTargets, role).toBe(role === 'DISTRICT_ADMIN' || role === 'VIEWER');
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
