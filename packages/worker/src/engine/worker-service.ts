import { MikroORM } from '@mikro-orm/postgresql';
import {
  type AppEnv,
  migrationsCheck,
  ormConfig,
  PersonalDataCipher,
  postgresCheck,
  QUEUES,
  redisCheck,
  startProbeServer,
  type ProbeServer,
} from '@xiaoyuan/schema';
import { StuckImportSweeper, type StuckImportSweeperOptions } from '../imports/stuck-import-sweeper';
import { JOB_DEFINITIONS } from '../jobs';
import { KpiRefreshRelay } from '../kpi/kpi-refresh-relay';
import { WebhookRelay } from '../webhooks/webhook-relay';
import { createWebhookSettings, type WebhookSettingsInput } from '../webhooks/webhook-settings';
import type { JobDefinition } from './job-definition';
import { consoleLogger, silentLogger, type Logger } from './logger';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, startWorkerHost, type WorkerHost, type WorkerHostOptions } from './worker-host';

export interface WorkerService {
  orm: MikroORM;
  host: WorkerHost;
  /** the webhook relay, when this worker serves the webhooks queue */
  relay?: WebhookRelay;
  /** fails imports whose job is gone, when this worker serves the imports queue */
  importSweeper?: StuckImportSweeper;
  /** the KPI refresh relay (the outbox `kpi_refresh_requests`), when this worker serves the kpi queue */
  kpiRefreshRelay?: KpiRefreshRelay;
  /** the HTTP server of `/livez` and `/readyz`, when `probePort` was given */
  probes?: ProbeServer;
  /** closes workers, then queues, then Redis, then the ORM; resolves once all is closed */
  stop(timeoutMs?: number): Promise<void>;
}

export interface WorkerServiceOptions {
  jobs?: readonly JobDefinition[];
  queues?: readonly string[];
  workerOptions?: WorkerHostOptions['workerOptions'];
  log?: Logger;
  /** the processor file of the sandboxed imports queue (tests: a shim that compiles the source) */
  sandboxProcessorFile?: string;
  /** how often and how old imports are swept (`StuckImportSweeper`) */
  importSweep?: Pick<StuckImportSweeperOptions, 'intervalMs' | 'minimumAgeMs'>;
  /** webhook delivery: retry delays, timeout, sweep interval (tests make them short) */
  webhooks?: Partial<WebhookSettingsInput> & { sweepIntervalMs?: number };
  /** the KPI refresh relay's sweep interval and grace period (tests make them short) */
  kpiRefresh?: { sweepIntervalMs?: number; graceMs?: number };
  /** serves `/livez` and `/readyz` on this port of `env.host` (0: a free port; default: none) */
  probePort?: number;
}

/** jobs of the webhooks queue at once per worker (each posts to one webhook, 16 at a time) */
const WEBHOOK_QUEUE_CONCURRENCY = 16;

/** The worker process minus the signals: the ORM as the application role and the BullMQ workers. */
export async function startWorkerService(env: AppEnv, options: WorkerServiceOptions = {}): Promise<WorkerService> {
  const log = options.log ?? consoleLogger();
  // the application role never creates the database: a missing one is an error (run migrations)
  const orm = await MikroORM.init(ormConfig(env.appDatabaseUrl, { ensureDatabase: false }));
  const { sweepIntervalMs, ...webhookInput } = options.webhooks ?? {};
  const webhooks = createWebhookSettings({
    production: env.production,
    adminAppUrl: env.adminAppUrl,
    ...webhookInput,
  });
  const host = startWorkerHost({
    em: orm.em,
    redisUrl: env.redisUrl,
    prefix: env.queuePrefix,
    cipher: new PersonalDataCipher(env.dataEncryptionKey),
    jobs: options.jobs ?? JOB_DEFINITIONS,
    queues: options.queues,
    workerOptions: options.workerOptions,
    concurrencyByQueue: { [QUEUES.webhooks]: WEBHOOK_QUEUE_CONCURRENCY },
    // an uploaded file is read in a process of its own with a capped heap: it can fail only its import
    sandboxes: {
      [QUEUES.imports]: {
        maxHeapMb: env.importMaxHeapMb,
        processorFile: options.sandboxProcessorFile,
        settings: {
          appDatabaseUrl: env.appDatabaseUrl,
          redisUrl: env.redisUrl,
          queuePrefix: env.queuePrefix,
          dataEncryptionKey: env.dataEncryptionKey,
          silent: log === silentLogger,
        },
      },
    },
    webhooks,
    log,
  });
  const webhookQueue = host.queues.get(QUEUES.webhooks);
  const relay = webhookQueue
    ? new WebhookRelay({ em: orm.em, databaseUrl: env.appDatabaseUrl, queue: webhookQueue, log, sweepIntervalMs })
    : undefined;
  await relay?.start();
  const importQueue = host.queues.get(QUEUES.imports);
  const importSweeper = importQueue
    ? new StuckImportSweeper({ em: orm.em, queue: importQueue, log, ...options.importSweep })
    : undefined;
  importSweeper?.start();
  const kpiQueue = host.queues.get(QUEUES.kpi);
  const kpiRedis = host.queueConnections.get(QUEUES.kpi);
  const kpiRefreshRelay =
    kpiQueue && kpiRedis
      ? new KpiRefreshRelay({
          em: orm.em,
          databaseUrl: env.appDatabaseUrl,
          queue: kpiQueue,
          redis: kpiRedis,
          log,
          ...options.kpiRefresh,
        })
      : undefined;
  await kpiRefreshRelay?.start();
  // ready: PostgreSQL answers, every queue's Redis connection is ready and answers, migrations applied
  const probes =
    options.probePort === undefined
      ? undefined
      : await startProbeServer(options.probePort, env.host, [
          postgresCheck(orm.em),
          redisCheck([...host.queueConnections.values()]),
          migrationsCheck(orm.em),
        ]);
  let stopping: Promise<void> | undefined;
  const stop = (timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS) => {
    stopping ??= (async () => {
      try {
        await relay?.close();
        await importSweeper?.close();
        await kpiRefreshRelay?.close();
        await host.close(timeoutMs);
        await webhooks.sender.close();
      } finally {
        // answers /livez while the running jobs finish
        await probes?.close();
        await orm.close(true);
      }
    })();
    return stopping;
  };
  return { orm, host, relay, kpiRefreshRelay, importSweeper, probes, stop };
}
