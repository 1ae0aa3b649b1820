import {
  closeRedisConnection,
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
import { Redis } from 'ioredis';

export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}

/**
 * BullMQ producers of the API, created on first use. On the request path they must fail fast when
 * Redis is down (`maxRetriesPerRequest: 1`, no offline queue) instead of hanging the request. They
 * share one connection, which the registry creates and closes itself (`closeRedisConnection`):
 * BullMQ closing a connection it owns that is between reconnection attempts fails its QUIT, and
 * its `disconnect()` then waits for an `end` event ioredis never emits, so a shutdown after a Redis
 * outage would never finish.
 */
export class QueueRegistry {
  private readonly queues = new Map<QueueName, Queue>();
  private connection?: Redis;
  private errorReported = false;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly onError: (error: Error) => void,
  ) {}

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      if (!Object.values(QUEUES).includes(name)) throw new Error(`unknown queue ${name}`);
      queue = new Queue(name, { prefix: this.prefix, connection: this.connect() });
      // every queue repeats its connection's errors: the first of an outage is reported
      queue.on('error', this.reportError);
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

  /** Closes every queue, then their connection (promptly, also while Redis is down or just back). */
  async close(): Promise<void> {
    const queues = [...this.queues.values()];
    this.queues.clear();
    // the connection is shared with the queues: closing them leaves it to us
    await Promise.allSettled(queues.map((queue) => queue.close()));
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await closeRedisConnection(connection);
  }

  private connect(): Redis {
    if (!this.connection) {
      const connection = new Redis(this.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
      connection.on('ready', () => (this.errorReported = false));
      this.connection = connection;
    }
    return this.connection;
  }

  private readonly reportError = (error: Error): void => {
    if (this.errorReported) return;
    this.errorReported = true;
    this.onError(error);
  };
}
