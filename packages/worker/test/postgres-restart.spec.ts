import type { MikroORM } from '@mikro-orm/postgresql';
import {
  createScratchDatabase,
  DEMO_DISTRICT,
  JOBS,
  localDate,
  planKpiRefresh,
  QUEUES,
  startTemporaryPostgres,
  withTenant,
  type TemporaryServer,
} from '@xiaoyuan/schema';
import { Job } from 'bullmq';
import type { GenerateDemoDistrictResult } from '../src/jobs/generate-demo-district.job';
import type { RecomputeKpisJobResult } from '../src/jobs/recompute-kpis.job';
import { startWorkerService, type WorkerService } from '../src/engine/worker-service';
import { silentLogger } from '../src/engine/logger';
import { openAppOrm, TestProducer, testEnv, uniquePrefix, type TestDatabase } from './support/test-environment';
import { runOneJob } from './support/worker-harness';

/*
 * A PostgreSQL restart in the middle of a long recompute (issue 10): the job's transaction dies
 * with its connection, BullMQ retries it by the planner's attempts and backoff, the pool connects
 * anew, and the recompute completes with every period's snapshots. The test runs a PostgreSQL
 * server of its own (initdb into a temporary directory), never the shared one.
 */
describe('a PostgreSQL restart mid-refresh', () => {
  let postgres: TemporaryServer;
  let database: TestDatabase;
  let tenantId: string;
  let worker: WorkerService | undefined;
  let producer: TestProducer | undefined;
  let orm: MikroORM | undefined;

  beforeAll(async () => {
    postgres = await startTemporaryPostgres();
    database = await createScratchDatabase('xiaoyuan_test', postgres.url);
    const demo = await runOneJob<GenerateDemoDistrictResult>(database, QUEUES.demo, {
      name: JOBS.generateDemoDistrict,
      data: { ...DEMO_DISTRICT, seed: 20261208 },
      options: { jobId: 'demo' },
      timeoutMs: 90_000,
    });
    tenantId = demo.districtId;
  }, 120_000);

  afterAll(async () => {
    await postgres?.start().catch(() => undefined);
    await worker?.stop(5_000);
    await producer?.close();
    await orm?.close(true);
    await database?.drop().catch(() => undefined);
    await postgres?.destroy();
  });

  it('the recompute is retried after the restart and completes', async () => {
    const prefix = uniquePrefix();
    worker = await startWorkerService(testEnv(database, prefix), { queues: [QUEUES.kpi], log: silentLogger });
    producer = await new TestProducer(QUEUES.kpi, prefix).ready();
    // the whole plan so far, as a district admin's targets change plans it (its attempts and backoff)
    const [planned] = planKpiRefresh({ cause: 'targets', tenantId, today: localDate('Asia/Shanghai') });
    expect(planned.options).toMatchObject({ attempts: 10, backoff: { type: 'exponential' } });
    const data = { tenantId, period: '2025-09', through: localDate('Asia/Shanghai').slice(0, 7) };
    const progressed = new Promise<void>((resolve) => {
      producer!.events.on('progress', ({ jobId, data: progress }) => {
        if (jobId === 'range' && ((progress as { done?: number }).done ?? 0) > 0) resolve();
      });
    });
    const { delay: _delay, ...options } = planned.options;
    const job = await producer.queue.add(JOBS.recomputeKpis, data, { ...options, jobId: 'range' });
    await progressed;

    // PostgreSQL restarts (its connections are terminated) while the job's transaction is open
    await postgres.stop();
    await postgres.start();

    const result = (await job.waitUntilFinished(producer.events, 60_000)) as RecomputeKpisJobResult;
    const finished = (await Job.fromId(producer.queue, 'range'))!;
    // the first attempt failed with the connection, a later one completed
    expect(finished.attemptsMade).toBeGreaterThanOrEqual(1);
    expect(finished.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect(result.periods.length).toBeGreaterThanOrEqual(15);

    orm = await openAppOrm(database);
    const [{ periods }] = await withTenant(orm.em, { tenantId }, (em) =>
      em.execute<{ periods: number }[]>(
        `select count(distinct period)::int as periods from kpi_snapshots where scope_level = 'DISTRICT'`,
      ),
    );
    expect(periods).toBe(result.periods.length);
  }, 120_000);
});
