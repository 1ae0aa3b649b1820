import type { EntityManager } from '@mikro-orm/postgresql';
import { closeRedisConnection, withinTimeout, type PersonalDataCipher } from '@xiaoyuan/schema';
import { type Job, Queue, UnrecoverableError, Worker, type WorkerOptions } from 'bullmq';
import { join } from 'node:path';
import type IORedis from 'ioredis';
import type { WebhookSettings } from '../webhooks/webhook-settings';
import type { JobDefinition } from './job-definition';
import { createQueueProcessor } from './job-runner';
import { consoleLogger, type Logger } from './logger';
import { createRedisConnection } from './redis';
import { SANDBOX_EXIT_REASON, SANDBOX_SETTINGS_VARIABLE, type SandboxSettings } from './sandbox-settings';

/**
 * How the jobs of a queue run in processes of their own (see `SandboxedWorker`). The child runs the
 * queue's jobs of `JOB_DEFINITIONS` (it cannot be handed functions), not the host's `jobs`.
 */
export interface QueueSandbox {
  /** the V8 heap limit of each process (`--max-old-space-size`), in MB */
  maxHeapMb: number;
  /** what the child needs to connect (the host's database, Redis, prefix and key) */
  settings: Omit<SandboxSettings, 'queue' | 'producerQueues'>;
  /**
   * the processor file (default: the compiled `sandboxed-processor.js` beside this file); tests
   * give a `.js` shim that compiles the TypeScript source
   */
  processorFile?: string;
}

/**
 * The young generation's semi-space of a sandboxed process, in MB. V8 sizes it from the heap limit,
 * and under a 512 MB limit it is small enough that an import, which allocates a short-lived object
 * per cell, spends its time in scavenges: the 100,000-row benchmark took ~15 % longer than with
 * the worker's default heap. 32 MB brings it back (BENCHMARKS.md) for ~35 MB more resident memory.
 */
const SANDBOX_SEMI_SPACE_MB = 32;

export const DEFAULT_SANDBOX_PROCESSOR_FILE = join(__dirname, 'sandboxed-processor.js');

export interface WorkerHostOptions {
  /** the ORM's root EntityManager (the host forks it per job) */
  em: EntityManager;
  redisUrl: string;
  /** BullMQ key prefix (`QUEUE_PREFIX`) */
  prefix: string;
  cipher: PersonalDataCipher;
  jobs: readonly JobDefinition[];
  /** only these queues (default: every queue that has a job) */
  queues?: readonly string[];
  concurrency?: number;
  /** the concurrency of some queues (default: `concurrency`) */
  concurrencyByQueue?: Readonly<Record<string, number>>;
  /** how webhooks are delivered, handed to the jobs */
  webhooks?: WebhookSettings;
  /** lock and stalled-job settings (default: `DEFAULT_WORKER_OPTIONS`) */
  workerOptions?: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'>;
  /** queues whose jobs run in sandboxed child processes, by queue name */
  sandboxes?: Readonly<Record<string, QueueSandbox>>;
  log?: Logger;
}

