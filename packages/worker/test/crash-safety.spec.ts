import type { MikroORM } from '@mikro-orm/postgresql';
import { DEMO_DISTRICT, JOBS, QUEUES, appDatabaseUrl, dropDatabase, localDate, withTenant } from '@xiaoyuan/schema';
import { Job } from 'bullmq';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import type { GenerateDemoDistrictResult } from '../src/jobs/generate-demo-district.job';
import type { RecomputeKpisJobResult } from '../src/jobs/recompute-kpis.job';
import {
  TestProducer,
  createTestDatabase,
  openAppOrm,
  testEnvVariables,
  uniquePrefix,
  type TestDatabase,
} from './support/test-environment';
import { runOneJob } from './support/worker-harness';

/*
 * Crash safety (DOMAIN.md §9): a worker SIGKILLed (twice) in the middle of a long recompute (every month of
 * the demo district's plan, then their quarters and years: ~20 periods, ~2 s, one transaction),
 * started again, retries the stalled job and ends with exactly the snapshots and alerts of an
 * uninterrupted run on an identical copy of the data; no alert or event is duplicated.
 *
 * The worker runs as a child process (`support/crash-worker.ts` through swc's require hook, so no
 * build is needed) with a 1 s lock, so the new worker finds the job stalled within seconds.
 */

const CHILD = join(__dirname, 'support', 'crash-worker.ts');
const REGISTER = join(__dirname, 'support', 'ts-register.js');

/** A copy of a database (`create database … template …`); nobody may be connected to the source. */
async function copyDatabase(source: TestDatabase): Promise<TestDatabase> {
  const server = source.url.slice(0, source.url.lastIndexOf('/'));
  const name = `xiaoyuan_test_${randomBytes(6).toString('hex')}`;
  const admin = async (work: (client: Client) => Promise<unknown>) => {
    const client = new Client({ connectionString: `${server}/postgres` });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  };
  await admin(async (client) => {
    await client.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [source.name],
    );
    await client.query(`create database "${name}" template "${source.name}"`);
  });
  const url = `${server}/${name}`;
  return {
    name,
    url,
    appUrl: appDatabaseUrl({ DATABASE_URL: url }),
    drop: () => dropDatabase(name, server),
  };
}

interface ChildWorker {
  process: ChildProcess;
  output: string[];
  exited: Promise<void>;
}

/** Starts the worker as a child process; resolves once it listens. */
function startChildWorker(database: TestDatabase, prefix: string): Promise<ChildWorker> {
  const child = spawn(process.execPath, ['-r', REGISTER, CHILD], {
    env: { ...process.env, NODE_ENV: 'test', ...testEnvVariables(database, prefix) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the child worker did not start:\n${output.join('')}`)), 20_000);
    child.stderr!.on('data', (chunk) => output.push(String(chunk)));
    child.stdout!.on('data', (chunk) => {
      output.push(String(chunk));
      if (String(chunk).includes('ready')) {
        clearTimeout(timer);
        resolve({ process: child, output, exited });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the child worker exited with ${code}:\n${output.join('')}`));
    });
  });
}

