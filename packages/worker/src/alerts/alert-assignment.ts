import { AlertLevel } from '@xiaoyuan/schema';

export type AssignedUnitLevel = 'COMMUNITY' | 'STREET';

export interface AssignedUnit {
  level: AssignedUnitLevel;
  id: string;
}

/**
 * Who handles an alert (DOMAIN.md §7): a yellow one the courtyard's community, a red one its
 * street (挂牌督办). Derived from the level, never stored: an escalation reassigns it by itself.
 */
export function assignedUnit(alert: { level: AlertLevel; streetId: string; communityId: string }): AssignedUnit {
  return alert.level === AlertLevel.RED
    ? { level: 'STREET', id: alert.streetId }
    : { level: 'COMMUNITY', id: alert.communityId };
}
