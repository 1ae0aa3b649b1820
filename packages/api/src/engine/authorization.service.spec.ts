import { ApiScope, ImportKind, Role } from '@xiaoyuan/schema';
import { Authorization } from './authorization.service';
import type { Caller, DistrictCaller } from './caller';

const base = { kind: 'district', id: 'u', tenantId: 't', email: 'x@y.z', displayName: 'x' } as const;
const street = { kind: 'Street', id: 's1' } as const;
const otherStreet = { kind: 'Street', id: 's2' } as const;
const community = { kind: 'Community', id: 'c1', streetId: 's1' } as const;
const siblingCommunity = { kind: 'Community', id: 'c2', streetId: 's1' } as const;
const courtyard = { kind: 'Courtyard', id: 'y1', communityId: 'c1', streetId: 's1' } as const;
const otherCourtyard = { kind: 'Courtyard', id: 'y9', communityId: 'c9', streetId: 's2' } as const;

const as = (caller: Omit<DistrictCaller, 'mustChangePassword'> | Exclude<Caller, DistrictCaller> | null) =>
  new Authorization(caller?.kind === 'district' ? { ...caller, mustChangePassword: false } : caller);

describe('Authorization', () => {
  it('lets the district admin do everything and the viewer read everything', () => {
    const admin = as({ ...base, role: Role.DISTRICT_ADMIN, scope: null });
    const viewer = as({ ...base, role: Role.VIEWER, scope: null });
    for (const unit of [street, community, courtyard, otherCourtyard]) {
      expect(admin.canRead(unit) && admin.canWrite(unit)).toBe(true);
      expect(viewer.canRead(unit)).toBe(true);
      expect(viewer.canWrite(unit)).toBe(false);
    }
    expect(admin.hasPersonalDataAccess).toBe(true);
    expect(viewer.hasPersonalDataAccess).toBe(false);
  });

  it('keeps a community worker in its community, reading its street but writing only below', () => {
    const worker = as({
      ...base,
      role: Role.COMMUNITY_WORKER,
      scope: { kind: 'Community', streetId: 's1', communityId: 'c1' },
    });
    expect(worker.canRead(street)).toBe(true);
    expect(worker.canWrite(street)).toBe(false);
    expect(worker.canWrite(community)).toBe(true);
    expect(worker.canWrite(courtyard)).toBe(true);
    expect(worker.canRead(siblingCommunity)).toBe(false);
    expect(worker.canRead(otherStreet)).toBe(false);
    expect(worker.canRead(otherCourtyard)).toBe(false);
    expect(worker.canWrite({ kind: 'District' })).toBe(false);
  });

  it('gives the platform operator and anonymous callers nothing', () => {
    const operator = as({
      kind: 'platform',
      id: 'p',
      tenantId: null,
      email: 'p@x.y',
      displayName: 'p',
      role: Role.PLATFORM_ADMIN,
      scope: null,
    });
    for (const authorization of [operator, as(null)]) {
      expect(authorization.canRead(street)).toBe(false);
      expect(authorization.canWrite({ kind: 'District' })).toBe(false);
      expect(authorization.readCondition('courtyards').sql).toBe('false');
      expect(authorization.hasPersonalDataAccess).toBe(false);
    }
  });

  it("gives an API client its scopes and its subtree, and none of the roles' permissions", () => {
    const client = as({
      kind: 'client',
      id: 'k',
      tenantId: 't',
      name: 'partner',
      scopes: [ApiScope.KPI_READ],
      scope: { kind: 'Street', streetId: 's1' },
    });
    expect(client.clientMay('HIERARCHY')).toBe(true);
    expect(client.clientMay(ApiScope.KPI_READ)).toBe(true);
    expect(client.clientMay(ApiScope.RECORDS_READ)).toBe(false);
    expect([client.canRead(street), client.canRead(courtyard), client.canRead(otherStreet)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(client.canWrite(courtyard)).toBe(false);
    expect(client.canHandleAlert({ level: 'RED', streetId: 's1', communityId: 'c1' })).toBe(false);
    expect(client.readCondition('courtyards', 'c')).toEqual({ sql: 'c.street_id = ?', params: ['s1'] });
    for (const table of ['households', 'activities', 'alerts'] as const) {
      expect(() => client.readCondition(table)).toThrow('Outside the scopes of this API client');
    }
    for (const permission of [
      client.hasPersonalDataAccess,
      client.canManageUsers,
      client.canManageApiClients,
      client.canManageWebhooks,
      client.canImport,
      client.canPlanRollout,
      client.canSetKpiTargets,
      client.canRequestKpiRecompute,
    ]) {
      expect(permission).toBe(false);
    }
    expect(as({ ...base, role: Role.DISTRICT_ADMIN, scope: null }).clientMay('HIERARCHY')).toBe(false);
  });

  it('lets a client write records of its subtree with RECORDS_WRITE and handle its units’ alerts with ALERTS_WRITE', () => {
    const client = (scopes: ApiScope[], scope: Extract<Caller, { kind: 'client' }>['scope']) =>
      as({ kind: 'client', id: 'k', tenantId: 't', name: 'partner', scopes, scope });
    const writer = client([ApiScope.RECORDS_WRITE], { kind: 'Street', streetId: 's1' });
    expect([writer.canWriteRecords(courtyard), writer.canWriteRecords(otherCourtyard)]).toEqual([true, false]);
    // the hierarchy is never a client's to write
    expect([writer.canWrite(courtyard), writer.canWrite(street)]).toEqual([false, false]);
    expect(client([ApiScope.RECORDS_READ], null).canWriteRecords(courtyard)).toBe(false);
    expect(client([ApiScope.RECORDS_WRITE], null).canWriteRecords(otherCourtyard)).toBe(true);

    const red = { level: 'RED', streetId: 's1', communityId: 'c1' } as const;
    const yellow = { level: 'YELLOW', streetId: 's1', communityId: 'c1' } as const;
    const handles = (scope: Extract<Caller, { kind: 'client' }>['scope'], scopes = [ApiScope.ALERTS_WRITE]) => [
      client(scopes, scope).canHandleAlert(red),
      client(scopes, scope).canHandleAlert(yellow),
    ];
    expect(handles(null)).toEqual([true, true]);
    expect(handles({ kind: 'Street', streetId: 's1' })).toEqual([true, true]);
    expect(handles({ kind: 'Street', streetId: 's2' })).toEqual([false, false]);
    expect(handles({ kind: 'Community', streetId: 's1', communityId: 'c1' })).toEqual([false, true]);
    expect(handles({ kind: 'Community', streetId: 's1', communityId: 'c2' })).toEqual([false, false]);
    expect(handles({ kind: 'Courtyard', streetId: 's1', communityId: 'c1', courtyardId: 'y1' })).toEqual([
      false,
      false,
    ]);
    expect(handles(null, [ApiScope.ALERTS_READ, ApiScope.RECORDS_WRITE])).toEqual([false, false]);

    // imports: attendance, by a client of the whole district with RECORDS_WRITE
    expect(client([ApiScope.RECORDS_WRITE], null).canImportKind(ImportKind.ATTENDANCE)).toBe(true);
    expect(client([ApiScope.RECORDS_WRITE], null).canImportKind(ImportKind.HOUSEHOLDS)).toBe(false);
    expect(writer.canImportKind(ImportKind.ATTENDANCE)).toBe(false);
    expect(writer.importReadCondition('i')).toEqual({ sql: 'i.created_by_client = ?', params: ['k'] });
    expect(() => client([ApiScope.RECORDS_READ], null).importReadCondition()).toThrow('Outside the scopes');
  });
});
