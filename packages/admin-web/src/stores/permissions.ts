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
      };
    case 'STREET_OFFICER':
      return {
        ...NONE,
        viewHierarchy: true,
        createCommunity: true,
        editCommunity: true,
        writeCourtyards: true,
        registerHouseholds: true,
      };
    case 'COMMUNITY_WORKER':
    case 'COURTYARD_COMMITTEE':
      return { ...NONE, viewHierarchy: true, writeCourtyards: true, registerHouseholds: true };
    case 'VIEWER':
      return { ...NONE, viewHierarchy: true };
    default:
      return NONE;
  }
}

/** Where a signed-in role lands. */
export function homeRouteFor(role: Role | null | undefined): string {
  if (role === 'PLATFORM_ADMIN') return 'districts';
  return 'hierarchy';
}
