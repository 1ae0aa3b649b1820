import { AlertLevel, Role, ScopeLevel } from './enums';

/**
 * The role matrix of DOMAIN.md §8: what each role may do. The admin app shows and hides by it; the
 * API enforces it, and on top of it the scope (a scoped role acts only in its unit's subtree).
 */
export interface Permissions {
  viewDistricts: boolean;
  viewHierarchy: boolean;
  createStreet: boolean;
  editStreet: boolean;
  createCommunity: boolean;
  editCommunity: boolean;
  writeCourtyards: boolean;
  registerHouseholds: boolean;
  /** The rollout board (district-level roles). */
  viewRollout: boolean;
  /** Create the plan, enrol courtyards, confirm milestones, designate demonstration courtyards. */
  manageRollout: boolean;
  /** Enter a courtyard's records: governance, activities, disputes, ledger, votes… */
  writeRecords: boolean;
  /** Upload import files and read their reports. */
  importData: boolean;
  /** 总览: KPIs, trends, streets and communities (scoped roles see their subtree; the API filters). */
  viewDashboard: boolean;
  /** 预警督办: the alert inbox (acknowledging one is decided per alert: `mayHandleAlertLevel`). */
  viewAlerts: boolean;
  /** Recompute a period's KPIs of the whole district. */
  recomputeKpis: boolean;
  /** The KPI targets by phase (read). */
  viewKpiTargets: boolean;
  /** Override a target or reset it to the plan's default. */
  manageKpiTargets: boolean;
  /** Contact names and phones in clear: roles that work with residents. */
  readPersonalData: boolean;
  /**
   * 用户管理: list, create, change, disable and reset the password of users — the district admin
   * every user of the district, a street officer its street's community workers and committees
   * (`ROLES_MANAGED_BY`; the API applies the unit).
   */
  manageUsers: boolean;
  /** Create, list and revoke the district's partner API clients (DOMAIN.md §10). */
  manageApiClients: boolean;
  /** Create, disable, delete and test the district's webhooks and read their deliveries (DOMAIN.md §10). */
  manageWebhooks: boolean;
}

const NONE: Permissions = {
  viewDistricts: false,
  viewHierarchy: false,
  createStreet: false,
  editStreet: false,
  createCommunity: false,
  editCommunity: false,
  writeCourtyards: false,
  registerHouseholds: false,
  viewRollout: false,
  manageRollout: false,
  writeRecords: false,
  importData: false,
  viewDashboard: false,
  viewAlerts: false,
  recomputeKpis: false,
  viewKpiTargets: false,
  manageKpiTargets: false,
  readPersonalData: false,
  manageUsers: false,
  manageApiClients: false,
  manageWebhooks: false,
};

/** What every district role reads: the dashboard and the alerts of its subtree. */
const DISTRICT_READS = { viewDashboard: true, viewAlerts: true } as const;

/** What a scoped role (community worker, courtyard committee) does in its subtree. */
const SCOPED_WORK = {
  viewHierarchy: true,
  writeCourtyards: true,
  registerHouseholds: true,
  writeRecords: true,
  ...DISTRICT_READS,
  readPersonalData: true,
} as const;

export const ROLE_PERMISSIONS: Readonly<Record<Role, Readonly<Permissions>>> = {
  [Role.PLATFORM_ADMIN]: { ...NONE, viewDistricts: true },
  [Role.DISTRICT_ADMIN]: {
    ...NONE,
    viewHierarchy: true,
    createStreet: true,
    editStreet: true,
    createCommunity: true,
    editCommunity: true,
    writeCourtyards: true,
    registerHouseholds: true,
    viewRollout: true,
    manageRollout: true,
    writeRecords: true,
    importData: true,
    ...DISTRICT_READS,
    recomputeKpis: true,
    viewKpiTargets: true,
    manageKpiTargets: true,
    readPersonalData: true,
    manageUsers: true,
    manageApiClients: true,
    manageWebhooks: true,
  },
  [Role.STREET_OFFICER]: { ...NONE, ...SCOPED_WORK, createCommunity: true, editCommunity: true, manageUsers: true },
  // Imports are the district admin's: the worker does not check a file's rows against a scope.
  [Role.COMMUNITY_WORKER]: { ...NONE, ...SCOPED_WORK },
  [Role.COURTYARD_COMMITTEE]: { ...NONE, ...SCOPED_WORK },
  // Reads the whole district, the rollout board and the targets included; writes nothing.
  [Role.VIEWER]: { ...NONE, viewHierarchy: true, viewRollout: true, ...DISTRICT_READS, viewKpiTargets: true },
};

