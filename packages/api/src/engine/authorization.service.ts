import {
  ApiScope,
  assignedUnit,
  ImportKind,
  mayHandleAlertLevel,
  permissionsFor,
  Role,
  ROLE_SCOPE_LEVEL,
  ROLES_MANAGED_BY,
  ScopeLevel,
  type Permissions,
} from '@xiaoyuan/domain';
import { forbidden } from './errors';
import type { Caller, ScopeUnit } from './caller';

/**
 * What an API client asks for (DOMAIN.md §10): one of its scopes, or `HIERARCHY` (the districts,
 * streets, communities and courtyards of its subtree), which every client may read.
 */
export type ClientAccess = ApiScope | 'HIERARCHY';

/** The scope an API client needs to read a table. */
const CLIENT_READ_ACCESS: Readonly<Record<ScopedTable, ClientAccess>> = {
  streets: 'HIERARCHY',
  communities: 'HIERARCHY',
  courtyards: 'HIERARCHY',
  households: ApiScope.RECORDS_READ,
  enrollments: ApiScope.RECORDS_READ,
  activities: ApiScope.RECORDS_READ,
  disputes: ApiScope.RECORDS_READ,
  service_requests: ApiScope.RECORDS_READ,
  idle_spaces: ApiScope.RECORDS_READ,
  survey_responses: ApiScope.RECORDS_READ,
  alerts: ApiScope.ALERTS_READ,
};

/**
 * The scope an API client needs to read an object by id (`node(id)`); a type not listed is never a
 * client's (users, API clients). `Import`: its own uploads, with the scope that made them.
 */
export const CLIENT_NODE_ACCESS: Readonly<Record<string, ClientAccess>> = {
  District: 'HIERARCHY',
  Street: 'HIERARCHY',
  Community: 'HIERARCHY',
  Courtyard: 'HIERARCHY',
  Household: ApiScope.RECORDS_READ,
  Activity: ApiScope.RECORDS_READ,
  Dispute: ApiScope.RECORDS_READ,
  ServiceRequest: ApiScope.RECORDS_READ,
  IdleSpace: ApiScope.RECORDS_READ,
  LedgerEntry: ApiScope.RECORDS_READ,
  Proposal: ApiScope.RECORDS_READ,
  Vote: ApiScope.RECORDS_READ,
  RolloutPlan: ApiScope.RECORDS_READ,
  Import: ApiScope.RECORDS_WRITE,
  Alert: ApiScope.ALERTS_READ,
};

/**
 * What an API client may import with RECORDS_WRITE: records of DOMAIN.md §5 (attendance). Courtyards
 * and households are the hierarchy, which a client never writes.
 */
const CLIENT_IMPORT_KINDS: ReadonlySet<ImportKind> = new Set([ImportKind.ATTENDANCE]);

/** A unit of the hierarchy with its ancestors' ids, as read from its row. */
export type UnitRef =
  | { kind: 'District' }
  | { kind: 'Street'; id: string }
  | { kind: 'Community'; id: string; streetId: string }
  | { kind: 'Courtyard'; id: string; communityId: string; streetId: string };

export type ScopedTable =
  | 'streets'
  | 'communities'
  | 'courtyards'
  | 'households'
  | 'enrollments'
  // records of a courtyard (DOMAIN.md §5), limited through their courtyard_id
  | 'activities'
  | 'disputes'
  | 'service_requests'
  | 'idle_spaces'
  | 'survey_responses'
  // alerts on a courtyard's KPI (DOMAIN.md §7), seen in the caller's subtree
  | 'alerts';

/**
 * Every role and scope rule of DOMAIN.md §8, in one place: what a role may do is the domain's
 * role matrix (`ROLE_PERMISSIONS`, which the admin app shows by); here it is applied to the caller
 * and combined with the caller's subtree.
 *
 * - DISTRICT_ADMIN reads and writes the whole district; VIEWER reads it and writes nothing.
 * - A scoped role (street officer, community worker, courtyard committee) reads and writes its
 *   unit and what lies below it; it also reads its unit's ancestors (to show where it is), but
 *   not their other children.
 * - PLATFORM_ADMIN reads and writes no district data.
 * - An API client (DOMAIN.md §10) reads what its scopes grant, limited to its unit's subtree as a
 *   scoped role is. With `RECORDS_WRITE` it writes the records of its subtree's courtyards (and,
 *   when it has the whole district, imports attendance); with `ALERTS_WRITE` it acknowledges and
 *   resolves the alerts assigned to a unit of its subtree. It has none of the roles' other
 *   permissions (users, API clients, webhooks, rollout plan, targets, the hierarchy, personal
 *   data in clear). The scope itself is checked by `RequestContext.requireTenantCaller(access)`;
 *   the methods here check the subtree, and refuse a client without the scope as a backstop.
 */
