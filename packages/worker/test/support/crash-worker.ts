import 'reflect-metadata';
import { QUEUES, loadEnv } from '@xiaoyuan/schema';
import { consoleLogger } from '../../src/engine/logger';
import { startWorkerService } from '../../src/engine/worker-service';

/*
 * The worker as a child process for test/crash-safety.spec.ts (`node -r ./ts-register.js`): the
 * kpi queue only, with a short lock so that a job left by a killed worker is found stalled within
 * seconds. Prints `ready` once listening; SIGTERM closes it.
 */
async function main(): Promise<void> {
  const log = consoleLogger(`crash-worker ${process.pid}`);
  const service = await startWorkerService(
    loadEnv(process.env, () => undefined),
    {
      queues: [QUEUES.kpi],
      // the default maxStalledCount (DEFAULT_WORKER_OPTIONS): a job whose worker dies twice is retried
      workerOptions: { lockDuration: 1_000, stalledInterval: 500 },
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