export interface WorkerHost {
  readonly workers: ReadonlyMap<string, Worker>;
  readonly queues: ReadonlyMap<string, Queue>;
  /** the Redis connection of each queue's producer (its `status` and `ready` events say whether Redis answers) */
  readonly queueConnections: ReadonlyMap<string, IORedis>;
  /**
   * Stops taking jobs and waits up to `timeoutMs` for the running ones, then closes the queues
   * and quits every Redis connection. A job still running after the timeout is left to BullMQ's
   * stalled-job check (another worker retries it). The ORM belongs to the caller.
   */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * How long a stopping worker waits for its running jobs: longer than the longest job (a district's
 * year at size L ~13 s, its monthly close ~30 s, a 100,000-row import ~6 s), within the 120 s
 * Kubernetes gives the worker pod (infra/k8s/worker.yaml; docker compose: `stop_grace_period`). A
 * job still running then is left to the stalled-job check.
 */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 90_000;

/**
 * Locks and stalled jobs. A running job's lock is renewed every `lockDuration / 2` whatever the
 * job's length, so the lock only bounds how long a job of a dead worker waits: found stalled within
 * `lockDuration + stalledInterval` (~45 s) and run again. `maxStalledCount` 3: a job whose worker
 * dies (OOM, SIGKILL, a node lost) up to three times is retried; the fourth time the job itself is
 * the likely cause and it fails for good. Stalls do not use up the job's attempts.
 */
export const DEFAULT_WORKER_OPTIONS = { lockDuration: 30_000, stalledInterval: 15_000, maxStalledCount: 3 } as const;

/** A BullMQ Worker (and a Queue, for schedulers and producers) per queue that has processors. */
export function startWorkerHost(options: WorkerHostOptions): WorkerHost {
  const log = options.log ?? consoleLogger();
  const queueNames = [...new Set(options.jobs.map((job) => job.queue))].filter(
    (queue) => !options.queues || options.queues.includes(queue),
  );
  const connections: IORedis[] = [];
  const connect = (name: string) => {
    const connection = createRedisConnection(options.redisUrl, `${options.prefix}:${name}`);
    // ioredis reports each failed reconnection; BullMQ's own listeners log the rest
    connection.on('error', (error) => log.warn(`redis (${name}): ${error.message}`));
    connections.push(connection);
    return connection;
  };

  const workers = new Map<string, Worker>();
  const queues = new Map<string, Queue>();
  const queueConnections = new Map<string, IORedis>();
  for (const queueName of queueNames) {
    const connection = connect(`queue:${queueName}`);
    queueConnections.set(queueName, connection);
    const queue = new Queue(queueName, { connection, prefix: options.prefix });
    queue.on('error', (error) => log.error(`queue ${queueName}: ${error.message}`));
    queues.set(queueName, queue);
  }
  for (const queueName of queueNames) {
    const sandbox = options.sandboxes?.[queueName];
    const workerOptions: WorkerOptions = {
      ...DEFAULT_WORKER_OPTIONS,
      ...options.workerOptions,
      connection: connect(`worker:${queueName}`),
      prefix: options.prefix,
      concurrency: options.concurrencyByQueue?.[queueName] ?? options.concurrency ?? 1,
    };
    const worker = sandbox
      ? new SandboxedWorker(queueName, sandbox.processorFile ?? DEFAULT_SANDBOX_PROCESSOR_FILE, {
          ...workerOptions,
          // a child process per running job, not a worker thread: see SandboxedWorker
          useWorkerThreads: false,
          workerForkOptions: {
            execArgv: [
              ...inheritedExecArgv(),
              `--max-old-space-size=${sandbox.maxHeapMb}`,
              `--max-semi-space-size=${SANDBOX_SEMI_SPACE_MB}`,
            ],
            env: {
              ...process.env,
              [SANDBOX_SETTINGS_VARIABLE]: JSON.stringify({
                ...sandbox.settings,
                queue: queueName,
                producerQueues: queueNames,
              } satisfies SandboxSettings),
            },
          },
        })
      : new Worker(
          queueName,
          createQueueProcessor(
            queueName,
            options.jobs.filter((job) => job.queue === queueName),
            { em: options.em, cipher: options.cipher, log, queues, webhooks: options.webhooks },
          ),
          workerOptions,
        );
    worker.on('error', (error) => log.error(`worker ${queueName}: ${error.message}`));
    const definitions = new Map(
      options.jobs.filter((job) => job.queue === queueName).map((definition) => [definition.name, definition]),
    );
    /**
     * Runs the job's `failed` hook once BullMQ has failed it for good: also a job whose worker died
     * (the stalled-job check defers its failure to the next worker that takes it, which fails it here).
     */
    const afterFailure = async (job: Job | undefined) => {
      const definition = job && definitions.get(job.name);
      if (!job || !definition?.failed || (await job.getState()) !== 'failed') return;
      try {
        // as the runner does: the hook sees the parsed payload (a payload that never parsed has nothing to record)
        job.data = definition.parse(job.data);
      } catch {
        return;
      }
      try {
        await definition.failed({ em: options.em, log }, job, job.failedReason ?? 'failed');
      } catch (error) {
        log.error(`${queueName}/${job.name} #${job.id}: recording the failure failed: ${(error as Error).message}`);
      }
    };
    worker.on('failed', (job, error) => {
      const attempts = job
        ? ` (attempt ${job.attemptsMade}${job.opts.attempts ? ` of ${job.opts.attempts}` : ''})`
        : '';
      log.error(`${queueName}/${job?.name ?? '?'} #${job?.id ?? '?'} failed${attempts}: ${error.message}`);
      void afterFailure(job).catch(() => undefined);
    });
    workers.set(queueName, worker);
  }
  log.info(`listening on ${queueNames.map((name) => `${options.prefix}:${name}`).join(', ') || 'no queue'}`);

  let closing: Promise<void> | undefined;
  const close = (timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS) => {
    closing ??= (async () => {
      // Redis unreachable: no running job can be completed or keep its lock, and BullMQ's graceful
      // close would wait forever for its blocking connection to end (ioredis emits no `end` for a
      // client between reconnection attempts); the stalled-job check retries those jobs
      const redisDown = connections.some((connection) => connection.status !== 'ready');
      if (redisDown) log.warn('Redis is unreachable: closing without waiting for running jobs');
      const finished = await withinTimeout(
        Promise.allSettled([...workers.values()].map((worker) => worker.close(redisDown))),
        timeoutMs,
      );
      if (!finished) log.warn(`jobs still running after ${timeoutMs} ms: leaving them to the stalled-job check`);
      await Promise.allSettled([...queues.values()].map((queue) => queue.close()));
      await Promise.allSettled(connections.map((connection) => closeRedisConnection(connection)));
    })();
    return closing;
  };

  return { workers, queues, queueConnections, close };
}

/**
 * A BullMQ worker whose processor runs in child processes (BullMQ's sandboxed processors: one
 * process per running job, kept for the next job while it lives), so that a job cannot take the
 * host down: a heap past its limit (`--max-old-space-size`) aborts the child only. Child
 * processes rather than `useWorkerThreads` with `resourceLimits`: a thread shares the host's
 * process, so a crash in native code (the zip inflater, the XML parser) or memory outside the V8
 * heap (Buffers) would still reach the host, and the same limit is a plain Node option.
 * A child that dies fails its job for good (`UnrecoverableError`: the same file would kill the
 * next child the same way) with a reason of SANDBOX_EXIT_REASON, which the job's `failed` hook
 * records; the host and its other jobs go on.
 */
export class SandboxedWorker extends Worker {
  protected override createSandbox(processor: Parameters<Worker['createSandbox']>[0]): void {
    super.createSandbox(processor);
    const run = this.processFn;
    this.processFn = async (job, token, signal) => {
      try {
        return await run(job, token, signal);
      } catch (error) {
        const exit = /^Unexpected exit code: (\S+) signal: (\S+)/.exec((error as Error)?.message ?? '');
        if (!exit) throw error;
        const [, code, signalName] = exit;
        const outOfMemory = signalName === 'SIGABRT' || code === '134';
        throw new UnrecoverableError(
          `${outOfMemory ? SANDBOX_EXIT_REASON.heap : SANDBOX_EXIT_REASON.exit} (exit code ${code}, signal ${signalName})`,
        );
      }
    };
  }
}

/** the host's Node options a child keeps: not its heap sizes nor a debugger's port */
function inheritedExecArgv(): string[] {
  return process.execArgv.filter((option) => !/^--(max-old-space-size|max-semi-space-size|inspect)/.test(option));
}
