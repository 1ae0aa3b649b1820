import { describe, expect, it } from 'vitest';
import type { KpiTargetFieldsFragment } from '@/graphql/generated/graphql';
import { kpisByKey, useClosedPeriodPicker } from './use-dashboard';
import { targetRows } from './use-kpi-targets';

describe('targetRows', () => {
  it('lays the targets out as one row per KPI, one cell per phase', () => {
    const targets: KpiTargetFieldsFragment[] = [
      { phase: 'PILOT', kpi: 'SATISFACTION_SCORE', target: 75, defaultTarget: 75, overridden: false },
      { phase: 'PROMOTION', kpi: 'SATISFACTION_SCORE', target: 85, defaultTarget: 80, overridden: true },
      { phase: 'PILOT', kpi: 'PARTICIPATION_RATE', target: 0.3, defaultTarget: 0.3, overridden: false },
    ];
    const rows = targetRows(targets);
    expect(rows.map((row) => row.kpi)).toHaveLength(10);
    expect(rows[0]!.kpi).toBe('PARTICIPATION_RATE');
    const satisfaction = rows.find((row) => row.kpi === 'SATISFACTION_SCORE')!;
    expect(Object.keys(satisfaction.cells)).toEqual(['PILOT', 'PROMOTION']);
    expect(satisfaction.cells.PROMOTION).toMatchObject({ target: 85, overridden: true });
  });
});

describe('dashboard helpers', () => {
  it('indexes a unit KPIs by key', () => {
    const byKey = kpisByKey({ kpis: [{ key: 'SATISFACTION_SCORE', value: 80, target: 80, status: 'GREEN' }] });
    expect(byKey.SATISFACTION_SCORE?.status).toBe('GREEN');
    expect(byKey.PARTICIPATION_RATE).toBeUndefined();
  });

  it('starts on the last closed period of each kind', () => {
    const picker = useClosedPeriodPicker(() => '2026-12-01');
    expect(picker.period.value).toBe('2026-11');
    expect(picker.options.value[0]).toBe('2026-12');
    picker.setKind('QUARTER');
    expect(picker.period.value).toBe('2026-Q3');
    picker.setKind('YEAR');
    expect(picker.period.value).toBe('2025');
  });
});
