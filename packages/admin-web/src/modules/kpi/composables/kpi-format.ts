import { isAtMostKpi, KPI_DEFINITIONS, kpiTargetInRange, kpiUnit } from '@xiaoyuan/domain';
import type { KpiKey, KpiStatus } from '@/graphql/generated/graphql';

// How the ten KPIs are shown: formatting in their unit, status colours, the direction of a change,
// targets as edited. What a KPI is (unit, direction, target ranges) is the domain's (DOMAIN.md §6).

/** The status colours of the dashboard, cells, tags and chart points. */
export const STATUS_COLORS: Readonly<Record<KpiStatus, string>> = {
  GREEN: '#67c23a',
  YELLOW: '#e6a23c',
  RED: '#f56c6c',
  NO_DATA: '#c0c4cc',
};

/** Element Plus tag type of a status or an alert level. */
export const STATUS_TAG: Readonly<Record<KpiStatus, 'success' | 'warning' | 'danger' | 'info'>> = {
  GREEN: 'success',
  YELLOW: 'warning',
  RED: 'danger',
  NO_DATA: 'info',
};

export function statusColor(status: KpiStatus | null | undefined): string {
  return STATUS_COLORS[status ?? 'NO_DATA'] ?? STATUS_COLORS.NO_DATA;
}

const isZh = (locale: string) => locale.startsWith('zh');

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** The number alone, in the KPI's unit: 0.423 → "42.3", a score 81.25 → "81.3", 3.5 days → "3.5". */
export function kpiNumber(key: KpiKey, value: number, digits = 1): string {
  const unit = kpiUnit(key);
  const shown = unit === 'FRACTION' ? value * 100 : value;
  return trimZeros(shown.toFixed(digits));
}

/** The unit's suffix: "%", "" for a score, "天" / " d", "小时" / " h". */
export function kpiSuffix(key: KpiKey, locale: string): string {
  switch (kpiUnit(key)) {
    case 'FRACTION':
      return '%';
    case 'SCORE':
      return '';
    case 'DAYS':
      return isZh(locale) ? ' 天' : ' d';
    case 'HOURS':
      return isZh(locale) ? ' 小时' : ' h';
  }
}

/** A value as shown on a card or in a cell: "42.3%", "81.3", "3.5 天", "12 h"; "—" without a value. */
export function formatKpiValue(key: KpiKey, value: number | null | undefined, locale = 'zh-CN'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${kpiNumber(key, value)}${kpiSuffix(key, locale)}`;
}

export type ChangeDirection = 'up' | 'down' | 'flat';

/** Changes smaller than this (in the shown unit, rounded to one decimal) count as none. */
export function changeDirection(key: KpiKey, change: number | null | undefined): ChangeDirection | null {
  if (change === null || change === undefined || !Number.isFinite(change)) return null;
  const shown = Number(kpiNumber(key, Math.abs(change)));
  if (shown === 0) return 'flat';
  return change > 0 ? 'up' : 'down';
}

/** Whether a change is an improvement: up for rates and scores, down for days and hours. */
export function changeIsGood(key: KpiKey, change: number | null | undefined): boolean | null {
  const direction = changeDirection(key, change);
  if (direction === null || direction === 'flat') return null;
  return isAtMostKpi(key) ? direction === 'down' : direction === 'up';
}

/**
 * A change against the previous period: fractions in percentage points ("+3.2 个百分点" /
 * "+3.2 pp"), the rest in their unit; "—" without one.
 */
export function formatKpiChange(key: KpiKey, change: number | null | undefined, locale = 'zh-CN'): string {
  const direction = changeDirection(key, change);
  if (direction === null) return '—';
  const sign = direction === 'up' ? '+' : direction === 'down' ? '−' : '±';
  const number = kpiNumber(key, Math.abs(change as number));
  const suffix = kpiUnit(key) === 'FRACTION' ? (isZh(locale) ? ' 个百分点' : ' pp') : kpiSuffix(key, locale);
  return `${sign}${number}${suffix}`;
}

/** Why a target is out of its KPI's range, by the KPI's kind. */
const RANGE_PROBLEM = { FRACTION: 'fraction', SCORE: 'score', AT_MOST: 'positive' } as const;

export type TargetProblem = 'required' | 'number' | 'fraction' | 'score' | 'positive';

/** Why a target cannot be stored (null: it can). */
export function targetProblem(key: KpiKey, value: unknown): TargetProblem | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return 'required';
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) return 'number';
  return kpiTargetInRange(key, number) ? null : RANGE_PROBLEM[KPI_DEFINITIONS[key].kind];
}

/** A target for an input: fractions are edited as percentages (0.3 → 30). */
export function targetToInput(key: KpiKey, target: number): number {
  return kpiUnit(key) === 'FRACTION' ? Math.round(target * 100 * 100) / 100 : target;
}

/** Back from the input's number to the API's value (30 → 0.3 for a fraction). */
export function inputToTarget(key: KpiKey, input: number): number {
  return kpiUnit(key) === 'FRACTION' ? Math.round(input * 100) / 10000 : input;
}
