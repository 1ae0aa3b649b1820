import { QUEUES, type JobName, type QueueName } from '@xiaoyuan/schema';
import { Queue, type JobsOptions } from 'bullmq';

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

  /** Enqueues a job; every payload carries the tenant id (STYLE.md). */
  async add<T extends { tenantId: string }>(queue: QueueName, job: JobName, data: T, options?: JobsOptions) {
    return this.get(queue).add(job, data, options);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}
