import { JOBS, KPI_KEYS, KpiKey, QUEUES, parsePeriod } from '@xiaoyuan/schema';
import { UnrecoverableError } from 'bullmq';
import type { TenantJobData } from '../engine/job-definition';
import { defineJob } from '../engine/job-definition';
import type { SyncAlertsResult } from '../alerts/alert-engine';
import { periodsOfRange, recomputeKpiPeriods, type RecomputeKpisResult } from '../kpi/kpi-engine';

/**
 * The payload (the API enqueues it after records change, the monthly close for the closed month).
 * `period`: `2026-10`, `2026-Q4` or `2026`. `courtyardIds`: only those courtyards and the
 * roll-ups of their community, street and the district. `through` (a month, with `period` a
 * month): every month from `period` through it in order, then the quarters and years they touch.
 * `kpis` (with `courtyardIds`): only these KPIs can have changed (the refresh after a record names
 * the ones its kind affects); absent, all ten.
 */
export interface RecomputeKpisData extends TenantJobData {
  period: string;
  courtyardIds?: string[];
  through?: string;
  kpis?: KpiKey[];
}

export interface RecomputeKpisJobResult {
  periods: RecomputeKpisResult[];
  /** the alert changes, when a closed month was computed (then the alerts follow it, §7) */
  alerts: SyncAlertsResult | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_COURTYARDS = 10_000;

export function parseRecomputeKpis(data: unknown): RecomputeKpisData {
  const input = (data ?? {}) as Partial<Record<keyof RecomputeKpisData, unknown>>;
  const problems: string[] = [];
  const period = typeof input.period === 'string' ? parsePeriod(input.period) : null;
  if (!period) problems.push('period must be a month (2026-10), a quarter (2026-Q4) or a year (2026)');
  const ids = input.courtyardIds;
  if (
    ids !== undefined &&
    (!Array.isArray(ids) || ids.length > MAX_COURTYARDS || !ids.every((id) => typeof id === 'string' && UUID.test(id)))
  ) {
    problems.push(`courtyardIds must be a list of at most ${MAX_COURTYARDS} uuids`);
  }
  if (input.through !== undefined) {
    const through = typeof input.through === 'string' ? parsePeriod(input.through) : null;
    if (period?.kind !== 'MONTH' || through?.kind !== 'MONTH' || through.key < period.key) {
      problems.push('through must be a month on or after period, itself a month');
    }
  }
  const kpis = input.kpis;
  if (
    kpis !== undefined &&
    (!Array.isArray(kpis) ||
      !kpis.every((kpi) => typeof kpi === 'string' && (KPI_KEYS as readonly string[]).includes(kpi)))
  ) {
    problems.push(`kpis must be a list of KPI keys (${KPI_KEYS.join(', ')})`);
  }
  if (problems.length) throw new UnrecoverableError(`${JOBS.recomputeKpis}: ${problems.join('; ')}`);
  return {
    tenantId: input.tenantId as string,
    period: period!.key,
    ...(ids === undefined ? {} : { courtyardIds: (ids as string[]).map((id) => id.toLowerCase()) }),
    ...(input.through === undefined ? {} : { through: input.through as string }),
    ...(kpis === undefined ? {} : { kpis: [...new Set(kpis as KpiKey[])] }),
  };
}

/** Recomputes KPI snapshots, then the alerts when a closed month was among them, in the job's one tenant transaction (all commit together). */
export const recomputeKpisJob = defineJob<RecomputeKpisData, RecomputeKpisJobResult>({
  name: JOBS.recomputeKpis,
  queue: QUEUES.kpi,
  scope: 'tenant',
  parse: parseRecomputeKpis,
  async process({ em, clock, log }, job) {
    // the runner checked the payload for its scope; the processor gets the raw job
    const { tenantId, period, courtyardIds, through, kpis } = parseRecomputeKpis(job.data);
    await job.updateProgress({ done: 0, total: null });
    // the periods in order, then the alerts of the courtyards computed, in the same transaction
    const { periods, alerts } = await recomputeKpiPeriods(em, {
      tenantId,
      periods: through ? periodsOfRange(period, through) : [period],
      courtyardIds,
      kpis,
      clock,
      onProgress: (done, total, result) => job.updateProgress({ done, total, period: result.period }),
    });
    const scope = courtyardIds ? `${courtyardIds.length} courtyard(s)` : 'every scope';
    const changed = alerts
      ? `; alerts ${alerts.opened} opened, ${alerts.updated} updated, ${alerts.escalated} escalated, ${alerts.resolved} resolved`
      : '';
    log.info(`${JOBS.recomputeKpis}: ${periods.map((result) => result.period).join(', ')} for ${scope}${changed}`);
    return { periods, alerts };
  },
});
