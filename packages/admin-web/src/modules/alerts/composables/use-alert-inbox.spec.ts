import { describe, expect, it } from 'vitest';
import { alertActionKey } from './alert-display';
import { filtersFromQuery, toAlertFilter } from './use-alert-inbox';

describe('alert inbox filters', () => {
  it('shows open alerts by default and takes known values from the address', () => {
    expect(filtersFromQuery({})).toMatchObject({ status: 'OPEN', level: '', kpi: '', streetId: '' });
    expect(
      filtersFromQuery({ level: 'RED', kpi: 'SATISFACTION_SCORE', courtyardId: 'Q291cnR5YXJkOjE=' }),
    ).toMatchObject({
      status: 'OPEN',
      level: 'RED',
      kpi: 'SATISFACTION_SCORE',
      courtyardId: 'Q291cnR5YXJkOjE=',
    });
    expect(filtersFromQuery({ status: '', level: 'PURPLE', kpi: 'NOPE' })).toMatchObject({
      status: '',
      level: '',
      kpi: '',
    });
  });

  it('sends only the chosen filters, and none when nothing is chosen', () => {
    expect(toAlertFilter({ ...filtersFromQuery({ status: '' }) })).toBeNull();
    expect(toAlertFilter({ ...filtersFromQuery({ level: 'YELLOW' }), period: '2026-10', streetId: 'S1' })).toEqual({
      status: 'OPEN',
      level: 'YELLOW',
      period: '2026-10',
      streetId: 'S1',
    });
  });

  it('translates the known history actions only', () => {
    expect(alertActionKey('ACKNOWLEDGED')).toBe('alertActions.ACKNOWLEDGED');
    expect(alertActionKey('SOMETHING_NEW')).toBeNull();
  });
});
