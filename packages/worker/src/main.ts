import 'reflect-metadata';
import { describeError, loadEnv, loadLocalEnvFile } from '@xiaoyuan/schema';
import { consoleLogger } from './engine/logger';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from './engine/worker-host';
import { startWorkerService } from './engine/worker-service';
import { registerSchedulers } from './scheduling/register-schedulers';

// `node packages/worker/dist/main.js`: processes the queues until SIGTERM or SIGINT, then lets the
// running jobs finish (up to SHUTDOWN_TIMEOUT_MS) and closes workers, queues, Redis, the probes'
// port (WORKER_HEALTH_PORT) and the ORM.
async function main(): Promise<void> {
  const log = consoleLogger();
  const localFile = loadLocalEnvFile();
  if (localFile) log.info(`development settings from ${localFile}`);
  const env = loadEnv();
  const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS) || DEFAULT_SHUTDOWN_TIMEOUT_MS;
  // WORKER_HEALTH_PORT 0: no probe server
  const service = await startWorkerService(env, { log, probePort: env.workerHealthPort || undefined });
  if (service.probes) log.info(`probes /livez and /readyz on ${env.host}:${service.probes.port}`);
  // the hourly scheduler sync and each district's monthly close (errors are logged, not fatal)
  await registerSchedulers(service.orm.em, service.host.queues, log);

  const shutdown = (signal: NodeJS.Signals) => {
    log.info(`${signal}: closing (waiting up to ${shutdownTimeoutMs} ms for running jobs)`);
    // a last resort if something still holds the event loop after closing
    setTimeout(() => {
      log.error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, shutdownTimeoutMs + 5_000).unref();
    service.stop(shutdownTimeoutMs).then(
      () => log.info('closed'),
      (error) => {
        log.error('error while closing', error);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error) => {
  console.error('[worker] could not start:', describeError(error));
  process.exit(1);
});
