import { MikroORM } from '@mikro-orm/postgresql';
import { type AppEnv, PersonalDataCipher, ormConfig } from '@xiaoyuan/schema';
import { JOB_DEFINITIONS } from '../jobs';
import type { JobDefinition } from './job-definition';
import { consoleLogger, type Logger } from './logger';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, startWorkerHost, type WorkerHost, type WorkerHostOptions } from './worker-host';

export interface WorkerService {
  orm: MikroORM;
  host: WorkerHost;
  /** closes workers, then queues, then Redis, then the ORM; resolves once all is closed */
  stop(timeoutMs?: number): Promise<void>;
}

export interface WorkerServiceOptions {
  jobs?: readonly JobDefinition[];
  queues?: readonly string[];
  workerOptions?: WorkerHostOptions['workerOptions'];
  log?: Logger;
}

/** The worker process minus the signals: the ORM as the application role and the BullMQ workers. */
export async function startWorkerService(env: AppEnv, options: WorkerServiceOptions = {}): Promise<WorkerService> {
  const log = options.log ?? consoleLogger();
  // the application role never creates the database: a missing one is an error (run migrations)
  const orm = await MikroORM.init(ormConfig(env.appDatabaseUrl, { ensureDatabase: false }));
  const host = startWorkerHost({
    em: orm.em,
    redisUrl: env.redisUrl,
    prefix: env.queuePrefix,
    cipher: new PersonalDataCipher(env.dataEncryptionKey),
    jobs: options.jobs ?? JOB_DEFINITIONS,
    queues: options.queues,
    workerOptions: options.workerOptions,
    log,
  });
  let stopping: Promise<void> | undefined;
  const stop = (timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS) => {
    stopping ??= (async () => {
      try {
        await host.close(timeoutMs);
      } finally {
        await orm.close(true);
      }
    })();
    return stopping;
  };
  return { orm, host, stop };
}
