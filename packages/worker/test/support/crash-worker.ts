import 'reflect-metadata';
import { QUEUES, loadEnv } from '@xiaoyuan/schema';
import { consoleLogger } from '../../src/engine/logger';
import { startWorkerService } from '../../src/engine/worker-service';
import { TEST_SANDBOX_PROCESSOR_FILE } from './worker-harness';

/*
 * The worker as a child process for test/crash-safety.spec.ts and import-crash.spec.ts
 * (`node -r ./ts-register.js`): one queue (`CRASH_WORKER_QUEUE`, default kpi), with a short lock so that a job left by a killed worker is found stalled within
 * seconds. Prints `ready` once listening; SIGTERM closes it.
 */
async function main(): Promise<void> {
  const log = consoleLogger(`crash-worker ${process.pid}`);
  const service = await startWorkerService(
    loadEnv(process.env, () => undefined),
    {
      queues: [process.env.CRASH_WORKER_QUEUE ?? QUEUES.kpi],
      // the default maxStalledCount (DEFAULT_WORKER_OPTIONS): a job whose worker dies twice is retried;
      // the import test fails its job at the first stall (CRASH_WORKER_MAX_STALLED=1)
      workerOptions: {
        lockDuration: Number(process.env.CRASH_WORKER_LOCK_MS ?? 1_000),
        stalledInterval: 500,
        ...(process.env.CRASH_WORKER_MAX_STALLED
          ? { maxStalledCount: Number(process.env.CRASH_WORKER_MAX_STALLED) }
          : {}),
      },
      sandboxProcessorFile: TEST_SANDBOX_PROCESSOR_FILE,
      log,
    },
  );
  await Promise.all([...service.host.workers.values()].map((worker) => worker.waitUntilReady()));
  process.once('SIGTERM', () => void service.stop(5_000).then(() => process.exit(0)));
  console.log('ready');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