export class Authorization {
  constructor(readonly caller: Caller | null) {}

  get districtRole(): boolean {
    return this.caller?.kind === 'district';
  }

  /** Whether the caller is an API client whose scopes grant `access` (hierarchy reads: always). */
  clientMay(access: ClientAccess): boolean {
    const caller = this.caller;
    if (caller?.kind !== 'client') return false;
    return access === 'HIERARCHY' || caller.scopes.includes(access);
  }

  /** Whether a district caller's role has a permission of the domain's matrix. */
  private districtMay(permission: keyof Permissions): boolean {
    return this.caller?.kind === 'district' && permissionsFor(this.caller.role)[permission];
  }

  canRead(unit: UnitRef): boolean {
    const caller = this.caller;
    if (!caller || caller.kind === 'platform') return false;
    if (!caller.scope) return true; // DISTRICT_ADMIN, VIEWER, a client of the whole district
    return this.inSubtree(caller.scope, unit) || isAncestor(caller.scope, unit);
  }

  /** Write a unit of the hierarchy or below it: district users only (a client writes records only). */
  canWrite(unit: UnitRef): boolean {
    const caller = this.caller;
    if (!caller || caller.kind !== 'district') return false;
    // VIEWER writes nothing; the district admin writes the whole district, a scoped role its subtree
    if (!permissionsFor(caller.role).writeRecords) return false;
    if (ROLE_SCOPE_LEVEL[caller.role] === ScopeLevel.DISTRICT) return true;
    return caller.scope !== null && this.inSubtree(caller.scope, unit);
  }

  /**
   * Records of a courtyard (activities, disputes, service requests, idle spaces, surveys, ledger,
   * proposals and votes, committee elections and institutions): every role that writes in the
   * courtyard's subtree, the courtyard's own committee included, and an API client with
   * RECORDS_WRITE whose subtree holds the courtyard; VIEWER and the platform operator never.
   */
  canWriteRecords(courtyard: Extract<UnitRef, { kind: 'Courtyard' }>): boolean {
    const caller = this.caller;
    if (caller?.kind === 'client') {
      if (!this.clientMay(ApiScope.RECORDS_WRITE)) return false;
      return caller.scope === null || this.inSubtree(caller.scope, courtyard);
    }
    return this.canWrite(courtyard);
  }

  /**
   * Acknowledge or resolve an alert by hand (DOMAIN.md §7): the users of its assigned unit
   * (`assignedUnit`: a RED alert's street, its officers; a YELLOW one's community, its workers) and
   * the district admin. Nobody else, not even a street officer for a yellow alert of its street.
   */
  canHandleAlert(alert: { level: 'YELLOW' | 'RED'; streetId: string; communityId: string }): boolean {
    const caller = this.caller;
    if (caller?.kind === 'client') {
      // an API client with ALERTS_WRITE: alerts assigned to a unit of its subtree (a client limited
      // to a street handles its street's red and yellow alerts, one limited to a community that
      // community's yellow ones, one limited to a courtyard none: no unit is assigned below a community)
      if (!this.clientMay(ApiScope.ALERTS_WRITE)) return false;
      if (!caller.scope) return true;
      const assigned = assignedUnit(alert);
      return assigned.level === ScopeLevel.STREET
        ? this.inSubtree(caller.scope, { kind: 'Street', id: assigned.id })
        : this.inSubtree(caller.scope, { kind: 'Community', id: assigned.id, streetId: alert.streetId });
    }
    if (!caller || caller.kind !== 'district' || !mayHandleAlertLevel(caller.role, alert.level)) return false;
    if (ROLE_SCOPE_LEVEL[caller.role] === ScopeLevel.DISTRICT) return true;
    const unit = assignedUnit(alert);
    if (unit.level === ScopeLevel.STREET) return caller.scope?.kind === 'Street' && caller.scope.streetId === unit.id;
    return caller.scope?.kind === 'Community' && caller.scope.communityId === unit.id;
  }

