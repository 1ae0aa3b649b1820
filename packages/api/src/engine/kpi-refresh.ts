import { createHash } from 'node:crypto';
import { isCalendarDate, JOBS, KPI_KEYS, KpiKey, localDate, QUEUES, type RecomputeKpisJob } from '@xiaoyuan/schema';
import type { JobsOptions } from 'bullmq';
import type { RequestContext } from './context';

/**
 * Delay of the first job of a refresh, the touched month alone: it runs this long after the first
 * record of a burst (a throttle: what arrives while it waits coalesces into it), so the record is
 * visible in its courtyard's month within well under 2 s.
 */
export const KPI_REFRESH_MONTH_DELAY_MS = 300;

/**
 * Debounce window of the second job, the touched month through the current one with their
 * quarters and years: a burst of records of the same courtyards and month within it becomes one
 * job, run once the burst has been quiet this long.
 */
export const KPI_REFRESH_DEBOUNCE_MS = 2000;

// A time zone no district's calendar is ahead of (UTC+14): "now" in every district is in this
// month or the one before. The API does not read the district's own zone after the request's
// transaction, so the refresh runs through this month: at the turn of a month (hours, at most a
// day) it computes the district's next month early, as a provisional snapshot with no records
// yet, which later runs overwrite.
const LATEST_ZONE = 'Pacific/Kiritimati';
// …and one no district is behind (UTC−12), for the local date of an instant (a service
// request's creation): the refresh may start a month early, never late.
const EARLIEST_ZONE = 'Etc/GMT+12';

/**
 * The KPIs a changed record of each kind can change (DOMAIN.md §6): the refresh's jobs name them
 * (`kpis`), so the worker writes only those and updates their roll-ups by delta. An enrolment
 * changes which courtyards count: every KPI, with the roll-ups re-summed.
 */
export const KPI_REFRESH_KINDS = {
  activity: [KpiKey.PARTICIPATION_RATE, KpiKey.YOUTH_PARTICIPATION_RATE],
  dispute: [KpiKey.DISPUTE_RESOLUTION_RATE, KpiKey.DISPUTE_RESOLUTION_DAYS],
  ledger: [KpiKey.SELF_FUNDING_RATE],
  idleSpace: [KpiKey.IDLE_SPACE_UTILIZATION],
  survey: [KpiKey.SATISFACTION_SCORE],
  serviceRequest: [KpiKey.SERVICE_RESPONSE_HOURS],
  committeeElection: [KpiKey.COMMITTEE_FORMATION_RATE],
  institution: [KpiKey.INSTITUTION_COMPLETENESS],
  enrolment: KPI_KEYS,
} as const satisfies Record<string, readonly KpiKey[]>;
export type KpiRecordKind = keyof typeof KPI_REFRESH_KINDS;

/**
 * Incremental KPI refresh after records change (DOMAIN.md §6): record services call
 * `context.kpiRefresh.touch(courtyardId, date)` once their writes succeeded; once the request's
 * transaction has committed, one `recompute-kpis` job recomputes those courtyards (and the
 * roll-ups of their community, street and district) from the earliest touched month through the
 * current one, so that the months after it see the change too (escalation reads the three months
 * before; committee, institution, idle-space and enrolment KPIs are cumulative), then the quarters
 * and years of those months.
 *
 * Two jobs per (first month, courtyards), so that the record is visible fast:
 * 1. the touched month alone (`period`, no `through`), `KPI_REFRESH_MONTH_DELAY_MS` after the
 *    first record of a burst: deduplicated by (tenant, month, courtyards, 'month') as a throttle,
 *    a record arriving while it waits is already covered by it;
 * 2. the month through the current one, then their quarters and years (`through`), in BullMQ's
 *    debounce mode by (tenant, month, courtyards): while it waits out its 2 s delay a new one
 *    replaces it. It recomputes the touched month again (months in order, for escalation).
 * While either runs, the latest of its kind is kept and runs after it (`keepLastIfActive`), so no
 * change is lost to a job that read the data before it committed. Both are idempotent.
 * Each touch names the kind of record (`KPI_REFRESH_KINDS`); the jobs carry the KPIs of every kind
 * touched for their courtyards (`kpis`, merged; omitted when that is all ten, as without a kind),
 * and their deduplication ids include those KPIs, so a burst of another kind never replaces or
 * throttles away a job that would not recompute its KPIs.
 * A failure to enqueue never fails the mutation: it is logged, and the monthly close recomputes
 * every scope of the closed month anyway.
 */
export class KpiRefresh {
  /** courtyard id → earliest touched month, `YYYY-MM` */
  private readonly touched = new Map<string, string>();
  /** courtyard id → the KPIs its touched records can change (null: all) */
  private readonly kpis = new Map<string, Set<KpiKey> | null>();
  private registered = false;

