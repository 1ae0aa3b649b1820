import { kpiUnit, parsePeriod, periodContaining, shiftPeriod, type PeriodKind } from '@xiaoyuan/domain';
import type { KpiKey, KpiPointFieldsFragment } from '@/graphql/generated/graphql';
import { periodLabel } from '@/utils/period-label';
import { formatKpiValue, kpiNumber, statusColor } from './kpi-format';

/** The last month whose last day has passed in the district's zone (the dashboard's default period). */
export function lastClosedPeriod(kind: PeriodKind, today: string): string {
  return shiftPeriod(periodContaining(kind, today), -1);
}

/**
 * The twelve months of a trend ending with the last month of `period` (a month, quarter or
 * year), never after the current month.
 */
export function trendRange(period: string, today: string, months = 12): { from: string; to: string } {
  const bounds = parsePeriod(period);
  const current = periodContaining('MONTH', today);
  let to = bounds ? bounds.end.slice(0, 7) : current;
  if (!parsePeriod(to) || to > current) to = current;
  return { from: shiftPeriod(to, -(months - 1)), to };
}

export interface TrendLabels {
  value: string;
  target: string;
}

export interface TrendSeries {
  categories: string[];
  /** Shown units (percent for fractions), null where there is no value. */
  values: { value: number | null; itemStyle: { color: string } }[];
  targets: (number | null)[];
}

const shown = (key: KpiKey, value: number | null): number | null =>
  value === null || value === undefined ? null : Number(kpiNumber(key, value, 2));

/** The points of a trend as chart series: labels, values coloured by status, the target line. */
export function buildTrendSeries(key: KpiKey, points: readonly KpiPointFieldsFragment[], locale: string): TrendSeries {
  return {
    categories: points.map((point) => periodLabel(point.period, locale)),
    values: points.map((point) => ({
      value: shown(key, point.value),
      itemStyle: { color: statusColor(point.status) },
    })),
    targets: points.map((point) => shown(key, point.target)),
  };
}

/** An ECharts option (line, grid, tooltip, legend, the target dashed) for one KPI's trend. */
export function buildTrendOption(
  key: KpiKey,
  points: readonly KpiPointFieldsFragment[],
  locale: string,
  labels: TrendLabels,
) {
  const series = buildTrendSeries(key, points, locale);
  const unit = kpiUnit(key);
  const suffix = unit === 'FRACTION' ? '%' : '';
  const byIndex = (index: number) => points[index];
  return {
    animation: false,
    grid: { left: 44, right: 16, top: 28, bottom: 28 },
    legend: {
      top: 0,
      right: 0,
      itemWidth: 16,
      itemHeight: 8,
      textStyle: { fontSize: 11 },
      data: [labels.value, labels.target],
    },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number; seriesName: string; marker: string }[]) => {
        const list = Array.isArray(params) ? params : [params];
        const point = byIndex(list[0]?.dataIndex ?? 0);
        if (!point) return '';
        return [
          periodLabel(point.period, locale),
          `${labels.value}: ${formatKpiValue(key, point.value, locale)}`,
          `${labels.target}: ${formatKpiValue(key, point.target, locale)}`,
        ].join('<br/>');
      },
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: series.categories,
      axisLabel: { fontSize: 10, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: unit === 'FRACTION' ? 100 : unit === 'SCORE' ? 100 : undefined,
      axisLabel: { fontSize: 10, formatter: `{value}${suffix}` },
      splitLine: { lineStyle: { color: '#ebeef5' } },
    },
    series: [
      {
        name: labels.value,
        type: 'line',
        data: series.values,
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 7,
        lineStyle: { color: '#409eff', width: 2 },
        itemStyle: { color: '#409eff' },
      },
      {
        name: labels.target,
        type: 'line',
        data: series.targets,
        step: 'end',
        symbol: 'none',
        lineStyle: { color: '#909399', width: 1.5, type: 'dashed' },
        itemStyle: { color: '#909399' },
      },
    ],
  };
}
