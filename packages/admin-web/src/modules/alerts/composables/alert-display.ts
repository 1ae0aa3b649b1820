import type { AlertStatus } from '@/graphql/generated/graphql';

/** Element Plus tag type of an alert's status. */
export const ALERT_STATUS_TAG: Readonly<Record<AlertStatus, 'danger' | 'warning' | 'success'>> = {
  OPEN: 'danger',
  ACKNOWLEDGED: 'warning',
  RESOLVED: 'success',
};

/** The actions an alert's history records, each with a translation under `alertActions`. */
export const ALERT_ACTIONS = ['OPENED', 'UPDATED', 'ESCALATED', 'ACKNOWLEDGED', 'RESOLVED'] as const;

/** The translation key of a history action; an action the app does not know is shown as it is. */
export function alertActionKey(action: string): string | null {
  return (ALERT_ACTIONS as readonly string[]).includes(action) ? `alertActions.${action}` : null;
}

/** Timeline dot colour of a history action. */
export function alertActionColor(action: string): string {
  switch (action) {
    case 'OPENED':
    case 'ESCALATED':
      return '#f56c6c';
    case 'UPDATED':
      return '#e6a23c';
    case 'ACKNOWLEDGED':
      return '#409eff';
    case 'RESOLVED':
      return '#67c23a';
    default:
      return '#909399';
  }
}
