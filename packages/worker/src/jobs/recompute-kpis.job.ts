import { JOBS, QUEUES } from '@xiaoyuan/schema';
import { defineJob } from '../engine/job-definition';
import type { SyncAlertsResult } from '../alerts/alert-engine';
import { periodsOfRange, recomputeKpiPeriods, type RecomputeKpisResult } from '../kpi/kpi-engine';

export interface RecomputeKpisJobResult {
  periods: RecomputeKpisResult[];
  /** the alert changes, when a closed month was computed (then the alerts follow it, §7) */
  alerts: SyncAlertsResult | null;
}

/** Recomputes KPI snapshots, then the alerts when a closed month was among them, in the job's one tenant transaction (all commit together). */
export const recomputeKpisJob = defineJob({
  name: JOBS.recomputeKpis,
  queue: QUEUES.kpi,
  scope: 'tenant',
  async process({ em, clock, log }, job): Promise<RecomputeKpisJobResult> {
    // the payload (`RecomputeKpisPayload`), parsed by the runner; planned by the KPI-refresh planner
    const { tenantId, period, courtyardIds, through, kpis } = job.data;
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
