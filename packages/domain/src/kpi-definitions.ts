import { KpiKey, KpiStatus, PhaseKey } from './enums';
import { MAX_AT_MOST_TARGET } from './limits';

/**
 * The ten KPIs of DOMAIN.md §6–§7: how each is measured, its default targets by phase and its
 * status margin. Shared by the worker (which computes snapshots) and the API (which shows targets
 * and explains statuses) and the admin app (which formats values and checks targets).
 *
 * - `FRACTION` (0–1) and `SCORE` (0–100) are "at least" KPIs: GREEN when value ≥ target.
 * - `AT_MOST` KPIs (days, hours) are GREEN when value ≤ target.
 * - `RATIO` KPIs aggregate as Σ numerators / Σ denominators; `MEDIAN` and `PERCENTILE_90` are
 *   computed over the pooled records of the scope (never averaged across courtyards).
 */
export type KpiKind = 'FRACTION' | 'SCORE' | 'AT_MOST';
export type KpiAggregation = 'RATIO' | 'MEDIAN' | 'PERCENTILE_90';
export type KpiUnit = 'FRACTION' | 'SCORE' | 'DAYS' | 'HOURS';

export interface KpiDefinition {
  key: KpiKey;
  kind: KpiKind;
  aggregation: KpiAggregation;
  /** what `value` is measured in */
  unit: KpiUnit;
  defaultTargets: Readonly<Record<PhaseKey, number>>;
}

/** The margin within which a missed target is YELLOW: a fixed amount plus a share of the target. */
export const KPI_MARGINS: Readonly<Record<KpiKind, { fixed: number; shareOfTarget: number }>> = {
  FRACTION: { fixed: 0.1, shareOfTarget: 0 },
  SCORE: { fixed: 10, shareOfTarget: 0 },
  AT_MOST: { fixed: 0, shareOfTarget: 0.5 },
};

const targets = (pilot: number, promotion: number, consolidation: number) => ({
  [PhaseKey.PILOT]: pilot,
  [PhaseKey.PROMOTION]: promotion,
  [PhaseKey.CONSOLIDATION]: consolidation,
});

export const KPI_DEFINITIONS: Readonly<Record<KpiKey, KpiDefinition>> = {
  [KpiKey.PARTICIPATION_RATE]: {
    key: KpiKey.PARTICIPATION_RATE,
    kind: 'FRACTION',
    aggregation: 'RATIO',
    unit: 'FRACTION',
    defaultTargets: targets(0.3, 0.4, 0.6),
  },
  [KpiKey.DISPUTE_RESOLUTION_RATE]: {
    key: KpiKey.DISPUTE_RESOLUTION_RATE,
    kind: 'FRACTION',
    aggregation: 'RATIO',
    unit: 'FRACTION',
    defaultTargets: targets(0.8, 0.85, 0.9),
  },
  [KpiKey.SELF_FUNDING_RATE]: {
    key: KpiKey.SELF_FUNDING_RATE,
    kind: 'FRACTION',
    aggregation: 'RATIO',
    unit: 'FRACTION',
    defaultTargets: targets(0.3, 0.4, 0.5),
  },
  [KpiKey.IDLE_SPACE_UTILIZATION]: {
    key: KpiKey.IDLE_SPACE_UTILIZATION,
    kind: 'FRACTION',
    aggregation: 'RATIO',
    unit: 'FRACTION',
    defaultTargets: targets(0.3, 0.7, 0.7),
  },
  [KpiKey.SATISFACTION_SCORE]: {
    key: KpiKey.SATISFACTION_SCORE,
    kind: 'SCORE',
    aggregation: 'RATIO',
    unit: 'SCORE',
    defaultTargets: targets(75, 80, 90),
  },
  [KpiKey.YOUTH_PARTICIPATION_RATE]: {
    key: KpiKey.YOUTH_PARTICIPATION_RATE,
    kind: 'FRACTION',
    aggregation: 'RATIO',
    unit: 'FRACTION',
    defaultTargets: targets(0.15, 0.4, 0.4),
  },
  [KpiKey.DISPUTE_RESOLUTION_DAYS]: {
    key: KpiKey.DISPUTE_RESOLUTION_DAYS,
    kind: 'AT_MOST',
    aggregation: 'MEDIAN',
    unit: 'DAYS',
    defaultTargets: targets(30, 15, 10),
  },
  [KpiKey.SERVICE_RESPONSE_HOURS]: {
    key: KpiKey.SERVICE_RESPONSE_HOURS,
    kind: 'AT_MOST',
    aggregation: 'PERCENTILE_90',
    unit: 'HOURS',
    defaultTargets: targets(48, 8, 8),
  },
  [KpiKey.COMMITTEE_FORMATION_RATE]: {
    key: KpiKey.COMMITTEE_FORMATION_RATE,
    kind: 'FRACTION',
    aggregation: 'RATIO',
    unit: 'FRACTION',
    defaultTargets: targets(0.9, 0.9, 0.9),
  },
  [KpiKey.INSTITUTION_COMPLETENESS]: {
    key: KpiKey.INSTITUTION_COMPLETENESS,
    kind: 'FRACTION',
    aggregation: 'RATIO',
    unit: 'FRACTION',
    defaultTargets: targets(0.7, 0.7, 0.95),
  },
};