  constructor(private readonly context: RequestContext) {}

  /**
   * Notes that a courtyard's records of `kind` (absent: any, every KPI) dated `date` (a local
   * `YYYY-MM-DD`, or an instant) changed.
   */
  touch(courtyardId: string, date: string | Date | null | undefined, kind?: KpiRecordKind): void {
    const caller = this.context.caller;
    if (!caller || caller.kind !== 'district' || !date) return;
    const day =
      date instanceof Date
        ? Number.isNaN(date.getTime())
          ? null
          : localDate(EARLIEST_ZONE, date)
        : isCalendarDate(date.slice(0, 10))
          ? date.slice(0, 10)
          : null;
    if (!day) return;
    const month = day.slice(0, 7);
    const earliest = this.touched.get(courtyardId);
    if (!earliest || month < earliest) this.touched.set(courtyardId, month);
    const known = this.kpis.get(courtyardId);
    if (!kind || known === null) this.kpis.set(courtyardId, null);
    else this.kpis.set(courtyardId, new Set([...(known ?? []), ...KPI_REFRESH_KINDS[kind]]));
    if (!this.registered) {
      this.registered = true;
      this.context.onTransactionEnd(
        () => this.flush(caller.tenantId),
        async () => {
          this.touched.clear();
          this.kpis.clear();
        },
      );
    }
  }

  /**
   * The jobs the touched courtyards need (exported for tests): per first month, the month's job,
   * then the range's; the months' jobs of every group come first.
   */
  jobs(tenantId: string, now: Date = new Date()): { data: RecomputeKpisJob; options: JobsOptions }[] {
    const current = localDate(LATEST_ZONE, now).slice(0, 7);
    const byMonth = new Map<string, string[]>();
    for (const [courtyardId, month] of this.touched) byMonth.set(month, [...(byMonth.get(month) ?? []), courtyardId]);
    const common = {
      attempts: 3,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    } satisfies JobsOptions;
    const groups = [...byMonth]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, ids]) => {
        const courtyardIds = [...ids].sort();
        const through = month > current ? month : current;
        const who =
          courtyardIds.length === 1
            ? courtyardIds[0]
            : createHash('sha256').update(courtyardIds.join(',')).digest('hex').slice(0, 32);
        // the KPIs of every kind touched for these courtyards; all ten: omitted (the full run)
        const sets = courtyardIds.map((id) => this.kpis.get(id) ?? null);
        const merged = sets.includes(null) ? null : new Set(sets.flatMap((set) => [...set!]));
        const kpis = merged && merged.size < KPI_KEYS.length ? KPI_KEYS.filter((kpi) => merged.has(kpi)) : undefined;
        const key = kpis ? `${who}:${kpis.join('+')}` : who;
        return { month, through, courtyardIds, key, kpis };
      });
    return [
      ...groups.map(({ month, courtyardIds, key, kpis }) => ({
        data: { tenantId, period: month, courtyardIds, ...(kpis ? { kpis } : {}) },
        options: {
          ...common,
          delay: KPI_REFRESH_MONTH_DELAY_MS,
          // a throttle: the first record of a burst schedules it, the rest coalesce into it
          deduplication: { id: `${tenantId}:${month}:${key}:month`, keepLastIfActive: true },
        },
      })),
      ...groups.map(({ month, through, courtyardIds, key, kpis }) => ({
        data: { tenantId, period: month, through, courtyardIds, ...(kpis ? { kpis } : {}) },
        options: {
          ...common,
          delay: KPI_REFRESH_DEBOUNCE_MS,
          // `ttl` is ignored with keepLastIfActive: the key lives as long as its job
          deduplication: { id: `${tenantId}:${month}:${key}`, extend: true, replace: true, keepLastIfActive: true },
        },
      })),
    ];
  }

  private async flush(tenantId: string): Promise<void> {
    const jobs = this.jobs(tenantId);
    this.touched.clear();
    this.kpis.clear();
    for (const [index, { data, options }] of jobs.entries()) {
      try {
        // a short wait for Redis: the response is waiting for this
        await this.context.services.queues.add(QUEUES.kpi, JOBS.recomputeKpis, data, options, 500);
      } catch (error) {
        // the queue is down: one warning for this and the remaining jobs, no further waits
        const missed = jobs
          .slice(index)
          .map(
            ({ data: job }) =>
              `${job.period}..${job.through ?? job.period} of ${job.courtyardIds?.length} courtyard(s)`,
          );
        this.context.services.log.warn(
          `[kpi-refresh] could not enqueue ${JOBS.recomputeKpis} ${missed.join(', ')}; the monthly close repairs it: ${(error as Error).message}`,
        );
        return;
      }
    }
  }
}
