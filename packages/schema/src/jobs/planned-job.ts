import type { JobPayloads, JobQueue, PayloadJobName } from './job-payloads';

/** The BullMQ options a plan sets (a subset of BullMQ's `JobsOptions`, which this package does not depend on). */
export interface PlannedJobOptions {
  jobId?: string;
  delay?: number;
  attempts: number;
  backoff?: { type: 'exponential' | 'fixed'; delay: number; jitter?: number };
  removeOnComplete?: { age: number; count?: number };
  removeOnFail?: { age: number };
  deduplication?: { id: string; extend?: boolean; replace?: boolean; keepLastIfActive?: boolean };
}

/**
 * A job to add. `policy`, how a job of the same `id` is treated:
 * - `coalesce`: BullMQ deduplication by `id` (`options.deduplication`): a waiting job of that id
 *   takes this one in (or is replaced by it, debounced); while one runs, the latest is kept and
 *   runs after it;
 * - `reuse`: `id` is the job id: a job of that id that waits or runs is the answer; a finished one
 *   is removed and the job added again;
 * - `spare`: as `reuse`, but while the job of `id` runs (it may have read the data before the
 *   change) the change gets the spare id (`spareJobId`); while both run it is dropped.
 */
export interface PlannedJob<Name extends PayloadJobName = PayloadJobName> {
  queue: JobQueue<Name>;
  name: Name;
  data: JobPayloads[Name];
  id: string;
  policy: 'coalesce' | 'reuse' | 'spare';
  options: PlannedJobOptions;
}

/** A job in the queue, as far as `enqueuePlannedJob` looks at it (BullMQ's `Job`). */
export interface QueuedJob {
  getState(): Promise<string>;
  remove(): Promise<void>;
}

/** The producer of one queue (BullMQ's `Queue`, or the API's registry with its connect timeout). */
export interface JobProducer {
  add(name: string, data: unknown, options: PlannedJobOptions): Promise<unknown>;
  getJob(id: string): Promise<QueuedJob | undefined>;
}

/**
 * What became of a planned job: `added`, or `existing` (a job of its id waits or runs and covers
 * it), or `busy` (a `spare` job whose two ids both run: dropped). `jobId`: the BullMQ id to follow
 * (null for a coalesced job, whose id BullMQ picks, and when busy).
 */
export interface EnqueueOutcome {
  outcome: 'added' | 'existing' | 'busy';
  jobId: string | null;
}

/** States in which a job has not read anything yet: it will see every committed change. */
const NOT_STARTED = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);
/** States of a job that will not run again: a new one takes its id. */
const FINISHED = new Set(['completed', 'failed', 'unknown']);

/** The spare id of a `spare` job: used while the job of its id runs. */
export function spareJobId(id: string): string {
  return `${id}/again`;
}

/** Adds a planned job by its policy. Throws what the producer throws (the queue is down). */
export async function enqueuePlannedJob(producer: JobProducer, job: PlannedJob): Promise<EnqueueOutcome> {
  switch (job.policy) {
    case 'coalesce':
      await producer.add(job.name, job.data, job.options);
      return { outcome: 'added', jobId: null };
    case 'reuse': {
      const existing = await producer.getJob(job.id);
      const state = existing ? await existing.getState() : null;
      if (existing && state !== null && !FINISHED.has(state)) return { outcome: 'existing', jobId: job.id };
      // a concurrent request may have removed it already
      if (existing) await existing.remove().catch(() => undefined);
      await producer.add(job.name, job.data, { ...job.options, jobId: job.id });
      return { outcome: 'added', jobId: job.id };
    }
    case 'spare': {
      const slots = [];
      for (const id of [job.id, spareJobId(job.id)]) {
        const existing = await producer.getJob(id);
        slots.push({ id, existing, state: existing ? await existing.getState() : null });
      }
      const waiting = slots.find((slot) => slot.state !== null && NOT_STARTED.has(slot.state));
      if (waiting) return { outcome: 'existing', jobId: waiting.id };
      const free = slots.find((slot) => slot.state !== 'active');
      if (!free) return { outcome: 'busy', jobId: null };
      // a concurrent request may have removed it already
      if (free.existing) await free.existing.remove().catch(() => undefined);
      await producer.add(job.name, job.data, { ...job.options, jobId: free.id });
      return { outcome: 'added', jobId: free.id };
    }
  }
}
