import { JOBS, planKpiRefresh, type KpiRecordKind, type KpiRecordTouch, type PlannedKpiJob } from '@xiaoyuan/schema';
import type { RequestContext } from './context';

/**
 * Incremental KPI refresh after records change (DOMAIN.md §6): record services call
 * `context.kpiRefresh.touch(courtyardId, date, kind)` once their writes succeeded; once the
 * request's transaction has committed, the jobs the KPI-refresh planner plans for those touches
 * (`planKpiRefresh`, cause `records`: the touched months at once, then each month through the
 * current one, debounced) are enqueued. Dates and "today" are the district's (`context.clock`).
 * A failure to enqueue never fails the mutation: it is logged, and the monthly close recomputes
 * every scope of the closed month anyway.
 */
export class KpiRefresh {
  private readonly touches: KpiRecordTouch[] = [];
  private registered = false;

  constructor(private readonly context: RequestContext) {}

  /**
   * Notes that a courtyard's records of `kind` (absent: any, every KPI) dated `date` (a local
   * `YYYY-MM-DD`, or an instant) changed.
   */
  touch(courtyardId: string, date: string | Date | null | undefined, kind?: KpiRecordKind): void {
    const caller = this.context.caller;
    if (!caller || caller.kind !== 'district' || !date) return;
    if (date instanceof Date && Number.isNaN(date.getTime())) return;
    const localDate = date instanceof Date ? this.context.clock.localDate(date) : date;
    this.touches.push({ courtyardId, date: localDate, ...(kind ? { kind } : {}) });
    if (!this.registered) {
      this.registered = true;
      this.context.onTransactionEnd(
        () => this.flush(caller.tenantId),
        async () => {
          this.touches.length = 0;
        },
      );
    }
  }

  /** The jobs the touches so far need (exported for tests). */
  jobs(tenantId: string): PlannedKpiJob[] {
    return planKpiRefresh({ cause: 'records', tenantId, touches: this.touches, today: this.context.clock.today() });
  }

  private async flush(tenantId: string): Promise<void> {
    const jobs = this.jobs(tenantId);
    this.touches.length = 0;
    for (const [index, job] of jobs.entries()) {
      try {
        // a short wait for Redis: the response is waiting for this
        await this.context.services.queues.enqueue(job, 500);
      } catch (error) {
        // the queue is down: one warning for this and the remaining jobs, no further waits
        const missed = jobs
          .slice(index)
          .map(
            ({ data }) => `${data.period}..${data.through ?? data.period} of ${data.courtyardIds?.length} courtyard(s)`,
          );
        this.context.services.log.warn(
          `[kpi-refresh] could not enqueue ${JOBS.recomputeKpis} ${missed.join(', ')}; the monthly close repairs it: ${(error as Error).message}`,
        );
        return;
      }
    }
  }
}
