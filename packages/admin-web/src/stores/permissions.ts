import { mayHandleAlertLevel } from '@xiaoyuan/domain';
import type { AlertLevel, Role, SessionUserFieldsFragment } from '@/graphql/generated/graphql';

// What the interface offers a role is the domain's role matrix (`permissionsFor`, DOMAIN.md §8),
// which the API enforces with the scope. Here: where a role lands, and whose alert buttons show.

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
  if (!user || alert.status === 'RESOLVED' || !mayHandleAlertLevel(user.role, alert.level)) return false;
  if (user.role === 'DISTRICT_ADMIN') return true;
  // the user's own unit must be the one the alert is assigned to (a street or a community)
  return !!user.scope && user.scope.id === alert.assignedTo.id && user.scope.__typename === alert.assignedTo.__typename;
}