  /** Recompute a period's KPIs of the whole district by hand: the district admin only. */
  get canRequestKpiRecompute(): boolean {
    return this.districtMay('recomputeKpis');
  }

  /** Override or reset the district's KPI targets by phase (DOMAIN.md §6): the district admin only. */
  get canSetKpiTargets(): boolean {
    return this.districtMay('manageKpiTargets');
  }

  /** Contact names and phones in clear: roles that work with residents. */
  get hasPersonalDataAccess(): boolean {
    return this.districtMay('readPersonalData');
  }

  /** 用户管理 (issue 10): the district admin, and a street officer for its street's units' users. */
  get canManageUsers(): boolean {
    return this.districtMay('manageUsers');
  }

  /**
   * Whether the caller manages a user of `role` bound to `unit` (null: a role of the whole
   * district): the role must be one the caller's role manages (`ROLES_MANAGED_BY`), and for a
   * scoped caller the unit must lie in its subtree. Asked of a user as it is and as it would become.
   */
  canManageUser(target: { role: Role; unit: UnitRef | null }): boolean {
    const caller = this.caller;
    if (caller?.kind !== 'district' || !this.canManageUsers) return false;
    if (!ROLES_MANAGED_BY[caller.role].includes(target.role)) return false;
    if (ROLE_SCOPE_LEVEL[caller.role] === ScopeLevel.DISTRICT) return true;
    return !!caller.scope && !!target.unit && this.inSubtree(caller.scope, target.unit);
  }

  /**
   * An SQL condition on `alias` (the `users` table) limiting the 用户管理 list to the users the
   * caller manages: the whole district for the district admin; a street officer's street's
   * community workers and courtyard committees. Nothing for anyone else.
   */
  managedUsersCondition(alias = 't'): { sql: string; params: string[] } {
    const caller = this.caller;
    if (caller?.kind !== 'district' || !this.canManageUsers) return { sql: 'false', params: [] };
    if (ROLE_SCOPE_LEVEL[caller.role] === ScopeLevel.DISTRICT) return { sql: 'true', params: [] };
    if (caller.scope?.kind !== 'Street') return { sql: 'false', params: [] };
    return {
      sql: `((${alias}.role = 'COMMUNITY_WORKER' and ${alias}.community_id in (select id from communities where street_id = ?))
        or (${alias}.role = 'COURTYARD_COMMITTEE' and ${alias}.courtyard_id in (select id from courtyards where street_id = ?)))`,
      params: [caller.scope.streetId, caller.scope.streetId],
    };
  }

  /**
   * Another user's identity (global id, email, role, unit) as the actor of an alert event or a
   * milestone confirmation: the user themself, the district admin (who manages users), and a street
   * officer for the users of its street. Everyone else (VIEWER, community workers, committees, API
   * clients) sees the actor's display name only (`actorName`), never an id to aim a forged token at.
   */
  canSeeUser(user: { id: string; scope: ScopeUnit | null }): boolean {
    const caller = this.caller;
    if (caller?.kind !== 'district') return false;
    if (caller.id === user.id) return true;
    if (ROLE_SCOPE_LEVEL[caller.role] === ScopeLevel.DISTRICT && permissionsFor(caller.role).manageUsers) return true;
    return (
      caller.role === 'STREET_OFFICER' &&
      caller.scope?.kind === 'Street' &&
      user.scope !== null &&
      user.scope.streetId === caller.scope.streetId
    );
  }

  /** Partner API clients (DOMAIN.md §10): the district admin only; never a client itself. */
  get canManageApiClients(): boolean {
    return this.districtMay('manageApiClients');
  }

  /**
   * Webhooks and their deliveries (DOMAIN.md §10): the district admin only. Never an API client
   * (`requireDistrictCaller` refuses it first): a client never manages webhooks.
   */
  get canManageWebhooks(): boolean {
    return this.districtMay('manageWebhooks');
  }

  /**
   * Plan the rollout (DOMAIN.md §8 "district officials plan the rollout"): create the plan, enrol
   * courtyards, designate demonstration courtyards, confirm milestones. The district admin only.
   */
  get canPlanRollout(): boolean {
    return this.districtMay('manageRollout');
  }

