import { KpiKey, KpiStatus, PhaseKey } from './enums';
import { defaultKpiTarget, isAtMostKpi, kpiBand, kpiTargetInRange, kpiUnit, roundKpiTarget } from './kpi-definitions';
import { MAX_AT_MOST_TARGET } from './limits';

describe('KPI definitions', () => {
  it('measures each KPI in its unit and knows which are "at most"', () => {
    expect(kpiUnit(KpiKey.PARTICIPATION_RATE)).toBe('FRACTION');
    expect(kpiUnit('SATISFACTION_SCORE')).toBe('SCORE');
    expect(kpiUnit('DISPUTE_RESOLUTION_DAYS')).toBe('DAYS');
    expect(isAtMostKpi('SERVICE_RESPONSE_HOURS')).toBe(true);
    expect(isAtMostKpi('SATISFACTION_SCORE')).toBe(false);
    expect(defaultKpiTarget(KpiKey.SERVICE_RESPONSE_HOURS, PhaseKey.PILOT)).toBe(48);
  });

  it('bands a value against its target by the margins', () => {
    expect(kpiBand(KpiKey.PARTICIPATION_RATE, 0.3, 0.4)).toBe(KpiStatus.YELLOW); // exactly 0.1 short
    expect(kpiBand(KpiKey.PARTICIPATION_RATE, 0.29, 0.4)).toBe(KpiStatus.RED);
    expect(kpiBand(KpiKey.DISPUTE_RESOLUTION_DAYS, 15, 10)).toBe(KpiStatus.YELLOW);
    expect(kpiBand(KpiKey.DISPUTE_RESOLUTION_DAYS, 9, 10)).toBe(KpiStatus.GREEN);
    expect(kpiBand(KpiKey.SATISFACTION_SCORE, null, 80)).toBe(KpiStatus.NO_DATA);
    expect(kpiBand(KpiKey.SATISFACTION_SCORE, 10, null)).toBe(KpiStatus.GREEN);
  });

  it('takes targets: fractions 0–1, scores 0–100, days and hours above 0 up to the cap', () => {
    expect(kpiTargetInRange('PARTICIPATION_RATE', 0)).toBe(true);
    expect(kpiTargetInRange('PARTICIPATION_RATE', 1)).toBe(true);
    expect(kpiTargetInRange('PARTICIPATION_RATE', 1.2)).toBe(false);
    expect(kpiTargetInRange('PARTICIPATION_RATE', -0.1)).toBe(false);
    expect(kpiTargetInRange('SATISFACTION_SCORE', 100)).toBe(true);
    expect(kpiTargetInRange('SATISFACTION_SCORE', 101)).toBe(false);
    expect(kpiTargetInRange('DISPUTE_RESOLUTION_DAYS', 10)).toBe(true);
    expect(kpiTargetInRange('DISPUTE_RESOLUTION_DAYS', 0)).toBe(false);
    // rounds to 0 with the four stored decimals
    expect(kpiTargetInRange('DISPUTE_RESOLUTION_DAYS', 0.00004)).toBe(false);
    expect(kpiTargetInRange('SERVICE_RESPONSE_HOURS', MAX_AT_MOST_TARGET)).toBe(true);
    expect(kpiTargetInRange('SERVICE_RESPONSE_HOURS', MAX_AT_MOST_TARGET + 1)).toBe(false);
    expect(kpiTargetInRange('SERVICE_RESPONSE_HOURS', Number.NaN)).toBe(false);
    expect(roundKpiTarget(0.33333)).toBe(0.3333);
  });
});
