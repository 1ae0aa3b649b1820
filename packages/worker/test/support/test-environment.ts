import { MikroORM } from '@mikro-orm/postgresql';
import {
  type AppEnv,
  closeRedisConnection,
  createScratchDatabase,
  loadEnv,
  ormConfig,
  type ScratchDatabase,
  withTenant,
} from '@xiaoyuan/schema';
import { type JobsOptions, Queue, QueueEvents } from 'bullmq';
import type IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { createRedisConnection } from '../../src/engine/redis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_ENCRYPTION_KEY = randomBytes(32).toString('base64');

export type TestDatabase = ScratchDatabase;

/** A freshly migrated database `xiaoyuan_test_<random>`; `drop()` removes it. */
export const createTestDatabase = (): Promise<TestDatabase> => createScratchDatabase();

export function uniquePrefix(): string {
  return `xiaoyuan_test_${randomBytes(4).toString('hex')}`;
}

/** The worker's environment variables for a test database and a queue prefix of its own. */
export function testEnvVariables(database: TestDatabase, queuePrefix: string): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    REDIS_URL: REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    DATA_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
  };
}

/** The worker's environment for a test database and a queue prefix of its own. */
export function testEnv(database: TestDatabase, queuePrefix: string): AppEnv {
  return loadEnv(testEnvVariables(database, queuePrefix), () => undefined);
}

/** An ORM as the application role, for assertions made outside the worker. */
export async function openAppOrm(database: TestDatabase): Promise<MikroORM> {
  return MikroORM.init(ormConfig(database.appUrl, { pool: { min: 0, max: 2 } }));
}

/** A district made the way the platform operator makes one. */
export async function createDistrict(orm: MikroORM, code: string): Promise<string> {
  return withTenant(orm.em, { platform: true }, async (em) => {
    const [row] = await em.execute<{ id: string }[]>(`insert into districts (name, code) values (?, ?) returning id`, [
      `${code}区`,
      code,
    ]);
    return row.id;
  });
}

/** A producer of its own (Queue + QueueEvents, each on its own connection), as the API would be. */
export class TestProducer {
  readonly queue: Queue;
  readonly events: QueueEvents;
  private readonly connections: IORedis[];

  constructor(queueName: string, prefix: string) {
    const producer = createRedisConnection(REDIS_URL, `${prefix}:test-producer`);
    const listener = createRedisConnection(REDIS_URL, `${prefix}:test-events`);
    this.connections = [producer, listener];
    this.queue = new Queue(queueName, { connection: producer, prefix });
    this.events = new QueueEvents(queueName, { connection: listener, prefix });
    this.queue.on('error', () => undefined);
    this.events.on('error', () => undefined);
  }

  async ready(): Promise<this> {
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
    return this;
  }

  /** adds a job and waits for its result */
  async run<T>(name: string, data: unknown, options: JobsOptions, timeoutMs: number): Promise<T> {
    const job = await this.queue.add(name, data, options);
    return (await job.waitUntilFinished(this.events, timeoutMs)) as T;
  }

  /** removes every key of the queue, then closes and quits */
  async close(): Promise<void> {
    await this.queue.obliterate({ force: true }).catch(() => undefined);
    await this.events.close();
    await this.queue.close();
    await Promise.all(this.connections.map((connection) => closeRedisConnection(connection)));
  }
}

/**
 * Deletes every Redis key of a test file's queue prefix: a worker service started on every queue
 * leaves the meta and stalled-check keys of the queues no producer of the test obliterated.
 */
export async function removeQueueKeys(prefix: string): Promise<void> {
  const redis = createRedisConnection(REDIS_URL, `${prefix}:cleanup`);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    await closeRedisConnection(redis);
  }
}

/** Names of the Redis clients still connected whose name starts with `prefix`. */
export async function openRedisClients(prefix: string): Promise<string[]> {
  const probe = createRedisConnection(REDIS_URL, 'xiaoyuan_test_probe');
  try {
    const list = (await probe.client('LIST')) as string;
    return list
      .split('\n')
      .map((line) => /(?:^| )name=(\S*)/.exec(line)?.[1] ?? '')
      .filter((name) => name.startsWith(prefix));
  } finally {
    await closeRedisConnection(probe);
  }
}