  /**
   * Import a file of records (courtyards, households, attendance): the district admin only. The
   * worker stores every row of a file without checking the uploader's subtree (the job carries no
   * scope), so a scoped role could write outside its unit through a file; it enters records
   * through the mutations instead. VIEWER and the platform operator never import.
   */
  get canImport(): boolean {
    return this.districtMay('importData');
  }

  /**
   * Import a file of one kind: the district admin (`canImport`), or an API client with
   * RECORDS_WRITE that has the whole district (the worker does not check a subtree, as for scoped
   * roles) importing records (`CLIENT_IMPORT_KINDS`): never courtyards or households.
   */
  canImportKind(kind: ImportKind): boolean {
    const caller = this.caller;
    if (caller?.kind === 'client')
      return this.clientMay(ApiScope.RECORDS_WRITE) && caller.scope === null && CLIENT_IMPORT_KINDS.has(kind);
    return this.canImport;
  }

  /**
   * An SQL condition on `alias` (the `imports` table) limiting uploads to those the caller may see:
   * every upload of the district for the roles that read the whole district (DISTRICT_ADMIN,
   * VIEWER), a scoped role's own uploads otherwise, an API client's own uploads.
   */
  importReadCondition(alias = 't'): { sql: string; params: string[] } {
    const caller = this.caller;
    if (caller?.kind === 'client') {
      if (!this.clientMay(ApiScope.RECORDS_WRITE)) throw forbidden('Outside the scopes of this API client');
      return { sql: `${alias}.created_by_client = ?`, params: [caller.id] };
    }
    if (!caller || caller.kind !== 'district') return { sql: 'false', params: [] };
    if (!caller.scope) return { sql: 'true', params: [] };
    return { sql: `${alias}.created_by = ?`, params: [caller.id] };
  }

  /**
   * An SQL condition on `alias` limiting a list to what the caller may read (row-level security
   * limits it to the tenant already).
   */
  readCondition(table: ScopedTable, alias = 't'): { sql: string; params: string[] } {
    const caller = this.caller;
    if (!caller || caller.kind === 'platform') return { sql: 'false', params: [] };
    if (caller.kind === 'client') {
      // outside its scopes a client is refused, not shown an empty list
      const access = CLIENT_READ_ACCESS[table];
      if (!this.clientMay(access)) throw forbidden('Outside the scopes of this API client');
    }
    const scope = caller.scope;
    if (!scope) return { sql: 'true', params: [] };
    if (table === 'streets') return { sql: `${alias}.id = ?`, params: [scope.streetId] };
    if (table === 'communities') {
      return scope.kind === 'Street'
        ? { sql: `${alias}.street_id = ?`, params: [scope.streetId] }
        : { sql: `${alias}.id = ?`, params: [scope.communityId] };
    }
    if (table === 'courtyards') {
      if (scope.kind === 'Street') return { sql: `${alias}.street_id = ?`, params: [scope.streetId] };
      if (scope.kind === 'Community') return { sql: `${alias}.community_id = ?`, params: [scope.communityId] };
      return { sql: `${alias}.id = ?`, params: [scope.courtyardId] };
    }
    const courtyards = this.readCondition('courtyards', 'scope_courtyard');
    return {
      sql: `${alias}.courtyard_id in (select scope_courtyard.id from courtyards scope_courtyard where ${courtyards.sql})`,
      params: courtyards.params,
    };
  }

  private inSubtree(scope: ScopeUnit, unit: UnitRef): boolean {
    switch (unit.kind) {
      case 'District':
        return false;
      case 'Street':
        return scope.kind === 'Street' && unit.id === scope.streetId;
      case 'Community':
        return scope.kind === 'Street'
          ? unit.streetId === scope.streetId
          : scope.kind === 'Community' && unit.id === scope.communityId;
      case 'Courtyard':
        if (scope.kind === 'Street') return unit.streetId === scope.streetId;
        if (scope.kind === 'Community') return unit.communityId === scope.communityId;
        return unit.id === scope.courtyardId;
    }
  }
}

function isAncestor(scope: ScopeUnit, unit: UnitRef): boolean {
  if (unit.kind === 'District') return true;
  if (unit.kind === 'Street') return unit.id === scope.streetId;
  if (unit.kind === 'Community') return scope.kind === 'Courtyard' && unit.id === scope.communityId;
  return false;
}
