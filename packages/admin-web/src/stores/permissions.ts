import type { Role } from '@/graphql/types';

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
};

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
      };
    case 'COMMUNITY_WORKER':
    case 'COURTYARD_COMMITTEE':
      // Imports are the district admin's: the worker does not check a file's rows against a scope.
      return { ...NONE, viewHierarchy: true, writeCourtyards: true, registerHouseholds: true, writeRecords: true };
    case 'VIEWER':
      // Reads the whole district, the rollout board included; writes nothing.
      return { ...NONE, viewHierarchy: true, viewRollout: true };
    default:
      return NONE;
  }
}

/** Where a signed-in role lands. */
export function homeRouteFor(role: Role | null | undefined): string {
  if (role === 'PLATFORM_ADMIN') return 'districts';
  return 'hierarchy';
}
