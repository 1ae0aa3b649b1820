import {
  enqueuePlannedJob,
  JOB_QUEUES,
  QUEUES,
  type EnqueueOutcome,
  type JobPayload,
  type PayloadJobName,
  type PlannedJob,
  type QueueName,
} from '@xiaoyuan/schema';
import { Queue, type Job, type JobsOptions } from 'bullmq';

export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}

/**
 * BullMQ producers of the API, created on first use. On the request path they must fail fast when
 * Redis is down (`maxRetriesPerRequest: 1`, no offline queue) instead of hanging the request.
 */
export class QueueRegistry {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly onError: (error: Error) => void,
  ) {}

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      if (!Object.values(QUEUES).includes(name)) throw new Error(`unknown queue ${name}`);
      queue = new Queue(name, {
        prefix: this.prefix,
        connection: { url: this.redisUrl, maxRetriesPerRequest: 1, enableOfflineQueue: false },
      });
      queue.on('error', this.onError);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Enqueues a job on its queue, its payload typed by its name (`JobPayloads` in @xiaoyuan/schema).
   * Throws `QueueUnavailableError` within `connectTimeoutMs` when Redis cannot be reached, before
   * anything is sent.
   */
  async add<Name extends PayloadJobName>(
    name: Name,
    data: JobPayload<Name>,
    options?: JobsOptions,
    connectTimeoutMs = 2000,
  ): Promise<Job<JobPayload<Name>>> {
    const target = await this.ready(JOB_QUEUES[name], connectTimeoutMs);
    return target.add(name, data, options);
  }

  /**
   * Adds a job the KPI-refresh planner planned, by its policy (`enqueuePlannedJob`); throws
   * `QueueUnavailableError` as `add` does.
   */
  async enqueue(job: PlannedJob, connectTimeoutMs = 2000): Promise<EnqueueOutcome> {
    return enqueuePlannedJob(
      {
        add: async (name, data, options) => (await this.ready(job.queue, connectTimeoutMs)).add(name, data, options),
        getJob: (id) => this.getJob(job.queue, id, connectTimeoutMs),
      },
      job,
    );
  }

  /** A job by its BullMQ id, or undefined; `QueueUnavailableError` when Redis cannot be reached. */
  async getJob(queue: QueueName, id: string, connectTimeoutMs = 2000): Promise<Job | undefined> {
    const target = await this.ready(queue, connectTimeoutMs);
    try {
      return await target.getJob(id);
    } catch (error) {
      throw new QueueUnavailableError(`Redis refused the read: ${(error as Error).message}`);
    }
  }

  /** The queue once its connection is up (without an offline queue, commands sent before fail). */
  private async ready(queue: QueueName, connectTimeoutMs: number): Promise<Queue> {
    const target = this.get(queue);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        target.waitUntilReady(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new QueueUnavailableError(`Redis did not answer within ${connectTimeoutMs} ms`)),
            connectTimeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    return target;
  }

  /** Closes every queue; a queue whose Redis is unreachable is disconnected instead of waited for. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.queues.values()].map(async (queue) => {
        let timer: NodeJS.Timeout | undefined;
        const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 2000)));
        const outcome = await Promise.race([
          queue.close().then(
            () => 'closed' as const,
            () => 'failed' as const,
          ),
          gaveUp,
        ]);
        clearTimeout(timer);
        if (outcome !== 'closed') await queue.disconnect().catch(() => undefined);
      }),
    );
    this.queues.clear();
  }
}
