import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  closeRedisConnection,
  KpiKey,
  QUEUES,
  loadDistrictClock,
  localDate,
  parsePeriod,
  toGlobalId,
  withTenant,
} from '@xiaoyuan/schema';
import { Queue } from 'bullmq';
import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { createRedisConnection } from '../../src/engine/redis';
import { periodsOfRange, recomputeKpiPeriods, recomputeKpis } from '../../src/kpi/kpi-engine';
import {
  REDIS_URL,
  createTestDatabase,
  openAppOrm,
  uniquePrefix,
  type TestDatabase,
} from '../../test/support/test-environment';
import { FLOOR_COLUMNS, FLOOR_SQL } from './floor';
import { SIZES, TIMEZONE, courtyardsOf, generateDistrict, ids, insertDistrictAdmin, type Size } from './generate';

/*
 * `npm run bench:kpi` (from the repository root or the worker): the KPI engine against synthetic
 * districts S (50 courtyards), M (500) and L (5,000 courtyards, 1,000,000 households, 10,080,000
 * attendance rows, 14 months), each in a fresh database made by `migrate` and filled in SQL
 * (generate.ts). For each size, as medians of several runs:
 * - a full recompute of one month (2026-11) and of one year (2026), every level, by the engine
 *   (`recomputeKpis`, alerts off), each in its own tenant transaction as the application role;
 * - the floor: one hand-written SELECT of the same figures (floor.ts), timed in the same loop,
 *   and the ratio engine / floor; the floor's values are checked against the engine's snapshots;
 * - an incremental recompute of one courtyard (courtyardIds: [one]) of the month (the API's
 *   refresh's first job for a record of that month), and of what its second job runs (month,
 *   quarter, year, alert sync), with the KPIs an activity changes (`kpis`, as the refresh after
 *   `recordActivity` sends them); also without `kpis` (every KPI), and a dispute's KPIs (month and job);
 * - at S and L: from a `recordActivity` mutation to the courtyard's participation numerator
 *   changing in `Courtyard.kpis(period)`, through the built API and worker (started here on a
 *   free port with a fresh QUEUE_PREFIX), polled every 50 ms.
 * It is a benchmark, not a test: nothing asserts a time. `--sizes S,M` for a quick run;
 * BENCH_KPI_RUNS overrides the number of runs (default 5 at S/M, 3 at L); BENCH_KPI_SAMPLES the
 * latency samples (default 20, after 2 unmeasured ones).
 */

const MONTH = '2026-11';
/** the KPIs the refresh names after an activity (kpi-refresh.ts) and after a dispute */
const ACTIVITY_KPIS = [KpiKey.PARTICIPATION_RATE, KpiKey.YOUTH_PARTICIPATION_RATE];
const DISPUTE_KPIS = [KpiKey.DISPUTE_RESOLUTION_RATE, KpiKey.DISPUTE_RESOLUTION_DAYS];
const YEAR = '2026';
const ROOT = resolve(__dirname, '../../../../../..');
const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

const log = (line: string) => console.error(line);
const clock = () => Number(process.hrtime.bigint()) / 1e6;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** nearest-rank percentile */
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * values.length) - 1)];
const ms = (value: number) =>
  value >= 10_000
    ? `${(value / 1000).toFixed(1)} s`
    : value >= 1000
      ? `${(value / 1000).toFixed(2)} s`
      : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const sleep = (millis: number) => new Promise((done) => setTimeout(done, millis));

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  if (index >= 0) return process.argv[index + 1];
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

interface SizeResult {
  size: Size;
  courtyards: number;
  generation: { ms: number; counts: Record<string, number>; steps: { step: string; ms: number }[]; databaseMb: number };
  runs: number;
  monthEngine: number[];
  monthFloor: number[];
  yearEngine: number[];
  yearFloor: number[];
  floorCheck: string;
  incrementalMonth: number[];
  incrementalJob: number[];
  /** the same without `kpis` (every KPI, roll-ups re-summed): an enrolment, or a refresh without kinds */
  incrementalMonthAll: number[];
  incrementalJobAll: number[];
  /** a dispute's KPIs (a ratio by delta and the pooled median) of the month */
  incrementalMonthDispute: number[];
  /** the same, the second job's periods (month, quarter, year, alerts) */
  incrementalJobDispute: number[];
  latency?: LatencyResult;
}

