import { ApiScope, JobState, QUEUES, type QueueName } from '@xiaoyuan/schema';
import type { Job } from 'bullmq';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../engine/context';
import { graphqlError } from '../../engine/errors';
import { QueueUnavailableError } from '../../engine/queues';
import { fromJobGlobalId } from './job-id';
import { JobView } from './jobs.types';

/** BullMQ's states → the contract's: waiting, delayed (also a retry's backoff), prioritized… are QUEUED. */
const STATES: Record<string, JobState> = {
  waiting: JobState.QUEUED,
  delayed: JobState.QUEUED,
  prioritized: JobState.QUEUED,
  'waiting-children': JobState.QUEUED,
  paused: JobState.QUEUED,
  active: JobState.ACTIVE,
  completed: JobState.COMPLETED,
  failed: JobState.FAILED,
};

export function jobUnavailable(): Error {
  return graphqlError('SERVICE_UNAVAILABLE', 'The job service (Redis) is unavailable: try again later');
}

/** Background jobs read from BullMQ, limited to the caller's district (`data.tenantId`). */
export class JobsService {
  /** `job(id)`: null for a job of another district, of no district, or gone from the queue. */
  async job(context: RequestContext, globalId: string): Promise<JobView | null> {
    context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const ref = fromJobGlobalId(globalId);
    if (!ref) return null;
    return this.find(context, ref.queue, ref.jobId);
  }

  /**
   * A job of the caller's district (an API client: the job of one of its own imports);
   * SERVICE_UNAVAILABLE when Redis cannot be reached.
   */
  async find(context: RequestContext, queue: QueueName, jobId: string): Promise<JobView | null> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    if (caller.kind === 'client' && !(await ownImportJob(context, queue, jobId))) return null;
    let job: Job | undefined;
    let state: string;
    try {
      job = await context.services.queues.getJob(queue, jobId);
      if (!job || (job.data as { tenantId?: unknown } | null)?.tenantId !== caller.tenantId) return null;
      state = await job.getState();
    } catch (error) {
      if (error instanceof QueueUnavailableError || isConnectionError(error)) {
        context.services.log.warn(`[jobs] ${queue}/${jobId}: ${(error as Error).message}`);
        throw jobUnavailable();
      }
      throw error;
    }
    const mapped = STATES[state];
    if (!mapped) return null; // 'unknown': removed meanwhile
    const progress = progressPercent(job.progress);
    return JobView.of(queue, jobId, mapped, progress, mapped === JobState.FAILED ? (job.failedReason ?? null) : null);
  }

  /**
   * Jobs of one queue by BullMQ id for a field of many rows (an import's `job`): looked up
   * concurrently, once per request and id; null for each when Redis is down, so that the rows
   * (read from PostgreSQL) still show.
   */
  loader(context: RequestContext, queue: QueueName): DataLoader<string, JobView | null> {
    return context.loader(
      `jobs:${queue}`,
      () =>
        new DataLoader<string, JobView | null>(async (ids) =>
          Promise.all(
            ids.map((id) =>
              this.find(context, queue, id).catch((error: unknown) =>
                error instanceof Error && isUnavailable(error) ? null : Promise.reject(error),
              ),
            ),
          ),
        ),
    );
  }
}

/** Whether a job is the import job (job id = import id) of an upload the caller may read. */
async function ownImportJob(context: RequestContext, queue: QueueName, jobId: string): Promise<boolean> {
  if (queue !== QUEUES.imports) return false;
  const condition = context.auth.importReadCondition('t');
  const rows = await context.serially(() =>
    context.em.execute(`select 1 from imports t where t.id::text = ? and ${condition.sql}`, [
      jobId,
      ...condition.params,
    ]),
  );
  return rows.length > 0;
}

function isUnavailable(error: Error): boolean {
  return (error as { extensions?: { code?: string } }).extensions?.code === 'SERVICE_UNAVAILABLE';
}

/** ioredis refuses commands while disconnected (no offline queue): "Stream isn't writeable…", ECONNREFUSED… */
function isConnectionError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /Stream isn't writeable|Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|MaxRetriesPerRequest/i.test(
    message,
  );
}

export const jobsService = new JobsService();

/**
 * Jobs report progress as a percentage (imports) or as `{ done, total }` steps (KPI recomputes);
 * `Job.progress` is always 0–100, or null when the job has said nothing yet.
 */
export function progressPercent(progress: unknown): number | null {
  if (typeof progress === 'number') return Number.isFinite(progress) ? progress : null;
  if (progress && typeof progress === 'object') {
    const { done, total } = progress as { done?: unknown; total?: unknown };
    if (typeof done === 'number' && typeof total === 'number' && total > 0) return Math.round((100 * done) / total);
  }
  return null;
}