/** A role's permissions; nothing without a role. Takes the enum or its GraphQL string. */
export function permissionsFor(role: `${Role}` | null | undefined): Permissions {
  return role ? { ...ROLE_PERMISSIONS[role as Role] } : { ...NONE };
}

/**
 * The roles of the users a role manages (DOMAIN.md §8, issue 10): the district admin every district
 * role, a street officer the community workers and courtyard committees of its street's units.
 */
export const ROLES_MANAGED_BY: Readonly<Record<Role, readonly Role[]>> = {
  [Role.PLATFORM_ADMIN]: [],
  [Role.DISTRICT_ADMIN]: [
    Role.DISTRICT_ADMIN,
    Role.STREET_OFFICER,
    Role.COMMUNITY_WORKER,
    Role.COURTYARD_COMMITTEE,
    Role.VIEWER,
  ],
  [Role.STREET_OFFICER]: [Role.COMMUNITY_WORKER, Role.COURTYARD_COMMITTEE],
  [Role.COMMUNITY_WORKER]: [],
  [Role.COURTYARD_COMMITTEE]: [],
  [Role.VIEWER]: [],
};

/**
 * The unit level a role is scoped to: DISTRICT for the roles that act on the whole district, the
 * level of the user's unit for scoped roles, null for the platform operator (no district data).
 */
export const ROLE_SCOPE_LEVEL: Readonly<Record<Role, ScopeLevel | null>> = {
  [Role.PLATFORM_ADMIN]: null,
  [Role.DISTRICT_ADMIN]: ScopeLevel.DISTRICT,
  [Role.VIEWER]: ScopeLevel.DISTRICT,
  [Role.STREET_OFFICER]: ScopeLevel.STREET,
  [Role.COMMUNITY_WORKER]: ScopeLevel.COMMUNITY,
  [Role.COURTYARD_COMMITTEE]: ScopeLevel.COURTYARD,
};

export type AssignedUnitLevel = ScopeLevel.STREET | ScopeLevel.COMMUNITY;

export interface AssignedUnit {
  level: AssignedUnitLevel;
  id: string;
}

/**
 * Whom an alert is assigned to (DOMAIN.md §7): a RED alert to the street of its courtyard, handled
 * by the street's officers; a YELLOW one to the community, handled by its workers.
 */
export const ALERT_ASSIGNMENT: Readonly<Record<AlertLevel, { level: AssignedUnitLevel; role: Role }>> = {
  [AlertLevel.RED]: { level: ScopeLevel.STREET, role: Role.STREET_OFFICER },
  [AlertLevel.YELLOW]: { level: ScopeLevel.COMMUNITY, role: Role.COMMUNITY_WORKER },
};

/**
 * Whether a role may acknowledge or resolve alerts of a level: the district admin always, otherwise
 * only the role the level is assigned to. The caller still checks that the user's unit is the
 * alert's assigned unit.
 */
export function mayHandleAlertLevel(role: `${Role}`, level: `${AlertLevel}`): boolean {
  return role === Role.DISTRICT_ADMIN || ALERT_ASSIGNMENT[level as AlertLevel].role === role;
}

/**
 * The unit an alert is assigned to: derived from its level, never stored, so an escalation
 * reassigns it by itself. The API's `Alert.assignedTo` and `canHandleAlert` read it.
 */
export function assignedUnit(alert: { level: `${AlertLevel}`; streetId: string; communityId: string }): AssignedUnit {
  const { level } = ALERT_ASSIGNMENT[alert.level as AlertLevel];
  return { level, id: level === ScopeLevel.STREET ? alert.streetId : alert.communityId };
}