interface LatencyResult {
  samples: number[];
  mutation: number[];
  jobWait: number[];
  jobRun: number[];
  /** the refresh's second job (month through current, quarter, year, alerts): ran */
  rangeRun: number[];
  timeouts: number;
  note: string;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = clock();
  await work();
  return clock() - started;
}

/** The floor, as the application role in a tenant transaction (the same RLS as the engine's). */
async function runFloor(client: Client, tenantId: string, period: string): Promise<Record<string, unknown>[]> {
  const p = parsePeriod(period)!;
  await client.query('begin');
  try {
    await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    const { rows } = await client.query(FLOOR_SQL, [tenantId, p.start, p.end, TIMEZONE]);
    return rows;
  } finally {
    await client.query('commit');
  }
}

/** Every value of the floor against the engine's stored snapshot of the same scope and KPI. */
async function checkFloor(
  orm: MikroORM,
  tenantId: string,
  period: string,
  floor: Record<string, unknown>[],
): Promise<string> {
  const stored = await withTenant(orm.em, { tenantId }, (em) =>
    em.execute<{ scope_level: string; scope_id: string; kpi: string; value: string | null }[]>(
      `select scope_level, scope_id, kpi, value::text as value from kpi_snapshots where tenant_id = ? and period = ?`,
      [tenantId, period],
    ),
  );
  const byKey = new Map(
    stored.map((row) => [
      `${row.scope_level}:${row.scope_id}:${row.kpi}`,
      row.value === null ? null : Number(row.value),
    ]),
  );
  let compared = 0;
  const wrong: string[] = [];
  for (const row of floor) {
    for (const [kpi, column] of Object.entries(FLOOR_COLUMNS)) {
      const raw = row[column];
      const expected = raw === null || raw === undefined ? null : Number(raw);
      const key = `${row.scope_level}:${row.scope_id}:${kpi}`;
      const actual = byKey.get(key);
      compared++;
      const same =
        expected === null
          ? actual === null || actual === undefined
          : actual !== null &&
            actual !== undefined &&
            Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected));
      if (!same && wrong.length < 5) wrong.push(`${key} engine ${actual} floor ${expected}`);
      else if (!same) wrong.push('');
    }
  }
  return wrong.length === 0
    ? `all ${compared.toLocaleString('en')} values equal`
    : `${wrong.length} of ${compared} differ, e.g. ${wrong.slice(0, 3).join('; ')}`;
}

async function databaseMb(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ size: string }>(`select pg_database_size(current_database())::text as size`);
    return Number(rows[0].size) / 1024 / 1024;
  } finally {
    await client.end();
  }
}

