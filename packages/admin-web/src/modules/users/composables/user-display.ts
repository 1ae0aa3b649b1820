import { ROLE_SCOPE_LEVEL, ROLES_MANAGED_BY, ScopeLevel, type Role as DomainRole } from '@xiaoyuan/domain';
import type { ManagedUserFieldsFragment, Role, ScopeUnitFieldsFragment } from '@/graphql/generated/graphql';

export type ScopeUnitKind = ScopeUnitFieldsFragment['__typename'];

/** The account states the list filters by (the API's `disabled`). */
export const USER_STATUSES = ['ACTIVE', 'DISABLED'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

const UNIT_KIND_OF_LEVEL: Partial<Record<ScopeLevel, ScopeUnitKind>> = {
  [ScopeLevel.STREET]: 'Street',
  [ScopeLevel.COMMUNITY]: 'Community',
  [ScopeLevel.COURTYARD]: 'Courtyard',
};

/** The kind of unit a scoped role names (the domain's ROLE_SCOPE_LEVEL); null for a role of the whole district. */
export function unitKindOf(role: Role | '' | null | undefined): ScopeUnitKind | null {
  if (!role) return null;
  const level = ROLE_SCOPE_LEVEL[role as DomainRole];
  return (level && UNIT_KIND_OF_LEVEL[level]) ?? null;
}

/** The roles a signed-in role may give (the domain's ROLES_MANAGED_BY); none without a role. */
export function rolesManagedBy(role: Role | null | undefined): readonly Role[] {
  return role ? ROLES_MANAGED_BY[role as DomainRole] : [];
}

/**
 * Whether the form must name a unit: a scoped role always when creating; when editing, unless the
 * user's unit already has the role's kind (the API keeps it when no unit is given).
 */
export function needsUnitChoice(role: Role | '', user: Pick<ManagedUserFieldsFragment, 'scope'> | undefined): boolean {
  const kind = unitKindOf(role);
  return kind !== null && user?.scope?.__typename !== kind;
}
