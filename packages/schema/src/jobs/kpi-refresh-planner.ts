import { createHash } from 'node:crypto';
import { JOBS, QUEUES } from '../constants';
import { isCalendarDate, KPI_KEYS, KpiKey } from '@xiaoyuan/domain';
import type { RecomputeKpisPayload } from './job-payloads';
import type { PlannedJob, PlannedJobOptions } from './planned-job';

/*
 * The one place that decides which `recompute-kpis` job a change needs (DOMAIN.md §6): for each
 * cause, the periods, courtyards and KPIs of the job, its id in the one id scheme (`kpiJobId`),
 * how a job of the same id is treated (`PlannedJob.policy`) and its BullMQ options. Pure: callers
 * say what changed and give "today"; they enqueue what comes back (`enqueuePlannedJob`) after
 * their transaction has committed, and never fail their own work when the queue is down.
 */

/**
 * Delay of the first job after record changes, the touched month alone: it runs this long after
 * the first record of a burst (a throttle: what arrives while it waits coalesces into it), so the
 * record is visible in its courtyard's month within well under 2 s.
 */
export const KPI_REFRESH_MONTH_DELAY_MS = 300;

/**
 * Debounce window of the second job, the touched month through the current one with their
 * quarters and years: a burst of records of the same courtyards and month within it becomes one
 * job, run once the burst has been quiet this long.
 */
export const KPI_REFRESH_DEBOUNCE_MS = 2000;

/** Target edits within this window become one recompute (a waiting job reads the targets when it runs). */
export const KPI_TARGETS_RECOMPUTE_DELAY_MS = 2000;

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

/** A courtyard's record of `kind` (absent: any, every KPI) dated `date` (a local `YYYY-MM-DD` of the district) changed. */
export interface KpiRecordTouch {
  courtyardId: string;
  date: string | null | undefined;
  kind?: KpiRecordKind;
}

/** A record corrected (moved from local date `before` to `after`) or voided (`after` null): both dates' months change. */
export interface KpiRecordCorrection {
  courtyardId: string;
  kind?: KpiRecordKind;
  before: string;
  after: string | null;
}

/**
 * What changed. `today`: the caller's local date (`YYYY-MM-DD`: the district's, or `latestToday()`);
 * refreshes run through its month.
 */
export type KpiRefreshCause =
  /** records created, changed or reversed in one transaction */
  | { cause: 'records'; tenantId: string; touches: readonly KpiRecordTouch[]; today: string }
  /** records corrected or voided (issue 12): the old and the new dates both count */
  | { cause: 'correction'; tenantId: string; corrections: readonly KpiRecordCorrection[]; today: string }
  /** a recompute of one period of the whole district, requested by hand */
  | { cause: 'manual'; tenantId: string; period: string }
  /** a district's KPI targets changed: this year's months so far, every scope */
  | { cause: 'targets'; tenantId: string; today: string }
  /** an import committed: its courtyards from their first month through today's */
  | { cause: 'import'; tenantId: string; courtyardIds: readonly string[]; firstMonth: string; today: string }
  /** the demo district was generated: every month from its plan's first (`from`; null: no plan) through today's */
  | { cause: 'demo'; tenantId: string; from: string | null; today: string };

/** A job of the plan: always `recompute-kpis` on the kpi queue. */
export type PlannedKpiJob = PlannedJob<typeof JOBS.recomputeKpis>;

/**
 * The one id scheme of KPI jobs: `recompute-kpis/<tenant>/<period>[..<through>]/<scope>[/<kpis>]`,
 * where scope is `district`, the one courtyard's id or a hash of the sorted courtyard ids, and
 * kpis (only when fewer than all ten) the keys joined by `+`. Two jobs of the same id do the same
 * work, whatever caused them. A whole-district job uses it as its BullMQ job id, a courtyards' job
 * as its deduplication id (`/` because BullMQ reserves `:` in job ids).
 */
export function kpiJobId(data: RecomputeKpisPayload): string {
  const periods = data.through ? `${data.period}..${data.through}` : data.period;
  const ids = data.courtyardIds ? [...data.courtyardIds].sort() : null;
  const scope = !ids
    ? 'district'
    : ids.length === 1
      ? ids[0]
      : createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 32);
  const kpis = data.kpis && data.kpis.length < KPI_KEYS.length ? `/${data.kpis.join('+')}` : '';
  return `${JOBS.recomputeKpis}/${data.tenantId}/${periods}/${scope}${kpis}`;
}

/**
 * Retries sized for an outage of PostgreSQL or Redis of minutes: waits of 1, 2, 4 … 256 s (±20 %
 * jitter, so a district's jobs do not all return at once), the nine retries spread over ~8.5
 * minutes; the longest wait is bounded by the attempts. Past that, the monthly close repairs it.
 */
