import type { AlertLevel, Role, SessionUserFieldsFragment } from '@/graphql/generated/graphql';

/** What the interface offers a role (DOMAIN.md §8); the API enforces the same rules and the scope. */
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
  /** 预警督办: the alert inbox (acknowledging one is decided per alert: `canHandleAlert`). */
  viewAlerts: boolean;
  /** Recompute a period's KPIs of the whole district. */
  recomputeKpis: boolean;
  /** The KPI targets by phase (read). */
  viewKpiTargets: boolean;
  /** Override a target or reset it to the plan's default. */
  manageKpiTargets: boolean;
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
};

/** What every district role reads: the dashboard and the alerts of its subtree. */
const DISTRICT_READS = { viewDashboard: true, viewAlerts: true } as const;

export function permissionsFor(role: Role | null | undefined): Permissions {
  switch (role) {
    case 'PLATFORM_ADMIN':
      return { ...NONE, viewDistricts: true };
    case 'DISTRICT_ADMIN':
      return {
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
      };
    case 'STREET_OFFICER':
      return {
        ...NONE,
        viewHierarchy: true,
        createCommunity: true,
        editCommunity: true,
        writeCourtyards: true,
        registerHouseholds: true,
        writeRecords: true,
        ...DISTRICT_READS,
      };
    case 'COMMUNITY_WORKER':
    case 'COURTYARD_COMMITTEE':
      // Imports are the district admin's: the worker does not check a file's rows against a scope.
      return {
        ...NONE,
        viewHierarchy: true,
        writeCourtyards: true,
        registerHouseholds: true,
        writeRecords: true,
        ...DISTRICT_READS,
      };
    case 'VIEWER':
      // Reads the whole district, the rollout board and the targets included; writes nothing.
      return { ...NONE, viewHierarchy: true, viewRollout: true, ...DISTRICT_READS, viewKpiTargets: true };
    default:
      return NONE;
  }
}

/** Where a signed-in role lands: the platform operator on the districts, every district role on 总览. */
export function homeRouteFor(role: Role | null | undefined): string {
  if (role === 'PLATFORM_ADMIN') return 'districts';
  return 'dashboard';
}

export interface AlertHandler {
  role: Role;
  scope?: SessionUserFieldsFragment['scope'];
}

/**
 * Who may acknowledge or resolve an alert (DOMAIN.md §7): the district admin, and the users of
 * its assigned unit — a RED alert's street officers, a YELLOW alert's community workers. The API
 * decides anyway (FORBIDDEN); this only hides the buttons from everybody else.
 */
export function canHandleAlert(
  user: AlertHandler | null | undefined,
  alert: { level: AlertLevel; status: string; assignedTo: { __typename: string; id: string } },
): boolean {
  if (!user || alert.status === 'RESOLVED') return false;
  if (user.role === 'DISTRICT_ADMIN') return true;
  const scope = user.scope;
  if (!scope || scope.id !== alert.assignedTo.id) return false;
  if (alert.level === 'RED') return user.role === 'STREET_OFFICER' && scope.__typename === 'Street';
  return user.role === 'COMMUNITY_WORKER' && scope.__typename === 'Community';
}
