import type { MikroORM } from '@mikro-orm/postgresql';
import { DEMO_DISTRICT, type GenerateDemoDistrictPayload, JOBS } from '@xiaoyuan/schema';
import type { JobsOptions } from 'bullmq';
import { join } from 'node:path';
import { silentLogger } from '../../src/engine/logger';
import { startWorkerService, type WorkerService, type WorkerServiceOptions } from '../../src/engine/worker-service';
import type { GenerateDemoDistrictResult } from '../../src/jobs/generate-demo-district.job';
import {
  TestProducer,
  createTestDatabase,
  openAppOrm,
  removeQueueKeys,
  testEnv,
  uniquePrefix,
  type TestDatabase,
} from './test-environment';

/** The sandboxed imports' processor file for tests (compiles the source: no build needed). */
export const TEST_SANDBOX_PROCESSOR_FILE = join(__dirname, 'sandboxed-processor.js');

/** The demo district the demo specs generate (the seed of `npm run setup`). */
export const DEMO_DATA: GenerateDemoDistrictPayload = { ...DEMO_DISTRICT, seed: 20261130 };

/**
 * What a spec runs the worker in: a freshly migrated database with an ORM as the application role,
 * a queue prefix of its own and, once started, a worker service (silent) and producers on that
 * prefix. `close()` removes all of it, the service first.
 */
export class WorkerHarness {
  readonly prefix = uniquePrefix();
  service?: WorkerService;
  private readonly producers: TestProducer[] = [];

  private constructor(
    readonly database: TestDatabase,
    readonly orm: MikroORM,
  ) {}

  static async open(): Promise<WorkerHarness> {
    const database = await createTestDatabase();
    try {
      return new WorkerHarness(database, await openAppOrm(database));
    } catch (error) {
      await database.drop();
      throw error;
    }
  }

  async startWorker(options: WorkerServiceOptions = {}): Promise<WorkerService> {
    this.service = await startWorkerService(testEnv(this.database, this.prefix), {
      log: silentLogger,
      sandboxProcessorFile: TEST_SANDBOX_PROCESSOR_FILE,
      ...options,
    });
    return this.service;
  }

  /** a producer on `queue` (with the harness's prefix), ready */
  async producer(queue: string): Promise<TestProducer> {
    const producer = await new TestProducer(queue, this.prefix).ready();
    this.producers.push(producer);
    return producer;
  }

  /** stops the worker service and closes the producers; the database stays */
  async stopWorker(): Promise<void> {
    await this.service?.stop();
    for (const producer of this.producers.splice(0)) await producer.close();
    await removeQueueKeys(this.prefix);
  }

  async close(): Promise<void> {
    await this.stopWorker();
    await this.orm.close(true);
    await this.database.drop();
  }
}

/** Runs `generate-demo-district` through the demo queue of `producer` and waits for its result. */
export function generateDemoDistrict(
  producer: TestProducer,
  options: JobsOptions & { data?: unknown; timeoutMs?: number } = {},
): Promise<GenerateDemoDistrictResult> {
  const { data = DEMO_DATA, timeoutMs = 120_000, ...jobOptions } = options;
  return producer.run<GenerateDemoDistrictResult>(JOBS.generateDemoDistrict, data, jobOptions, timeoutMs);
}

/** Starts a worker service on `queue` with a prefix of its own, runs one job, then stops and removes both. */
export async function runOneJob<T>(
  database: TestDatabase,
  queue: string,
  job: { name: string; data: unknown; options?: JobsOptions; timeoutMs: number },
): Promise<T> {
  const prefix = uniquePrefix();
  const service = await startWorkerService(testEnv(database, prefix), {
    log: silentLogger,
    queues: [queue],
    sandboxProcessorFile: TEST_SANDBOX_PROCESSOR_FILE,
  });
  const producer = await new TestProducer(queue, prefix).ready();
  try {
    return await producer.run<T>(job.name, job.data, job.options ?? {}, job.timeoutMs);
  } finally {
    await service.stop();
    await producer.close();
  }
}