export const KPI_KEYS: readonly KpiKey[] = Object.values(KpiKey);

/** A KPI's unit; takes the enum or its GraphQL string. */
export function kpiUnit(kpi: `${KpiKey}`): KpiUnit {
  return KPI_DEFINITIONS[kpi as KpiKey].unit;
}

/** Days and hours are "at most" KPIs: lower is better. */
export function isAtMostKpi(kpi: `${KpiKey}`): boolean {
  return KPI_DEFINITIONS[kpi as KpiKey].kind === 'AT_MOST';
}

/** The range a target may take by kind; an "at most" target must be above its minimum (after rounding). */
export interface KpiTargetRange {
  min: number;
  max: number;
  exclusiveMin: boolean;
}

export const KPI_TARGET_RANGES: Readonly<Record<KpiKind, KpiTargetRange>> = {
  FRACTION: { min: 0, max: 1, exclusiveMin: false },
  SCORE: { min: 0, max: 100, exclusiveMin: false },
  AT_MOST: { min: 0, max: MAX_AT_MOST_TARGET, exclusiveMin: true },
};

/** Targets are stored with 4 decimals (numeric(12,4)). */
export function roundKpiTarget(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/** Whether a target may be stored for a KPI (the API refuses the others; the admin app checks first). */
export function kpiTargetInRange(kpi: `${KpiKey}`, value: number): boolean {
  const range = KPI_TARGET_RANGES[KPI_DEFINITIONS[kpi as KpiKey].kind];
  const aboveMin = range.exclusiveMin ? roundKpiTarget(value) > range.min : value >= range.min;
  return aboveMin && value <= range.max;
}

/** The plan's own target of a KPI in a phase (before any district override). */
export function defaultKpiTarget(kpi: KpiKey, phase: PhaseKey): number {
  return KPI_DEFINITIONS[kpi].defaultTargets[phase];
}

/** How far a value may miss `target` and still be YELLOW. */
export function kpiMargin(kpi: KpiKey, target: number): number {
  const margin = KPI_MARGINS[KPI_DEFINITIONS[kpi].kind];
  return margin.fixed + margin.shareOfTarget * target;
}

// compared in millionths, the precision of a stored value, so 0.4 − 0.3 is exactly 0.1
const micro = (x: number) => Math.round(x * 1e6);

/**
 * A value's status against its target by the margins alone (no escalation of consecutive yellow
 * months, which needs the history). NO_DATA without a value; GREEN without a target (there is
 * nothing to miss: see the KPI engine for why).
 */
export function kpiBand(kpi: KpiKey, value: number | null | undefined, target: number | null | undefined): KpiStatus {
  if (value === null || value === undefined) return KpiStatus.NO_DATA;
  if (target === null || target === undefined) return KpiStatus.GREEN;
  const atMost = KPI_DEFINITIONS[kpi].kind === 'AT_MOST';
  const miss = atMost ? micro(value) - micro(target) : micro(target) - micro(value);
  if (miss <= 0) return KpiStatus.GREEN;
  return miss <= micro(kpiMargin(kpi, target)) ? KpiStatus.YELLOW : KpiStatus.RED;
}