async function benchSize(size: Size, runs: number, samples: number, withLatency: boolean): Promise<SizeResult> {
  const shape = SIZES[size];
  log(`\n== ${size}: ${courtyardsOf(shape).toLocaleString('en')} courtyards`);
  const database = await createTestDatabase();
  currentDatabase = database;
  let orm: MikroORM | undefined;
  const floorClient = new Client({ connectionString: database.appUrl });
  try {
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    const [{ id: tenantId }] = (
      await admin.query<{ id: string }>(
        `insert into districts (name, code, timezone) values ($1, $2, $3) returning id`,
        [`基准${size}区`, `bench-${size}`, TIMEZONE],
      )
    ).rows;
    await admin.end();

    log(`generating (database ${database.name})`);
    const generated = await generateDistrict(database.url, tenantId, shape, log);
    const generation = { ...generated, databaseMb: await databaseMb(database.url) };
    log(
      `generated in ${ms(generation.ms)}: ${JSON.stringify(generation.counts)}, ${generation.databaseMb.toFixed(0)} MB`,
    );

    orm = await openAppOrm(database);
    await floorClient.connect();
    const engine = (period: string, courtyardIds?: string[], kpis?: KpiKey[]) =>
      timed(() =>
        withTenant(orm!.em, { tenantId }, async (em) =>
          recomputeKpis(em, {
            tenantId,
            clock: await loadDistrictClock(em, tenantId),
            period,
            courtyardIds,
            kpis,
            alerts: false,
          }),
        ),
      );
    const floor = (period: string) => timed(() => runFloor(floorClient, tenantId, period));

    // warm-up (also writes the snapshots the incremental runs and the check read)
    log('warm-up: engine and floor, month and year');
    await engine(MONTH);
    await floor(MONTH);
    await engine(YEAR);
    await floor(YEAR);

    const result: SizeResult = {
      size,
      courtyards: courtyardsOf(shape),
      generation,
      runs,
      monthEngine: [],
      monthFloor: [],
      yearEngine: [],
      yearFloor: [],
      floorCheck: '',
      incrementalMonth: [],
      incrementalJob: [],
      incrementalMonthAll: [],
      incrementalJobAll: [],
      incrementalMonthDispute: [],
      incrementalJobDispute: [],
    };
    for (let run = 1; run <= runs; run++) {
      result.monthEngine.push(await engine(MONTH));
      result.monthFloor.push(await floor(MONTH));
      result.yearEngine.push(await engine(YEAR));
      result.yearFloor.push(await floor(YEAR));
      log(
        `run ${run}: month engine ${ms(result.monthEngine.at(-1)!)} floor ${ms(result.monthFloor.at(-1)!)}; year engine ${ms(result.yearEngine.at(-1)!)} floor ${ms(result.yearFloor.at(-1)!)}`,
      );
    }
    const monthCheck = await checkFloor(orm, tenantId, MONTH, await runFloor(floorClient, tenantId, MONTH));
    const yearCheck = await checkFloor(orm, tenantId, YEAR, await runFloor(floorClient, tenantId, YEAR));
    result.floorCheck = `month: ${monthCheck}; year: ${yearCheck}`;
    log(`floor check: ${result.floorCheck}`);

    // incremental: one enrolled courtyard (c = 0, batch 1)
    const courtyard = ids.courtyard(0);
    const jobPeriods = periodsOfRange(MONTH, MONTH);
    // the quarter once in full, so that the job-like runs are incremental at every period
    await withTenant(orm.em, { tenantId }, async (em) =>
      recomputeKpis(em, {
        tenantId,
        clock: await loadDistrictClock(em, tenantId),
        period: jobPeriods[1],
        alerts: false,
      }),
    );
    // the recompute-kpis job of one courtyard: its periods in one transaction, with the clock as the job runner loads it
    const courtyardJob = (kpis?: KpiKey[]) =>
      timed(() =>
        withTenant(orm!.em, { tenantId }, async (em) =>
          recomputeKpiPeriods(em, {
            tenantId,
            clock: await loadDistrictClock(em, tenantId),
            periods: jobPeriods,
            courtyardIds: [courtyard],
            kpis,
          }),
        ),
      );
    const incrementalRuns = Math.max(runs, 5);
    for (let run = 1; run <= incrementalRuns + 1; run++) {
      const month = await engine(MONTH, [courtyard], ACTIVITY_KPIS);
      const job = await courtyardJob(ACTIVITY_KPIS);
      const monthAll = await engine(MONTH, [courtyard]);
      const jobAll = await courtyardJob();
      const monthDispute = await engine(MONTH, [courtyard], DISPUTE_KPIS);
      const jobDispute = await courtyardJob(DISPUTE_KPIS);
      if (run === 1) continue; // warm-up
      result.incrementalMonth.push(month);
      result.incrementalJob.push(job);
      result.incrementalMonthAll.push(monthAll);
      result.incrementalJobAll.push(jobAll);
      result.incrementalMonthDispute.push(monthDispute);
      result.incrementalJobDispute.push(jobDispute);
    }
    log(
      `incremental (an activity's KPIs): month ${ms(median(result.incrementalMonth))}, ${jobPeriods.join('+')}+alerts ${ms(median(result.incrementalJob))}; ` +
        `every KPI: month ${ms(median(result.incrementalMonthAll))}, job ${ms(median(result.incrementalJobAll))}; a dispute's KPIs: month ${ms(median(result.incrementalMonthDispute))}, job ${ms(median(result.incrementalJobDispute))}`,
    );

    if (withLatency) result.latency = await measureLatency(database, orm, tenantId, samples);
    return result;
  } finally {
    await floorClient.end().catch(() => undefined);
    await orm?.close(true);
    await database.drop();
    currentDatabase = undefined;
    log(`dropped ${database.name}`);
  }
}

