import type { EntityManager } from '@mikro-orm/postgresql';
import { JOBS, QUEUES } from '../constants';
import { parseJobPayload } from './job-payloads';
import type { PlannedKpiJob } from './kpi-refresh-planner';
import type { PlannedJobOptions } from './planned-job';

/*
 * The outbox of KPI refreshes (table `kpi_refresh_requests`): the planner's jobs are written in the
 * transaction of the change that needs them, enqueued after it commits (by the API at once, else by
 * the worker's relay), and marked `enqueued_at`. Every function runs in a tenant transaction.
 */

/** The channel the outbox's trigger notifies at commit, with the district's id. */
export const KPI_REFRESH_CHANNEL = 'kpi_refresh_requests';

/** A planned job waiting in the outbox, with its row id. */
export interface OutboxKpiJob {
  requestId: string;
  job: PlannedKpiJob;
}

/** Writes the planned jobs in ONE insert of the current transaction; returns them with their row ids. */
export async function writeKpiRefreshRequests(
  em: EntityManager,
  tenantId: string,
  jobs: readonly PlannedKpiJob[],
): Promise<OutboxKpiJob[]> {
  if (!jobs.length) return [];
  const rows = jobs.map(({ name, data, id, policy, options }) => ({ name, data, id, policy, options }));
  const inserted = await em.execute<{ id: string; job_id: string }[]>(
    `insert into kpi_refresh_requests (tenant_id, job_name, payload, job_id, policy, options)
     select ?, r.name, r.data, r.id, r.policy, r.options
       from jsonb_to_recordset(?::jsonb) as r(name text, data jsonb, id text, policy text, options jsonb)
     returning id, job_id`,
    [tenantId, JSON.stringify(rows)],
  );
  // row ids by job id (a job planned twice gets either row)
  const byJobId = new Map<string, string[]>();
  for (const { id, job_id: jobId } of inserted) byJobId.set(jobId, [...(byJobId.get(jobId) ?? []), id]);
  return jobs.map((job) => ({ requestId: byJobId.get(job.id)!.shift()!, job }));
}

/** Marks requests enqueued. */
export async function markKpiRefreshRequestsEnqueued(em: EntityManager, requestIds: readonly string[]): Promise<void> {
  if (!requestIds.length) return;
  await em.execute(`update kpi_refresh_requests set enqueued_at = now() where id = any(?::uuid[])`, [
    `{${requestIds.join(',')}}`,
  ]);
}

interface RequestRow {
  id: string;
  job_name: string;
  payload: unknown;
  job_id: string;
  policy: PlannedKpiJob['policy'];
  options: PlannedJobOptions;
}

/**
 * The district's requests not yet enqueued and at least `graceMs` old (younger ones are the API's to
 * enqueue), oldest first, locked for this transaction (`skip locked`: two relays never take the same
 * rows). `younger`: how many unenqueued requests are younger than that.
 */
export async function claimPendingKpiRefreshRequests(
  em: EntityManager,
  options: { graceMs: number; limit: number },
): Promise<{ requests: OutboxKpiJob[]; younger: number }> {
  const rows = await em.execute<RequestRow[]>(
    `select id, job_name, payload, job_id, policy, options
       from kpi_refresh_requests
      where enqueued_at is null and created_at <= now() - make_interval(secs => ?::double precision / 1000)
      order by created_at, id
      limit ?
        for update skip locked`,
    [options.graceMs, options.limit],
  );
  const [{ younger }] = await em.execute<{ younger: number }[]>(
    `select count(*)::int as younger from kpi_refresh_requests
      where enqueued_at is null and created_at > now() - make_interval(secs => ?::double precision / 1000)`,
    [options.graceMs],
  );
  const requests = rows
    .filter((row) => row.job_name === JOBS.recomputeKpis)
    .map((row) => ({
      requestId: row.id,
      job: {
        queue: QUEUES.kpi,
        name: JOBS.recomputeKpis,
        data: parseJobPayload(JOBS.recomputeKpis, row.payload),
        id: row.job_id,
        policy: row.policy,
        options: row.options,
      } satisfies PlannedKpiJob,
    }));
  return { requests, younger };
}

/** Removes requests enqueued more than `ageMs` ago; returns how many. */
export async function purgeEnqueuedKpiRefreshRequests(em: EntityManager, ageMs: number): Promise<number> {
  const removed = await em.execute<{ id: string }[]>(
    `delete from kpi_refresh_requests
      where enqueued_at < now() - make_interval(secs => ?::double precision / 1000)
      returning id`,
    [ageMs],
  );
  return removed.length;
}
