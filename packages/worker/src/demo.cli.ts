import 'reflect-metadata';
import {
  closeRedisConnection,
  DEMO_DISTRICT,
  type GenerateDemoDistrictPayload,
  JOBS,
  QUEUES,
  Role,
  loadEnv,
  loadLocalEnvFile,
} from '@xiaoyuan/schema';
import { Queue, QueueEvents } from 'bullmq';
import type IORedis from 'ioredis';
import { consoleLogger, silentLogger } from './engine/logger';
import { createRedisConnection, pingRedis } from './engine/redis';
import { startWorkerService, type WorkerService } from './engine/worker-service';
import { computeDemoKpis, type DemoKpisResult } from './demo/demo-kpis';
import { DEMO_ROLE_USERS, type GenerateDemoDistrictResult, demoUserEmail } from './jobs/generate-demo-district.job';

// `node packages/worker/dist/demo.cli.js` (the last step of `npm run setup`): generates the demo
// district through the real queue with an in-process worker, waits for it, computes its KPIs (the
// plan's months so far, through the real recompute-kpis job on the kpi queue, also in process) and
// prints the sign-ins.

const DEMO_SEED = 20261130;
const WAIT_TIMEOUT_MS = 10 * 60_000;

class SetupError extends Error {}

const hidePassword = (url: string) => url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');

function databaseProblem(error: unknown, url: string): string {
  const chain = [error, (error as { cause?: unknown })?.cause].filter(Boolean) as { code?: string; message?: string }[];
  const code = chain.map((item) => item.code).find(Boolean);
  const message = chain.map((item) => item.message).find(Boolean) ?? String(error);
  const where = hidePassword(url);
  switch (code) {
    case 'ECONNREFUSED':
    case 'ETIMEDOUT':
    case 'ENOTFOUND':
      return `PostgreSQL is not answering at ${where} (${message}). Start PostgreSQL 15+ or set DATABASE_URL.`;
    case '3D000':
      return `the database of ${where} does not exist: run "npm run db:migrate" first.`;
    case '28P01':
    case '28000':
      return `cannot sign in to PostgreSQL as the application role (${message}): run "npm run db:migrate", which creates it, or check DATABASE_APP_URL / DATABASE_APP_PASSWORD.`;
    case '42501':
      return `the application role may not use ${where} (${message}): run "npm run db:migrate".`;
    default:
      return `PostgreSQL at ${where}: ${message}`;
  }
}