let currentDatabase: TestDatabase | undefined;
const children = new Set<ChildProcess>();

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function start(script: string, env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

async function graphql<T>(port: number, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

const KPIS_QUERY = `query($id: ID!, $period: Period!) { node(id: $id) { ... on Courtyard { kpis(period: $period) { key numerator computedAt } } } }`;
const RECORD_MUTATION = `mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activity { id } userErrors { code message } } }`;

async function measureLatency(
  database: TestDatabase,
  orm: MikroORM,
  tenantId: string,
  samples: number,
): Promise<LatencyResult> {
  const apiMain = join(ROOT, 'packages/api/dist/main.js');
  const workerMain = join(ROOT, 'packages/worker/dist/main.js');
  const refreshBuilt = (() => {
    try {
      return readFileSync(join(ROOT, 'packages/api/dist/engine/kpi-refresh.js'), 'utf8').length > 0;
    } catch {
      return false;
    }
  })();
  const today = localDate(TIMEZONE, new Date());
  const month = today.slice(0, 7);
  const periods = periodsOfRange(month, month);
  log(
    `latency: record dated ${today}; first a full recompute of ${periods.join(', ')} (as the monthly close and earlier records would have left them)`,
  );
  await withTenant(orm.em, { tenantId }, async (em) =>
    recomputeKpiPeriods(em, { tenantId, clock: await loadDistrictClock(em, tenantId), periods }),
  );

  // a district admin of the synthetic district
  const email = 'bench-admin@kpi.bench';
  const password = 'bench-password-kpi';
  await insertDistrictAdmin(database.url, tenantId, email, password);

  const port = await freePort();
  const prefix = uniquePrefix();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    NODE_ENV: 'development',
    // one set of secrets for the API and the worker; the latency runs come from one address
    JWT_SECRET: randomBytes(32).toString('hex'),
    API_KEY_PEPPER: randomBytes(32).toString('hex'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    RATE_LIMIT_PER_MINUTE: '100000000',
  };
  const logs = { api: join(tmpdir(), `${prefix}-api.log`), worker: join(tmpdir(), `${prefix}-worker.log`) };
  const api = start(apiMain, env, logs.api);
  const worker = start(workerMain, env, logs.worker);
  const queueConnection = createRedisConnection(REDIS_URL, `${prefix}:bench`);
  const queue = new Queue(QUEUES.kpi, { connection: queueConnection, prefix });
  queue.on('error', () => undefined);
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (api.exitCode !== null) throw new Error(`the API exited: see ${logs.api}`);
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error(`the API did not start in 60 s: see ${logs.api}`);
      await sleep(200);
    }
    await sleep(2000); // the worker connects meanwhile
    const { login } = await graphql<{ login: { token: string | null; userErrors: { message: string }[] } }>(
      port,
      `
        mutation ($input: LoginInput!) {
          login(input: $input) {
            token
            userErrors {
              message
            }
          }
        }
      `,
      { input: { email, password } },
    );
    if (!login.token) throw new Error(`login failed: ${JSON.stringify(login.userErrors)}`);
    const token = login.token;
    const courtyardId = toGlobalId('Courtyard', ids.courtyard(0));
    const numerator = async () => {
      const data = await graphql<{ node: { kpis: { key: string; numerator: number | null }[] } }>(
        port,
        KPIS_QUERY,
        { id: courtyardId, period: month },
        token,
      );
      return data.node.kpis.find((kpi) => kpi.key === 'PARTICIPATION_RATE')?.numerator ?? null;
    };

    const result: LatencyResult = {
      samples: [],
      mutation: [],
      jobWait: [],
      jobRun: [],
      rangeRun: [],
      timeouts: 0,
      note: refreshBuilt ? '' : 'the built API has no kpi-refresh',
    };
    const TIMEOUT = refreshBuilt ? 30_000 : 10_000;
    const warmups = 2;
    for (let sample = 0; sample < samples + warmups; sample++) {
      const before = await numerator();
      const started = clock();
      const { recordActivity } = await graphql<{
        recordActivity: { activity: { id: string } | null; userErrors: { message: string }[] };
      }>(
        port,
        RECORD_MUTATION,
        {
          input: {
            courtyardId,
            kind: 'CULTURAL',
            title: `基准活动 ${sample}`,
            heldOn: today,
            // a household that attended nothing this month yet: the numerator grows by one
            attendance: [{ householdCode: ids.householdCode(sample), participants: 2, youthParticipants: 1 }],
          },
        },
        token,
      );
      const mutationMs = clock() - started;
      if (!recordActivity.activity)
        throw new Error(`recordActivity failed: ${JSON.stringify(recordActivity.userErrors)}`);
      let seen = NaN;
      while (clock() - started < TIMEOUT) {
        if ((await numerator()) !== before) {
          seen = clock() - started;
          break;
        }
        await sleep(50);
      }
      if (Number.isNaN(seen)) {
        log(`sample ${sample}: not visible after ${TIMEOUT / 1000} s`);
        if (sample >= warmups) result.timeouts++;
        if (!refreshBuilt || result.timeouts >= 3) {
          result.note ||= `no change visible within ${TIMEOUT / 1000} s`;
          break;
        }
        continue;
      }
      await sleep(300); // let the job finish (it commits before it completes)
      // the refresh's first job, the touched month alone (the second, with `through`, follows)
      const completed = await queue.getJobs(['completed'], 0, 9, false);
      const job = completed.find((candidate) => !candidate.data?.through);
      // the latest second job (this sample's is still waiting out its debounce)
      const range = completed.find((candidate) => candidate.data?.through);
      if (sample < warmups) continue;
      result.samples.push(seen);
      result.mutation.push(mutationMs);
      if (job?.processedOn && job.finishedOn) {
        result.jobWait.push(job.processedOn - job.timestamp);
        result.jobRun.push(job.finishedOn - job.processedOn);
      }
      if (range?.processedOn && range.finishedOn && sample > warmups)
        result.rangeRun.push(range.finishedOn - range.processedOn);
      log(
        `sample ${sample - warmups + 1}: visible after ${ms(seen)} (mutation ${ms(mutationMs)}${job?.processedOn ? `, job waited ${job.processedOn - job.timestamp} ms, ran ${job.finishedOn! - job.processedOn} ms` : ''})`,
      );
    }
    // the second job of the last burst (while samples keep coming, its debounce keeps moving it)
    const until = Date.now() + 120_000;
    while (!result.rangeRun.length && Date.now() < until) {
      const range = (await queue.getJobs(['completed'], 0, 9, false)).find((candidate) => candidate.data?.through);
      if (range?.processedOn && range.finishedOn && range.timestamp > 0) {
        result.rangeRun.push(range.finishedOn - range.processedOn);
        log(
          `second job (${range.data.period}..${range.data.through}, quarter, year): ran ${range.finishedOn - range.processedOn} ms`,
        );
      } else await sleep(250);
    }
    return result;
  } finally {
    await stop(api);
    await stop(worker);
    for (const name of Object.values(QUEUES)) {
      const connection = createRedisConnection(REDIS_URL, `${prefix}:cleanup`);
      const q = new Queue(name, { connection, prefix });
      q.on('error', () => undefined);
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
      await closeRedisConnection(connection);
    }
    await queue.close();
    await closeRedisConnection(queueConnection);
    log(`API and worker stopped (logs: ${logs.api}, ${logs.worker})`);
  }
}

