import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { PersonalDataCipher, ormConfig } from '@xiaoyuan/schema';
import { type Job, Queue, type SandboxedJob } from 'bullmq';
import { JOB_DEFINITIONS } from '../jobs';
import { createQueueProcessor } from './job-runner';
import { consoleLogger, silentLogger } from './logger';
import { createRedisConnection } from './redis';
import { SANDBOX_SETTINGS_VARIABLE, type SandboxSettings } from './sandbox-settings';

/*
 * The processor file of a sandboxed queue (BullMQ runs it in a child process of the worker host,
 * `worker-host.ts`): the same runner as in the host (parse, one transaction, the district's clock),
 * with an ORM, a cipher and producers of the child's own, opened at its first job and kept while
 * BullMQ keeps the child for later jobs. The child exits when the host closes (BullMQ's SIGTERM).
 */

// an orphan (the host died) must not go on: its job's lock is no longer renewed, and the job is
// another worker's now; exiting rolls its transaction back
process.once('disconnect', () => process.exit(1));

type Processor = (job: Job) => Promise<unknown>;

let processor: Promise<Processor> | undefined;

async function openProcessor(): Promise<Processor> {
  const settings = JSON.parse(process.env[SANDBOX_SETTINGS_VARIABLE] ?? 'null') as SandboxSettings | null;
  if (!settings) throw new Error(`${SANDBOX_SETTINGS_VARIABLE} is not set: this file is run by the worker host`);
  const log = settings.silent ? silentLogger : consoleLogger(`worker ${settings.queue} ${process.pid}`);
  const orm = await MikroORM.init(
    ormConfig(settings.appDatabaseUrl, { ensureDatabase: false, pool: { min: 0, max: 2 } }),
  );
  const queues = new Map(
    settings.producerQueues.map((name) => {
      const connection = createRedisConnection(settings.redisUrl, `${settings.queuePrefix}:sandbox:${name}`);
      connection.on('error', (error) => log.warn(`redis (sandbox ${name}): ${error.message}`));
      const queue = new Queue(name, { connection, prefix: settings.queuePrefix });
      queue.on('error', (error) => log.error(`queue ${name}: ${error.message}`));
      return [name, queue] as const;
    }),
  );
  return createQueueProcessor(
    settings.queue,
    JOB_DEFINITIONS.filter((definition) => definition.queue === settings.queue),
    { em: orm.em, cipher: new PersonalDataCipher(settings.dataEncryptionKey), log, queues },
  );
}

export default async function sandboxedProcessor(job: SandboxedJob): Promise<unknown> {
  // a failed start (the database unreachable) is tried again at the next job
  processor ??= openProcessor().catch((error: unknown) => {
    processor = undefined;
    throw error;
  });
  // a sandboxed job has what the runner and the jobs use of a job: data, opts, attemptsMade, updateProgress
  return (await processor)(job as unknown as Job);
}
