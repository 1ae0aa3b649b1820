import { describe, expect, it } from 'vitest';
import { homeRouteFor, permissionsFor } from './permissions';

describe('permissionsFor', () => {
  it('gives the platform operator the districts only', () => {
    const permissions = permissionsFor('PLATFORM_ADMIN');
    expect(permissions.viewDistricts).toBe(true);
    expect(permissions.viewHierarchy).toBe(false);
    expect(homeRouteFor('PLATFORM_ADMIN')).toBe('districts');
  });

  it('lets a viewer read the hierarchy and the rollout board and write nothing', () => {
    const permissions = permissionsFor('VIEWER');
    expect(permissions.viewHierarchy).toBe(true);
    expect(Object.entries(permissions).filter(([, allowed]) => allowed).map(([key]) => key)).toEqual([
      'viewHierarchy',
      'viewRollout',
    ]);
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
});
