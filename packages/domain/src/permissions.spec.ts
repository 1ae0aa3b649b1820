import { AlertLevel, Role, ScopeLevel } from './enums';
import { assignedUnit, mayHandleAlertLevel, permissionsFor, ROLE_SCOPE_LEVEL, ROLES_MANAGED_BY } from './permissions';

const DISTRICT_ROLES = [
  'DISTRICT_ADMIN',
  'STREET_OFFICER',
  'COMMUNITY_WORKER',
  'COURTYARD_COMMITTEE',
  'VIEWER',
] as const;

describe('permissionsFor', () => {
  it('gives the platform operator the districts only', () => {
    const permissions = permissionsFor('PLATFORM_ADMIN');
    expect(permissions.viewDistricts).toBe(true);
    expect(permissions.viewHierarchy).toBe(false);
  });

  it('lets a viewer read the hierarchy, the rollout board, the dashboard, alerts and targets and write nothing', () => {
    const permissions = permissionsFor(Role.VIEWER);
    expect(
      Object.entries(permissions)
        .filter(([, allowed]) => allowed)
        .map(([key]) => key),
    ).toEqual(['viewHierarchy', 'viewRollout', 'viewDashboard', 'viewAlerts', 'viewKpiTargets']);
  });

  it('leaves the rollout and imports to the district admin and records to every writing role', () => {
    expect(permissionsFor('DISTRICT_ADMIN').manageRollout).toBe(true);
    expect(permissionsFor('STREET_OFFICER').viewRollout).toBe(false);
    expect(permissionsFor('STREET_OFFICER').manageRollout).toBe(false);
    for (const role of ['DISTRICT_ADMIN', 'STREET_OFFICER', 'COMMUNITY_WORKER', 'COURTYARD_COMMITTEE'] as const) {
      expect(permissionsFor(role).writeRecords).toBe(true);
      expect(permissionsFor(role).readPersonalData).toBe(true);
      expect(permissionsFor(role).importData).toBe(role === 'DISTRICT_ADMIN');
      expect(permissionsFor(role).manageUsers).toBe(role === 'DISTRICT_ADMIN' || role === 'STREET_OFFICER');
      expect(permissionsFor(role).manageApiClients).toBe(role === 'DISTRICT_ADMIN');
      expect(permissionsFor(role).manageWebhooks).toBe(role === 'DISTRICT_ADMIN');
    }
    expect(permissionsFor('VIEWER').importData).toBe(false);
    // a street officer manages its street's community workers and committees, nobody else
    expect(ROLES_MANAGED_BY.STREET_OFFICER).toEqual(['COMMUNITY_WORKER', 'COURTYARD_COMMITTEE']);
    expect(ROLES_MANAGED_BY.DISTRICT_ADMIN).not.toContain('PLATFORM_ADMIN');
    expect(ROLES_MANAGED_BY.COMMUNITY_WORKER).toEqual([]);
    expect(permissionsFor('VIEWER').readPersonalData).toBe(false);
  });

  it('leaves street creation to the district admin and communities to street officers too', () => {
    expect(permissionsFor('DISTRICT_ADMIN').createStreet).toBe(true);
    expect(permissionsFor('STREET_OFFICER').createStreet).toBe(false);
    expect(permissionsFor('STREET_OFFICER').createCommunity).toBe(true);
    expect(permissionsFor('COMMUNITY_WORKER').createCommunity).toBe(false);
    expect(permissionsFor('COURTYARD_COMMITTEE').writeCourtyards).toBe(true);
  });

  it('opens the dashboard and the inbox to every district role', () => {
    for (const role of DISTRICT_ROLES) {
      expect(permissionsFor(role).viewDashboard).toBe(true);
      expect(permissionsFor(role).viewAlerts).toBe(true);
    }
    expect(permissionsFor('PLATFORM_ADMIN').viewDashboard).toBe(false);
    expect(permissionsFor('PLATFORM_ADMIN').viewAlerts).toBe(false);
  });

  it('leaves recomputes and targets to the district admin, the viewer reading targets', () => {
    for (const role of DISTRICT_ROLES) {
      expect(permissionsFor(role).recomputeKpis).toBe(role === 'DISTRICT_ADMIN');
      expect(permissionsFor(role).manageKpiTargets).toBe(role === 'DISTRICT_ADMIN');
      expect(permissionsFor(role).viewKpiTargets).toBe(role === 'DISTRICT_ADMIN' || role === 'VIEWER');
    }
  });

  it('allows nothing without a role, and hands out copies', () => {
    expect(Object.values(permissionsFor(null)).some(Boolean)).toBe(false);
    permissionsFor('VIEWER').writeRecords = true;
    expect(permissionsFor('VIEWER').writeRecords).toBe(false);
  });
});

describe('scopes', () => {
  it('binds scoped roles to their unit level and district roles to the district', () => {
    expect(ROLE_SCOPE_LEVEL[Role.STREET_OFFICER]).toBe(ScopeLevel.STREET);
    expect(ROLE_SCOPE_LEVEL[Role.COMMUNITY_WORKER]).toBe(ScopeLevel.COMMUNITY);
    expect(ROLE_SCOPE_LEVEL[Role.COURTYARD_COMMITTEE]).toBe(ScopeLevel.COURTYARD);
    expect(ROLE_SCOPE_LEVEL[Role.DISTRICT_ADMIN]).toBe(ScopeLevel.DISTRICT);
    expect(ROLE_SCOPE_LEVEL[Role.VIEWER]).toBe(ScopeLevel.DISTRICT);
    expect(ROLE_SCOPE_LEVEL[Role.PLATFORM_ADMIN]).toBeNull();
  });

  it('gives red alerts to street officers, yellow ones to community workers, all to the district admin', () => {
    expect(mayHandleAlertLevel('STREET_OFFICER', AlertLevel.RED)).toBe(true);
    expect(mayHandleAlertLevel('STREET_OFFICER', 'YELLOW')).toBe(false);
    expect(mayHandleAlertLevel('COMMUNITY_WORKER', 'YELLOW')).toBe(true);
    expect(mayHandleAlertLevel('COMMUNITY_WORKER', 'RED')).toBe(false);
    expect(mayHandleAlertLevel('DISTRICT_ADMIN', 'RED')).toBe(true);
    expect(mayHandleAlertLevel('VIEWER', 'YELLOW')).toBe(false);
    expect(mayHandleAlertLevel('COURTYARD_COMMITTEE', 'YELLOW')).toBe(false);
  });
});

describe('assignedUnit (DOMAIN.md §7)', () => {
  const units = { streetId: 'street-1', communityId: 'community-1' };

  it("assigns a yellow alert to the courtyard's community, a red one to its street", () => {
    expect(assignedUnit({ level: AlertLevel.YELLOW, ...units })).toEqual({ level: 'COMMUNITY', id: 'community-1' });
    expect(assignedUnit({ level: AlertLevel.RED, ...units })).toEqual({ level: 'STREET', id: 'street-1' });
    // the level as the API reads it from SQL
    expect(assignedUnit({ level: 'RED', ...units })).toEqual({ level: 'STREET', id: 'street-1' });
  });
});
