import { describe, expect, it } from 'vitest';
import type { KpiPointFieldsFragment } from '@/graphql/generated/graphql';
import { buildTrendOption, buildTrendSeries, lastClosedPeriod, trendRange } from './kpi-trend';

const points: KpiPointFieldsFragment[] = [
  { period: '2026-08', value: 0.25, target: 0.3, status: 'YELLOW' },
  { period: '2026-09', value: null, target: 0.3, status: 'NO_DATA' },
  { period: '2026-10', value: 0.42, target: 0.4, status: 'GREEN' },
  { period: '2026-11', value: 0.1, target: 0.4, status: 'RED' },
];

describe('periods of the dashboard', () => {
  it('defaults to the last closed month, quarter and year', () => {
    expect(lastClosedPeriod('MONTH', '2026-11-08')).toBe('2026-10');
    expect(lastClosedPeriod('MONTH', '2026-01-01')).toBe('2025-12');
    expect(lastClosedPeriod('QUARTER', '2026-11-08')).toBe('2026-Q3');
    expect(lastClosedPeriod('YEAR', '2026-11-08')).toBe('2025');
  });

  it('draws twelve months ending with the period, never after the current month', () => {
    expect(trendRange('2026-10', '2026-11-08')).toEqual({ from: '2025-11', to: '2026-10' });
    expect(trendRange('2026-Q3', '2026-11-08')).toEqual({ from: '2025-10', to: '2026-09' });
    expect(trendRange('2026', '2026-11-08')).toEqual({ from: '2025-12', to: '2026-11' });
    expect(trendRange('2025', '2026-11-08')).toEqual({ from: '2025-01', to: '2025-12' });
  });
});

describe('buildTrendSeries', () => {
  it('labels the months, shows fractions in percent, keeps gaps and colours points by status', () => {
    const series = buildTrendSeries('PARTICIPATION_RATE', points, 'zh-CN');
    expect(series.categories).toEqual(['2026年8月', '2026年9月', '2026年10月', '2026年11月']);
    expect(series.values.map((point) => point.value)).toEqual([25, null, 42, 10]);
    expect(series.values.map((point) => point.itemStyle.color)).toEqual(['#e6a23c', '#c0c4cc', '#67c23a', '#f56c6c']);
    expect(series.targets).toEqual([30, 30, 40, 40]);
  });

  it('keeps days and scores in their unit', () => {
    const series = buildTrendSeries(
      'DISPUTE_RESOLUTION_DAYS',
      [{ period: '2026-10', value: 12.5, target: 15, status: 'GREEN' }],
      'en',
    );
    expect(series.categories).toEqual(['2026-10']);
    expect(series.values[0]!.value).toBe(12.5);
    expect(series.targets).toEqual([15]);
  });
});

describe('buildTrendOption', () => {
  it('draws the value as a line and the target as a dashed line on a 0–100% axis', () => {
    const option = buildTrendOption('PARTICIPATION_RATE', points, 'en', { value: 'Value', target: 'Target' });
    expect(option.series).toHaveLength(2);
    expect(option.series[0]).toMatchObject({ type: 'line', name: 'Value', connectNulls: false });
    expect(option.series[1]).toMatchObject({ type: 'line', name: 'Target', lineStyle: { type: 'dashed' } });
    expect(option.yAxis).toMatchObject({ min: 0, max: 100, axisLabel: { formatter: '{value}%' } });
    expect(option.xAxis.data).toEqual(['2026-08', '2026-09', '2026-10', '2026-11']);
    const tooltip = option.tooltip.formatter([{ dataIndex: 2, seriesName: 'Value', marker: '' }]);
    expect(tooltip).toBe('2026-10<br/>Value: 42%<br/>Target: 40%');
  });

  it('leaves the axis open for days and hours', () => {
    const option = buildTrendOption('SERVICE_RESPONSE_HOURS', [], 'en', { value: 'Value', target: 'Target' });
    expect(option.yAxis.max).toBeUndefined();
    expect(option.yAxis.axisLabel.formatter).toBe('{value}');
  });
});
