import type { EntityManager } from '@mikro-orm/postgresql';
import { enqueuePlannedJob, loadDistrictClock, planKpiRefresh, withTenant } from '@xiaoyuan/schema';
import type { Queue, QueueEvents } from 'bullmq';
import type { RecomputeKpisJobResult } from '../jobs/recompute-kpis.job';

/*
 * The demo district's KPIs, computed right after it was generated (`npm run setup`), so that the
 * dashboard and the alerts show data at once: every month of the plan so far (the closed ones and
 * the current, open one), their quarters and years, through the real `recompute-kpis` job with
 * `through` on the kpi queue, as the KPI-refresh planner plans it for the demo. The job is
 * idempotent (snapshots and alerts are upserted), so setup may run again; its id is deterministic,
 * so two setups at once share one job.
 */

export interface DemoKpisOptions {
  /** the application role's EntityManager (reads run in a tenant transaction) */
  em: EntityManager;
  /** the kpi queue and its events (ready), with a worker for it somewhere */
  queue: Queue;
  events: QueueEvents;
  tenantId: string;
  timeoutMs?: number;
}

export interface DemoKpisResult {
  /** first and last month computed */
  from: string;
  through: string;
  /** months, quarters and years computed */
  periods: number;
  /** snapshot rows of the district, every period and level */
  snapshots: number;
  /** open (or acknowledged) alerts after the run */
  alerts: { open: number; red: number; yellow: number };
  ms: number;
}

/** Recomputes the plan's months so far through the kpi queue and waits for it. */
export async function computeDemoKpis(options: DemoKpisOptions): Promise<DemoKpisResult> {
  const started = Date.now();
  const { tenantId } = options;
  const cause = await withTenant(options.em, { tenantId }, async (em) => {
    const clock = await loadDistrictClock(em, tenantId);
    const [row] = await em.execute<{ starts_on: string | null }[]>(
      `select to_char(starts_on, 'YYYY-MM-DD') as starts_on from rollout_plans where tenant_id = ? and active`,
      [tenantId],
    );
    // without a plan there is no target: the current month alone still gives the dashboard data
    return { cause: 'demo' as const, tenantId, from: row?.starts_on?.slice(0, 7) ?? null, today: clock.today() };
  });

  const [planned] = planKpiRefresh(cause);
  // a finished job of that id is removed so the job really runs again (e.g. after new records);
  // one that waits or runs is waited for
  await enqueuePlannedJob(options.queue, planned);
  const job = await options.queue.getJob(planned.id);
  if (!job) throw new Error(`the job ${planned.id} vanished before it could be waited for`);
  const result = (await job.waitUntilFinished(
    options.events,
    options.timeoutMs ?? 10 * 60_000,
  )) as RecomputeKpisJobResult;
  const range = { from: planned.data.period, through: planned.data.through! };

  const counts = await withTenant(options.em, { tenantId }, async (em) => {
    const [row] = await em.execute<{ snapshots: number; open: number; red: number; yellow: number }[]>(
      `select (select count(*)::int from kpi_snapshots where tenant_id = ?) as snapshots,
              count(*)::int as open,
              (count(*) filter (where level = 'RED'))::int as red,
              (count(*) filter (where level = 'YELLOW'))::int as yellow
         from alerts where tenant_id = ? and status <> 'RESOLVED'`,
      [tenantId, tenantId],
    );
    return row;
  });
  return {
    ...range,
    periods: result.periods.length,
    snapshots: counts.snapshots,
    alerts: { open: counts.open, red: counts.red, yellow: counts.yellow },
    ms: Date.now() - started,
  };
}