function machine(): string {
  const pg = (() => {
    try {
      return execSync(`psql "${SERVER_URL}/postgres" -Atc "show server_version"`, { encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  })();
  return `${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.version}, PostgreSQL ${pg}`;
}

function report(results: SizeResult[], command: string): string {
  const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);
  const lines = [
    `KPI benchmark, ${new Date().toISOString().slice(0, 10)}; \`${command}\`; ${machine()}.`,
    '',
    '**Generation** (one SQL session pair, then VACUUM ANALYZE)',
    '',
    '| size | courtyards | households | attendance rows | disputes | ledger entries | service requests | surveys | enrolled | generation | database |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => {
      const c = r.generation.counts;
      const n = (value: number | undefined) => (value ?? 0).toLocaleString('en');
      return `| ${r.size} | ${n(c.courtyards)} | ${n(c.households)} | ${n(c.activity_attendance)} | ${n(c.disputes)} | ${n(c.ledger_entries)} | ${n(c.service_requests)} | ${n(c.survey_responses)} | ${n(c.enrollments)} | ${ms(r.generation.ms)} | ${(r.generation.databaseMb / 1024).toFixed(1)} GB |`;
    }),
    '',
    `**Full recompute** (every level, alerts off; medians of the runs; the floor is one SELECT of the same figures, timed in the same loop) and **incremental recompute of one courtyard**`,
    '',
    `| size | runs | month ${MONTH}: engine | floor | engine / floor | year ${YEAR}: engine | floor | engine / floor | 1 courtyard, month | 1 courtyard, month+quarter+year+alerts |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.size} | ${r.runs} | ${ms(median(r.monthEngine))} | ${ms(median(r.monthFloor))} | ${ratio(r.monthEngine, r.monthFloor)} | ${ms(median(r.yearEngine))} | ${ms(median(r.yearFloor))} | ${ratio(r.yearEngine, r.yearFloor)} | ${ms(median(r.incrementalMonth))} | ${ms(median(r.incrementalJob))} |`,
    ),
  ];
  const s = results.find((r) => r.size === 'S');
  const l = results.find((r) => r.size === 'L');
  if (s && l) {
    lines.push(
      '',
      `Incremental cost L / S: one courtyard's month ${ratio(l.incrementalMonth, s.incrementalMonth)}×, the refresh job's periods ${ratio(l.incrementalJob, s.incrementalJob)}× (an activity's KPIs).`,
    );
    lines.push(
      '',
      `Without \`kpis\` (every KPI): month ${ms(median(s.incrementalMonthAll))} at S, ${ms(median(l.incrementalMonthAll))} at L (${ratio(l.incrementalMonthAll, s.incrementalMonthAll)}×); job ${ms(median(s.incrementalJobAll))} / ${ms(median(l.incrementalJobAll))} (${ratio(l.incrementalJobAll, s.incrementalJobAll)}×). ` +
        `A dispute's KPIs (pooled median): month ${ms(median(s.incrementalMonthDispute))} / ${ms(median(l.incrementalMonthDispute))} (${ratio(l.incrementalMonthDispute, s.incrementalMonthDispute)}×), ` +
        `job ${ms(median(s.incrementalJobDispute))} / ${ms(median(l.incrementalJobDispute))} (${ratio(l.incrementalJobDispute, s.incrementalJobDispute)}×).`,
    );
  }
  lines.push(
    '',
    "Floor check (the floor's values against the engine's snapshots): " +
      results.map((r) => `${r.size}: ${r.floorCheck}`).join('; ') +
      '.',
  );
  const withLatency = results.filter((r) => r.latency);
  if (withLatency.length) {
    lines.push(
      '',
      '**`recordActivity` → courtyard KPI visible** (`Courtyard.kpis(period)` polled every 50 ms until the participation numerator changes)',
      '',
      '| size | samples | median | p95 | max | mutation (median) | month job waited (median) | month job ran (median) | second job ran (median) | note |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      ...withLatency.map((r) => {
        const x = r.latency!;
        if (!x.samples.length) return `| ${r.size} | 0 | – | – | – | – | – | – | – | ${x.note} |`;
        const jobs = (values: number[]) => (values.length ? ms(median(values)) : '–');
        return `| ${r.size} | ${x.samples.length} | ${ms(median(x.samples))} | ${ms(percentile(x.samples, 0.95))} | ${ms(Math.max(...x.samples))} | ${ms(median(x.mutation))} | ${jobs(x.jobWait)} | ${jobs(x.jobRun)} | ${jobs(x.rangeRun)} | ${[x.note, x.timeouts ? `${x.timeouts} timed out` : ''].filter(Boolean).join('; ')} |`;
      }),
    );
  }
  lines.push(
    '',
    '<details><summary>generation steps</summary>',
    '',
    ...results.map((r) => `- ${r.size}: ${r.generation.steps.map((step) => `${step.step} ${ms(step.ms)}`).join(', ')}`),
    '',
    '</details>',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const sizes = (argument('sizes') ?? process.env.BENCH_KPI_SIZES ?? process.env.npm_config_sizes ?? 'S,M,L')
    .split(',')
    .map((size) => size.trim().toUpperCase()) as Size[];
  for (const size of sizes) if (!(size in SIZES)) throw new Error(`unknown size ${size} (S, M, L)`);
  const samples = Number(process.env.BENCH_KPI_SAMPLES ?? 20);
  log(execSync('df -h /work /var/lib/postgresql 2>/dev/null || df -h /', { encoding: 'utf8' }));
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const runs = Number(process.env.BENCH_KPI_RUNS ?? (size === 'L' ? 3 : 5));
    results.push(await benchSize(size, runs, samples, size !== 'M'));
  }
  const command = `npm run bench:kpi${argument('sizes') ? ` -- --sizes ${sizes.join(',')}` : ''}`;
  console.log(report(results, command));
}

const cleanup = async (signal: string) => {
  log(`${signal}: cleaning up`);
  for (const child of children) child.kill('SIGTERM');
  await currentDatabase?.drop().catch(() => undefined);
  process.exit(1);
};
process.on('SIGINT', () => void cleanup('SIGINT'));
process.on('SIGTERM', () => void cleanup('SIGTERM'));

main().catch(async (error) => {
  console.error(error);
  for (const child of children) child.kill('SIGTERM');
  await currentDatabase?.drop().catch(() => undefined);
  process.exit(1);
});