export const KPI_JOB_RETRIES = { attempts: 10, backoff: { type: 'exponential', delay: 1000, jitter: 0.2 } } as const;
const RETRIES = KPI_JOB_RETRIES;
// background refreshes: many, short-lived
const BACKGROUND: PlannedJobOptions = {
  ...RETRIES,
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
// jobs somebody follows (job(id)): kept a day
const FOLLOWED: PlannedJobOptions = {
  ...RETRIES,
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

function kpiJob(
  data: RecomputeKpisPayload,
  policy: PlannedKpiJob['policy'],
  options: (id: string) => PlannedJobOptions,
): PlannedKpiJob {
  const id = kpiJobId(data);
  return { queue: QUEUES.kpi, name: JOBS.recomputeKpis, data, id, policy, options: options(id) };
}

/** The month of a touch's date, or null (no date, not a date). */
function monthOfTouch(date: string | null | undefined): string | null {
  if (!date) return null;
  return isCalendarDate(date.slice(0, 10)) ? date.slice(0, 7) : null;
}

const laterOf = (month: string, today: string) => (month > today.slice(0, 7) ? month : today.slice(0, 7));

/**
 * Records changed: per first month, two jobs of the touched courtyards (of that first month), so
 * that the record is visible fast:
 * 1. the touched month alone, `KPI_REFRESH_MONTH_DELAY_MS` after the first record of a burst,
 *    deduplicated as a throttle: a record arriving while it waits is already covered by it;
 * 2. the month through today's, then their quarters and years (`through`), debounced
 *    (`KPI_REFRESH_DEBOUNCE_MS`): while it waits a new one replaces it. It recomputes the touched
 *    month again (months in order, for escalation).
 * While either runs, the latest of its id is kept and runs after it (`keepLastIfActive`), so no
 * change is lost to a job that read the data before it committed. The jobs carry the KPIs of every
 * kind touched for their courtyards (merged; omitted when that is all ten) and the id names them,
 * so a burst of another kind never replaces or throttles away a job that would not recompute its
 * KPIs. All months' jobs come first, each group in month order.
 */
function planRecords(tenantId: string, touches: readonly KpiRecordTouch[], today: string): PlannedKpiJob[] {
  // courtyard → earliest touched month, and the KPIs its touched records can change (null: all)
  const earliest = new Map<string, string>();
  const kpisOf = new Map<string, Set<KpiKey> | null>();
  for (const { courtyardId, date, kind } of touches) {
    const month = monthOfTouch(date);
    if (!month) continue;
    const known = earliest.get(courtyardId);
    if (!known || month < known) earliest.set(courtyardId, month);
    const kpis = kpisOf.get(courtyardId);
    if (!kind || kpis === null) kpisOf.set(courtyardId, null);
    else kpisOf.set(courtyardId, new Set([...(kpis ?? []), ...KPI_REFRESH_KINDS[kind]]));
  }
  const byMonth = new Map<string, string[]>();
  for (const [courtyardId, month] of earliest) byMonth.set(month, [...(byMonth.get(month) ?? []), courtyardId]);
  const groups = [...byMonth]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, ids]) => {
      const courtyardIds = [...ids].sort();
      const sets = courtyardIds.map((id) => kpisOf.get(id) ?? null);
      const merged = sets.includes(null) ? null : new Set(sets.flatMap((set) => [...set!]));
      const kpis = merged && merged.size < KPI_KEYS.length ? KPI_KEYS.filter((kpi) => merged.has(kpi)) : undefined;
      return { tenantId, period: month, courtyardIds, ...(kpis ? { kpis } : {}) };
    });
  return [
    ...groups.map((data) =>
      kpiJob(data, 'coalesce', (id) => ({
        ...BACKGROUND,
        delay: KPI_REFRESH_MONTH_DELAY_MS,
        // a throttle: the first record of a burst schedules it, the rest coalesce into it
        deduplication: { id, keepLastIfActive: true },
      })),
    ),
    ...groups.map(({ period, ...rest }) =>
      kpiJob({ ...rest, period, through: laterOf(period, today) }, 'coalesce', (id) => ({
        ...BACKGROUND,
        delay: KPI_REFRESH_DEBOUNCE_MS,
        // `ttl` is ignored with keepLastIfActive: the key lives as long as its job
        deduplication: { id, extend: true, replace: true, keepLastIfActive: true },
      })),
    ),
  ];
}

/** The jobs a change needs, in the order they are to be added. */
export function planKpiRefresh(change: KpiRefreshCause): PlannedKpiJob[] {
  const { tenantId } = change;
  switch (change.cause) {
    case 'records':
      return planRecords(tenantId, change.touches, change.today);
    case 'correction':
      // a correction changes the months of both dates: a record touch at each
      return planRecords(
        tenantId,
        change.corrections.flatMap(({ courtyardId, kind, before, after }) => [
          { courtyardId, kind, date: before },
          { courtyardId, kind, date: after },
        ]),
        change.today,
      );
    case 'manual':
      // one per (district, period): a second request while it waits or runs gets that job
      return [kpiJob({ tenantId, period: change.period }, 'reuse', (id) => ({ ...FOLLOWED, jobId: id }))];
    case 'targets': {
      // January through this month, every scope; a job already running may have read the old targets
      const month = change.today.slice(0, 7);
      const data = { tenantId, period: `${month.slice(0, 4)}-01`, through: month };
      return [kpiJob(data, 'spare', (id) => ({ ...FOLLOWED, jobId: id, delay: KPI_TARGETS_RECOMPUTE_DELAY_MS }))];
    }
    case 'import': {
      // one incremental recompute of the imported courtyards, at once (the import has committed)
      if (!change.courtyardIds.length) return [];
      const data = {
        tenantId,
        period: change.firstMonth,
        through: laterOf(change.firstMonth, change.today),
        courtyardIds: [...change.courtyardIds].sort(),
      };
      return [kpiJob(data, 'coalesce', (id) => ({ ...BACKGROUND, deduplication: { id, keepLastIfActive: true } }))];
    }
    case 'demo': {
      // every month of the plan so far; setup waits for it, and two setups at once share it
      const month = change.today.slice(0, 7);
      const from = change.from && change.from < month ? change.from : month;
      const data = { tenantId, period: from, through: month };
      return [
        kpiJob(data, 'reuse', (id) => ({
          jobId: id,
          attempts: 1,
          removeOnComplete: { age: 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        })),
      ];
    }
  }
}
