import { type DistrictClock, JOBS, QUEUES, parsePeriod, periodsContaining, previousPeriod } from '@xiaoyuan/schema';
import type { JobsOptions } from 'bullmq';
import type { SyncAlertsResult } from '../alerts/alert-engine';
import { defineJob } from '../engine/job-definition';
import { recomputeKpiPeriods, type RecomputeKpisResult } from '../kpi/kpi-engine';
import { writePeriodClosedDeliveries } from '../webhooks/period-closed';

export type MonthlyCloseResult =
  | {
      month: string;
      closed: true;
      periods: RecomputeKpisResult[];
      alerts: SyncAlertsResult | null;
      /** PERIOD_CLOSED deliveries written (none on a re-run) */
      webhookDeliveries: number;
    }
  | { month: string; closed: false; enqueued: string };

/** The id of a month's close: BullMQ adds a job once per id (`:` is reserved for its own ids). */
export function monthlyCloseJobId(tenantId: string, month: string): string {
  return `${JOBS.monthlyClose}-${tenantId.toLowerCase()}-${month}`;
}

/** Retries of a close (a database restart, a deploy): the job is idempotent. */
export const MONTHLY_CLOSE_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 60_000 },
  // kept a while so that a second trigger of the same month finds it and adds nothing
  removeOnComplete: { age: 90 * 24 * 3600 },
  removeOnFail: { age: 90 * 24 * 3600 },
};

/** The month before the current one in the district's time zone. */
export function previousMonthOf(clock: DistrictClock): string {
  return previousPeriod(clock.periodOf(clock.now(), 'MONTH')).key;
}

/**
 * The monthly close (DOMAIN.md §9): the month, its quarter and its year, in that order, then the
 * alerts (§7), then the webhooks' PERIOD_CLOSED deliveries (§10), all in the job's one transaction. Idempotent: a second run, or a retry after a
 * crash (the interrupted transaction rolled back), writes the same snapshots and no new alert.
 */
export const monthlyCloseJob = defineJob({
  name: JOBS.monthlyClose,
  queue: QUEUES.kpi,
  scope: 'tenant',
  async process({ em, clock, log, queues }, job): Promise<MonthlyCloseResult> {
    // `month` given: close it; absent (the district's job scheduler at 00:30 on the 1st): the month
    // before today in the district's time zone, enqueued under its deterministic id
    // (`monthlyCloseJobId`), so two triggers of the same month run it once
    const { tenantId, month: given } = job.data;
    const month = given ?? previousMonthOf(clock);
    const queue = queues.get(QUEUES.kpi);
    if (!given && queue) {
      const jobId = monthlyCloseJobId(tenantId, month);
      await queue.add(JOBS.monthlyClose, { tenantId, month }, { ...MONTHLY_CLOSE_JOB_OPTIONS, jobId });
      log.info(`${JOBS.monthlyClose}: ${tenantId} ${month} queued as #${jobId}`);
      return { month, closed: false, enqueued: jobId };
    }

    await job.updateProgress({ done: 0, total: 3 });
    const { periods, alerts } = await recomputeKpiPeriods(em, {
      tenantId,
      // the month, then the quarter and the year that contain it
      periods: periodsContaining(parsePeriod(month)!.start).map((period) => period.key),
      clock,
      onProgress: (done, total, result) => job.updateProgress({ done, total, period: result.period }),
    });
    // the webhooks' PERIOD_CLOSED, in this transaction: sent only if the close commits, and only for
    // a month that has ended (a run over the current month closes nothing)
    const webhookDeliveries = clock.isClosed(parsePeriod(month)!)
      ? await writePeriodClosedDeliveries(em, { tenantId, period: month })
      : 0;
    const changed = alerts
      ? `alerts ${alerts.opened} opened, ${alerts.updated} updated, ${alerts.escalated} escalated, ${alerts.resolved} resolved`
      : 'no alert (month still open)';
    log.info(`${JOBS.monthlyClose}: ${tenantId} ${periods.map((result) => result.period).join(', ')}; ${changed}`);
    return { month, closed: true, periods, alerts, webhookDeliveries };
  },
});
