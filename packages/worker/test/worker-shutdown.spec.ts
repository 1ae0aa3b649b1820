import type { MikroORM } from '@mikro-orm/postgresql';
import { PersonalDataCipher, type TenantJobPayload, withTenant } from '@xiaoyuan/schema';
import { defineJob } from '../src/engine/job-definition';
import { silentLogger } from '../src/engine/logger';
import { startWorkerHost } from '../src/engine/worker-host';
import { startWorkerService } from '../src/engine/worker-service';
import {
  REDIS_URL,
  TEST_ENCRYPTION_KEY,
  TestProducer,
  createDistrict,
  createTestDatabase,
  openAppOrm,
  openRedisClients,
  testEnv,
  uniquePrefix,
  type TestDatabase,
} from './support/test-environment';

const QUEUE = 'shutdown-test';

interface SlowJobData extends TenantJobPayload {
  code: string;
}

/** Writes a street, then takes its time (until `release` is called, or 800 ms). */
function slowJob(onStarted: () => void, wait: () => Promise<void>) {
  return defineJob<SlowJobData, string>({
    name: 'slow',
    queue: QUEUE,
    scope: 'tenant',
    async process({ em }, job) {
      await em.execute(`insert into streets (tenant_id, code, name) values (?, ?, '慢街道')`, [
        job.data.tenantId,
        job.data.code,
      ]);
      onStarted();
      await wait();
      return job.data.code;
    },
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('graceful shutdown', () => {
  let database: TestDatabase;
  let orm: MikroORM;
  let tenantId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openAppOrm(database);
    tenantId = await createDistrict(orm, 'slow');
  });

  afterAll(async () => {
    await orm?.close(true);
    await database?.drop();
  });

  const streets = () =>
    withTenant(orm.em, { tenantId }, (em) =>
      em.execute<{ code: string }[]>(`select code from streets order by code`),
    ).then((rows) => rows.map((row) => row.code));

  it('lets the running job finish, then closes workers, queues, Redis and the ORM', async () => {
    const prefix = uniquePrefix();
    let started!: () => void;
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    const service = await startWorkerService(testEnv(database, prefix), {
      jobs: [
        slowJob(
          () => started(),
          () => sleep(800),
        ),
      ],
      log: silentLogger,
    });
    const producer = await new TestProducer(QUEUE, prefix).ready();
    try {
      expect((await openRedisClients(`${prefix}:worker`)).length).toBeGreaterThan(0);
      await producer.queue.add('slow', { tenantId, code: 'S1' }, { jobId: 'slow-1' });
      await startedPromise;

      const stopping = Date.now();
      await service.stop(10_000);
      const took = Date.now() - stopping;
      expect(took).toBeGreaterThanOrEqual(500); // it waited for the job
      expect(took).toBeLessThan(5_000);

      expect(await (await producer.queue.getJob('slow-1'))?.getState()).toBe('completed');
      expect(await streets()).toEqual(['S1']);
      expect(await service.orm.isConnected()).toBe(false);
      await service.stop(); // a second stop (SIGINT after SIGTERM) is harmless
    } finally {
      await producer.close();
    }
    // the worker's own and its blocking connection (named by BullMQ), the queue's, the producer's
    expect(await openRedisClients(prefix)).toEqual([]);
  });

  it('gives up waiting after the timeout and still closes its connections', async () => {
    const prefix = uniquePrefix();
    let started!: () => void;
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const host = startWorkerHost({
      em: orm.em,
      redisUrl: REDIS_URL,
      prefix,
      cipher: new PersonalDataCipher(TEST_ENCRYPTION_KEY),
      jobs: [
        slowJob(
          () => started(),
          () => released,
        ),
      ],
      log: silentLogger,
    });
    const producer = await new TestProducer(QUEUE, prefix).ready();
    try {
      await producer.queue.add('slow', { tenantId, code: 'S2' }, { jobId: 'slow-2' });
      await startedPromise;
      const stopping = Date.now();
      await host.close(300);
      expect(Date.now() - stopping).toBeLessThan(2_000);
      expect(await openRedisClients(`${prefix}:queue`)).toEqual([]);
      expect(await openRedisClients(`${prefix}:worker`)).toEqual([]);
    } finally {
      release();
      // the abandoned job ends; its worker then finishes closing
      await host.workers.get(QUEUE)!.close();
      await producer.close();
    }
    expect(await openRedisClients(prefix)).toEqual([]);
  });
});