async function main(): Promise<void> {
  loadLocalEnvFile();
  const env = loadEnv(process.env, () => undefined);
  const log = consoleLogger('demo');

  try {
    await pingRedis(env.redisUrl);
  } catch (error) {
    throw new SetupError(
      `Redis is not answering at ${hidePassword(env.redisUrl)} (${(error as Error).message}). Start Redis 7 or set REDIS_URL.`,
    );
  }

  let service: WorkerService;
  try {
    service = await startWorkerService(env, { queues: [QUEUES.demo, QUEUES.kpi], log: silentLogger });
  } catch (error) {
    throw new SetupError(databaseProblem(error, env.appDatabaseUrl));
  }
  const connections: IORedis[] = [];
  let queue: Queue | undefined;
  let events: QueueEvents | undefined;
  let kpiQueue: Queue | undefined;
  let kpiEvents: QueueEvents | undefined;
  try {
    try {
      const [row] = await service.orm.em
        .fork()
        .execute<{ table: string | null }[]>(`select to_regclass('public.districts')::text as "table"`);
      if (!row.table) throw new SetupError('the database has no tables yet: run "npm run db:migrate" first.');
    } catch (error) {
      throw error instanceof SetupError ? error : new SetupError(databaseProblem(error, env.appDatabaseUrl));
    }

    const producer = createRedisConnection(env.redisUrl, `${env.queuePrefix}:demo-cli`);
    const listener = createRedisConnection(env.redisUrl, `${env.queuePrefix}:demo-cli-events`);
    connections.push(producer, listener);
    queue = new Queue<GenerateDemoDistrictPayload, GenerateDemoDistrictResult>(QUEUES.demo, {
      connection: producer,
      prefix: env.queuePrefix,
    });
    events = new QueueEvents(QUEUES.demo, { connection: listener, prefix: env.queuePrefix });
    queue.on('error', (error) => log.error(`queue: ${error.message}`));
    events.on('error', (error) => log.error(`queue events: ${error.message}`));
    await events.waitUntilReady();

    // A deterministic id: running setup twice (or twice at once) does not queue two jobs. A
    // finished job of that id is removed first so the (idempotent) job really runs again, e.g.
    // after the database was recreated.
    const jobId = `demo-district-${DEMO_DISTRICT.code}`;
    const previous = await queue.getJob(jobId);
    if (previous && ((await previous.isCompleted()) || (await previous.isFailed()))) await previous.remove();
    const data: GenerateDemoDistrictPayload = { ...DEMO_DISTRICT, seed: DEMO_SEED };
    const job = await queue.add(JOBS.generateDemoDistrict, data, {
      jobId,
      attempts: 1,
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    let shown = 0;
    events.on('progress', ({ jobId: id, data: progress }) => {
      if (id !== jobId || typeof progress !== 'number' || progress >= 100 || progress < shown + 20) return;
      shown = progress;
      log.info(`generating… ${progress}%`);
    });
    log.info(
      `generating the demo district "${DEMO_DISTRICT.code}" (job ${jobId} on ${env.queuePrefix}:${QUEUES.demo})`,
    );
    let result: GenerateDemoDistrictResult;
    try {
      result = (await job.waitUntilFinished(events, WAIT_TIMEOUT_MS)) as GenerateDemoDistrictResult;
    } catch (error) {
      throw new SetupError(`the job ${JOBS.generateDemoDistrict} failed: ${(error as Error).message}`);
    }

    // the dashboard and the alerts have data right away: the plan's months so far, their quarters and years
    const kpiListener = createRedisConnection(env.redisUrl, `${env.queuePrefix}:demo-cli-kpi-events`);
    connections.push(kpiListener);
    kpiQueue = new Queue(QUEUES.kpi, { connection: producer, prefix: env.queuePrefix });
    kpiEvents = new QueueEvents(QUEUES.kpi, { connection: kpiListener, prefix: env.queuePrefix });
    kpiQueue.on('error', (error) => log.error(`kpi queue: ${error.message}`));
    kpiEvents.on('error', (error) => log.error(`kpi queue events: ${error.message}`));
    await kpiEvents.waitUntilReady();
    log.info(`computing the demo district's KPIs (${JOBS.recomputeKpis} on ${env.queuePrefix}:${QUEUES.kpi})`);
    let kpis: DemoKpisResult;
    try {
      kpis = await computeDemoKpis({
        em: service.orm.em,
        queue: kpiQueue,
        events: kpiEvents,
        tenantId: result.districtId,
        timeoutMs: WAIT_TIMEOUT_MS,
      });
    } catch (error) {
      throw new SetupError(`the job ${JOBS.recomputeKpis} failed: ${(error as Error).message}`);
    }
    printResult(result, kpis);
  } finally {
    await service.host.close();
    await kpiEvents?.close().catch(() => undefined);
    await kpiQueue?.close().catch(() => undefined);
    await events?.close().catch(() => undefined);
    await queue?.close().catch(() => undefined);
    await Promise.all(connections.map((connection) => closeRedisConnection(connection)));
    await service.orm.close(true);
  }
}

function printResult(result: GenerateDemoDistrictResult, kpis: DemoKpisResult): void {
  const { counts } = result;
  const passwords = new Map<string, string>([
    [DEMO_DISTRICT.adminEmail, DEMO_DISTRICT.adminPassword],
    ...DEMO_ROLE_USERS.map(
      (user) => [demoUserEmail(DEMO_DISTRICT.adminEmail, user.localPart), user.password] as [string, string],
    ),
  ]);
  console.log('');
  console.log(
    `demo district ${result.name} (code "${result.code}", ${result.timezone}): ${result.created ? 'created' : 'already present, left as it was'}`,
  );
  console.log(
    `  ${counts.streets} streets, ${counts.communities} communities, ${counts.courtyards} courtyards, ${counts.households} households`,
  );
  console.log(
    `  KPIs ${kpis.from}..${kpis.through}: ${kpis.periods} periods, ${kpis.snapshots} snapshots; ` +
      `${kpis.alerts.open} open alerts (${kpis.alerts.red} red, ${kpis.alerts.yellow} yellow); ${(kpis.ms / 1000).toFixed(1)} s`,
  );
  console.log('');
  console.log('sign in with:');
  const width = Math.max(...result.users.map((user) => user.email.length));
  for (const user of result.users) {
    const password = passwords.get(user.email) ?? '(not a generated user)';
    const admin = user.role === Role.DISTRICT_ADMIN ? '   <- district admin' : '';
    console.log(
      `  ${user.email.padEnd(width)}  ${password.padEnd(20)}  ${user.role.padEnd(17)} ${user.displayName}${admin}`,
    );
  }
  if (!result.created) console.log('  (passwords as generated; a password changed since is not shown)');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(
      `\ndemo district: ${error instanceof SetupError ? error.message : ((error as Error)?.stack ?? error)}`,
    );
    process.exit(1);
  },
);