describe('crash safety of a recompute', () => {
  let original: TestDatabase;
  let copy: TestDatabase | undefined;
  let tenantId: string;
  const children: ChildWorker[] = [];
  const opened: MikroORM[] = [];

  beforeAll(async () => {
    // the demo district (~300 courtyards, 14 months of records), then an identical copy of it
    original = await createTestDatabase();
    const demo = await runOneJob<GenerateDemoDistrictResult>(original, QUEUES.demo, {
      name: JOBS.generateDemoDistrict,
      data: { ...DEMO_DISTRICT, seed: 20261201 },
      options: { jobId: 'demo' },
      timeoutMs: 60_000,
    });
    tenantId = demo.districtId;
    copy = await copyDatabase(original);
  }, 60_000);

  afterAll(async () => {
    for (const child of children) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await child.exited;
    }
    for (const orm of opened) await orm.close(true);
    await copy?.drop();
    await original?.drop();
  });

  const open = async (database: TestDatabase) => {
    const orm = await openAppOrm(database);
    opened.push(orm);
    return orm;
  };
  const query = <T>(orm: MikroORM, sql: string, params: unknown[] = []) =>
    withTenant(orm.em, { tenantId }, (em) => em.execute<T[]>(sql, params));
  const snapshots = (orm: MikroORM) =>
    query(
      orm,
      `select scope_level, scope_id, period, kpi, value::text, numerator::text, denominator::text, target::text, status, provisional
         from kpi_snapshots order by scope_level, scope_id, period, kpi`,
    );
  const alerts = (orm: MikroORM) =>
    query(
      orm,
      `select courtyard_id, kpi, level, status, period, value::text, target::text, street_id, community_id,
              (select string_agg(concat_ws('/', e.action, e.level, e.period, e.note, e.actor_id), ', ' order by e.at, e.action)
                 from alert_events e where e.alert_id = a.id) as events
         from alerts a order by courtyard_id, kpi, opened_at`,
    );
  const duplicates = (orm: MikroORM) =>
    query<{ alerts: number; openings: number }>(
      orm,
      `select (select count(*)::int from (select 1 from alerts where status <> 'RESOLVED' group by courtyard_id, kpi having count(*) > 1) d) as alerts,
              (select count(*)::int from (select 1 from alert_events where action = 'OPENED' group by alert_id having count(*) > 1) o) as openings`,
    ).then(([row]) => row);

  it('SIGKILLed mid-job twice, then restarted, ends with the snapshots and alerts of an uninterrupted run and no duplicate', async () => {
    const originalOrm = await open(original);
    const [plan] = await query<{ starts: string; timezone: string }>(
      originalOrm,
      `select to_char(p.starts_on, 'YYYY-MM') as starts, d.timezone from rollout_plans p join districts d on d.id = p.tenant_id`,
    );
    // every month of the plan through the current (open) one
    const data = { tenantId, period: plan.starts, through: localDate(plan.timezone).slice(0, 7) };

    // the uninterrupted run, on the original
    const expected = await runOneJob<RecomputeKpisJobResult>(original, QUEUES.kpi, {
      name: JOBS.recomputeKpis,
      data,
      options: { jobId: 'range' },
      timeoutMs: 30_000,
    });
    expect(expected.periods.length).toBeGreaterThanOrEqual(15);
    expect(expected.alerts!.opened).toBeGreaterThan(0);
    const expectedSnapshots = await snapshots(originalOrm);
    const expectedAlerts = await alerts(originalOrm);

    // the same job on the copy, killed after its first period
    const prefix = uniquePrefix();
    const producer = await new TestProducer(QUEUES.kpi, prefix).ready();
    try {
      // the next progress of the job after its start (or restart)
      const progressed = () =>
        new Promise<void>((resolve) => {
          const listener = ({ jobId, data: progress }: { jobId: string; data: unknown }) => {
            if (jobId === 'range' && ((progress as { done?: number }).done ?? 0) > 0) {
              producer.events.off('progress', listener);
              resolve();
            }
          };
          producer.events.on('progress', listener);
        });
      const first = await startChildWorker(copy!, prefix);
      children.push(first);
      let running = progressed();
      const job = await producer.queue.add(JOBS.recomputeKpis, data, { jobId: 'range' });
      await running;
      first.process.kill('SIGKILL');
      await first.exited;
      expect(await job.getState()).toBe('active');
      const copyOrm = await open(copy!);
      // the killed transaction never committed
      expect(await snapshots(copyOrm)).toEqual([]);

      // a second worker finds the job stalled (its lock expired) and runs it again from the start;
      // it is killed too, mid-job
      running = progressed();
      const second = await startChildWorker(copy!, prefix);
      children.push(second);
      await running;
      second.process.kill('SIGKILL');
      await second.exited;
      expect(await snapshots(copyOrm)).toEqual([]);

      // a worker that died twice under the job is no reason to fail it: the third one completes it
      const third = await startChildWorker(copy!, prefix);
      children.push(third);
      const result = (await job.waitUntilFinished(producer.events, 30_000)) as RecomputeKpisJobResult;
      const retried = (await Job.fromId(producer.queue, 'range'))!;
      expect([retried.stalledCounter, retried.attemptsStarted]).toEqual([2, 3]);
      expect(result.periods.map((period) => [period.period, period.rows])).toEqual(
        expected.periods.map((period) => [period.period, period.rows]),
      );
      expect(result.alerts).toEqual(expected.alerts);

      const recovered = await snapshots(copyOrm);
      expect(recovered.length).toBe(expectedSnapshots.length);
      expect(recovered).toEqual(expectedSnapshots);
      expect(await alerts(copyOrm)).toEqual(expectedAlerts);
      expect(await duplicates(copyOrm)).toEqual({ alerts: 0, openings: 0 });

      // and running it twice changes nothing
      const again = await producer.queue.add(JOBS.recomputeKpis, data, { jobId: 'range-again' });
      expect(((await again.waitUntilFinished(producer.events, 30_000)) as RecomputeKpisJobResult).alerts).toEqual({
        opened: 0,
        updated: 0,
        escalated: 0,
        resolved: 0,
      });
      expect(await snapshots(copyOrm)).toEqual(expectedSnapshots);
      expect(await alerts(copyOrm)).toEqual(expectedAlerts);

      third.process.kill('SIGTERM');
      await third.exited;
    } finally {
      await producer.close();
    }
  }, 60_000);
});
