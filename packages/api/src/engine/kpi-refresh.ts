import {
  JOBS,
  markKpiRefreshRequestsEnqueued,
  planKpiRefresh,
  withTenant,
  writeKpiRefreshRequests,
  type KpiRecordKind,
  type KpiRecordTouch,
  type OutboxKpiJob,
  type PlannedKpiJob,
} from '@xiaoyuan/schema';
import type { RequestContext } from './context';

/**
 * Incremental KPI refresh after records change (DOMAIN.md §6), through the outbox
 * `kpi_refresh_requests`: record services call `context.kpiRefresh.touch(courtyardId, date, kind)`
 * once their writes succeeded (other changes hand planned jobs to `request`); just before the
 * request's transaction commits, the jobs the KPI-refresh planner plans for those touches
 * (`planKpiRefresh`, cause `records`) are written in one insert of that transaction. Once it has
 * committed they are enqueued at once and marked enqueued; whatever Redis refused waits in the
 * outbox for the worker's relay, so an outage delays a refresh and never fails the mutation or
 * loses the refresh. A rolled-back request leaves no request. Dates and "today" are the
 * district's (`context.clock`).
 */
export class KpiRefresh {
  private readonly touches: KpiRecordTouch[] = [];
  private readonly planned: PlannedKpiJob[] = [];
  private registered = false;

  constructor(private readonly context: RequestContext) {}

  /**
   * Notes that a courtyard's records of `kind` (absent: any, every KPI) dated `date` (a local
   * `YYYY-MM-DD`, or an instant) changed.
   */
  touch(courtyardId: string, date: string | Date | null | undefined, kind?: KpiRecordKind): void {
    const caller = this.context.caller;
    // a person of the district or a partner's API client (RECORDS_WRITE); the platform writes no records
    if (!caller || caller.kind === 'platform' || !date) return;
    if (date instanceof Date && Number.isNaN(date.getTime())) return;
    const localDate = date instanceof Date ? this.context.clock.localDate(date) : date;
    this.touches.push({ courtyardId, date: localDate, ...(kind ? { kind } : {}) });
    this.register(caller.tenantId);
  }

  /** Jobs the planner planned for another cause (e.g. `targets`), recorded and enqueued as the touches' are. */
  request(tenantId: string, jobs: readonly PlannedKpiJob[]): void {
    this.planned.push(...jobs);
    this.register(tenantId);
  }

  /** The jobs the touches and requests so far need (exported for tests). */
  jobs(tenantId: string): PlannedKpiJob[] {
    const fromTouches = this.touches.length
      ? planKpiRefresh({ cause: 'records', tenantId, touches: this.touches, today: this.context.clock.today() })
      : [];
    return [...fromTouches, ...this.planned];
  }

  private register(tenantId: string): void {
    if (this.registered) return;
    this.registered = true;
    this.context.beforeCommit(async () => {
      const jobs = this.jobs(tenantId);
      this.touches.length = 0;
      this.planned.length = 0;
      this.registered = false;
      const requests = await writeKpiRefreshRequests(this.context.em, tenantId, jobs);
      if (requests.length) this.context.onTransactionEnd(() => this.enqueue(tenantId, requests));
    });
  }

  /** The fast path: enqueue now and mark enqueued; what Redis refuses stays for the worker's relay. */
  private async enqueue(tenantId: string, requests: readonly OutboxKpiJob[]): Promise<void> {
    const { queues, log, orm } = this.context.services;
    const enqueued: string[] = [];
    for (const { requestId, job } of requests) {
      try {
        // a short wait for Redis: the response is waiting for this
        const { outcome } = await queues.enqueue(job, 500);
        if (outcome === 'busy') {
          log.warn(`[kpi-refresh] both jobs ${job.id} are running; a later change or the monthly close picks this up`);
        }
        enqueued.push(requestId);
      } catch (error) {
        // the queue is down: one warning, no further waits; the relay enqueues the rest
        log.warn(
          `[kpi-refresh] ${requests.length - enqueued.length} ${JOBS.recomputeKpis} job(s) wait in the outbox until Redis answers: ${(error as Error).message}`,
        );
        break;
      }
    }
    if (enqueued.length) await withTenant(orm.em, { tenantId }, (em) => markKpiRefreshRequestsEnqueued(em, enqueued));
  }
}
