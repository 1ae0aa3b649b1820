import { AlertLevel } from '../enums';

export type AssignedUnitLevel = 'COMMUNITY' | 'STREET';

export interface AssignedUnit {
  level: AssignedUnitLevel;
  id: string;
}

/**
 * Who handles an alert (DOMAIN.md §7): a yellow one the courtyard's community, a red one its
 * street (挂牌督办). Derived from the level, never stored: an escalation reassigns it by itself.
 * The one copy of the rule on the server: the API's `Alert.assignedTo` and who may acknowledge or
 * resolve an alert (`canHandleAlert`) both read it.
 */
export function assignedUnit(alert: {
  level: AlertLevel | `${AlertLevel}`;
  streetId: string;
  communityId: string;
}): AssignedUnit {
  return alert.level === AlertLevel.RED
    ? { level: 'STREET', id: alert.streetId }
    : { level: 'COMMUNITY', id: alert.communityId };
}
