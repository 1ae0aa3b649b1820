import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createScratchDatabase } from '@xiaoyuan/schema';
import { ROOT, adminOperation } from './admin-documents';
import {
  bearer,
  graphql,
  loadAverage,
  machine,
  median,
  ms,
  runLoad,
  runScript,
  startServer,
  stopServer,
  type LoadBlock,
} from './load-blocks';

/**
 * Benchmark of issue 10: what the limits and headers (helmet, the per-address budget, the query
 * limits) cost the dashboard, as a district admin (goal: ≤ 5%). Generates the demo district with its
 * KPIs (`packages/worker/dist/demo.cli.js`) on a scratch database, starts the built API
 * (`BENCH_API_MAIN`, default `packages/api/dist/main.js`) and, with `BENCH_BASELINE_MAIN`, an
 * earlier build beside it on the same database and Redis, signs the demo admin in, and loads the
 * dashboard as the admin app does: its two documents, `Dashboard` and `KpiTrends`, read from
 * `packages/admin-web/src/graphql/kpi.documents.ts` (so the bench follows the app), alternately on
 * every connection. Blocks of `BENCH_SECONDS` seconds alternate the two builds
 * (`BENCH_ROUNDS` rounds, `BENCH_CONNECTIONS` connections) after a warm-up block of each; each
 * round's ratio compares two neighbouring blocks and the result is the median of the rounds'
 * ratios. The address budget is set high enough never to refuse a request (each one still spends
 * it in Redis). A benchmark, not a test: nothing asserts a time.
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const API_MAIN = resolve(process.env.BENCH_API_MAIN ?? join(ROOT, 'packages/api/dist/main.js'));
/** the build to compare with (e.g. main's API built before the change); without it, only BENCH_API_MAIN is measured */
const BASELINE_MAIN = process.env.BENCH_BASELINE_MAIN ? resolve(process.env.BENCH_BASELINE_MAIN) : null;
const DEMO_CLI = join(ROOT, 'packages/worker/dist/demo.cli.js');
const DEMO_ADMIN = { email: 'admin@demo.xiaoyuan.local', password: 'demo-admin-2026' };

type Build = 'baseline' | 'current';

interface Block extends LoadBlock {
  build: Build;
}

function log(message: string): void {
  console.log(`[bench:dashboard] ${message}`);
}

const previousMonth = (): string => {
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return month.toISOString().slice(0, 7);
};
const monthsBefore = (period: string, months: number): string => {
  const [year, month] = period.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1 - months, 1)).toISOString().slice(0, 7);
};

async function main(): Promise<void> {
  for (const file of [API_MAIN, DEMO_CLI, ...(BASELINE_MAIN ? [BASELINE_MAIN] : [])]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build first (npm run build)`);
  }
  log(
    `API: ${API_MAIN}${BASELINE_MAIN ? `, against the baseline ${BASELINE_MAIN}` : ' (no BENCH_BASELINE_MAIN: nothing to compare)'}`,
  );
  log(`machine: ${machine()}`);
  const database = await createScratchDatabase('xiaoyuan_bench');
  const children: ChildProcess[] = [];
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: `bench-${database.name}`,
      // one set of secrets for the demo generator and both builds: a token of one is valid on the other
      JWT_SECRET: randomBytes(32).toString('hex'),
      API_KEY_PEPPER: randomBytes(32).toString('hex'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PLATFORM_ADMIN_EMAIL: 'platform@bench.xiaoyuan.local',
      PLATFORM_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
      // the budget is spent in Redis on every request, as in production, and never refuses one
      RATE_LIMIT_PER_MINUTE: '100000000',
    };
    const started = Date.now();
    await runScript(DEMO_CLI, env, join(tmpdir(), `${database.name}-demo.log`));
    log(`demo district with its KPIs generated in ${Math.round((Date.now() - started) / 1000)} s`);

    const apis = new Map<Build, number>();
    for (const [build, main] of [['current', API_MAIN], ...(BASELINE_MAIN ? [['baseline', BASELINE_MAIN]] : [])] as [
      Build,
      string,
    ][]) {
      const api = await startServer(main, env, join(tmpdir(), `${database.name}-${build}.log`));
      children.push(api.child);
      apis.set(build, api.port);
    }
    const login = await graphql(
      apis.get('current')!,
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
      { input: DEMO_ADMIN },
    );
    const token = login.login.token as string;
    if (!token) throw new Error(`login of the demo admin failed: ${JSON.stringify(login.login.userErrors)}`);

    const period = process.env.BENCH_PERIOD ?? previousMonth();
    const dashboard = adminOperation('Dashboard', ['kpi.documents.ts']);
    const trends = adminOperation('KpiTrends', ['kpi.documents.ts']);
    const first = await graphql(apis.get('current')!, dashboard, { period }, bearer(token));
    const districtId = first.district.id as string;
    const trendVariables = { id: districtId, from: monthsBefore(period, 11), to: period };
    const bodies = [
      JSON.stringify({ query: dashboard, variables: { period } }),
      JSON.stringify({ query: trends, variables: trendVariables }),
    ];
    for (const port of apis.values()) {
      const answer = await graphql(port, dashboard, { period }, bearer(token));
      if (JSON.stringify(answer) !== JSON.stringify(first))
        throw new Error('the builds answer the dashboard differently');
      await graphql(port, trends, trendVariables, bearer(token));
    }
    const kpisWithValue = (first.district.kpis as { value: number | null }[]).filter(
      (kpi) => kpi.value !== null,
    ).length;
    log(
      `the demo district: ${first.district.streets.totalCount} streets, ${kpisWithValue} of ${first.district.kpis.length} district KPIs with a value for ${period}; documents Dashboard and KpiTrends (${trendVariables.from}…${trendVariables.to}) of packages/admin-web/src/graphql/kpi.documents.ts`,
    );
    const builds = [...apis.keys()];
    log(`${ROUNDS} rounds of ${SECONDS} s per build, ${CONNECTIONS} connections, load average ${loadAverage()}`);
    const load = (build: Build, seconds: number) =>
      runLoad({ port: apis.get(build)!, headers: bearer(token), bodies, connections: CONNECTIONS, seconds });
    for (const build of builds) await load(build, 3); // warm-up

    const blocks: Block[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // alternate which goes first, so neither always follows the other
      const order = round % 2 ? [...builds].reverse() : builds;
      for (const build of order) {
        const block = { build, ...(await load(build, SECONDS)) };
        blocks.push(block);
        log(
          `round ${round + 1} ${build.padEnd(8)}: ${Math.round(block.requests / block.seconds)} req/s, p50 ${ms(block.p50)} ms, p95 ${ms(block.p95)} ms, ${block.failures} failed`,
        );
      }
    }

    const summary = (build: Build) => {
      const mine = blocks.filter((block) => block.build === build);
      return {
        throughput: median(mine.map((block) => block.requests / block.seconds)),
        p50: median(mine.map((block) => block.p50)),
        p95: median(mine.map((block) => block.p95)),
        failures: mine.reduce((sum, block) => sum + block.failures, 0),
      };
    };
    console.log('');
    console.log(`| median of ${ROUNDS} blocks | req/s | p50 (ms) | p95 (ms) | failed |`);
    console.log('|---|---:|---:|---:|---:|');
    for (const build of builds) {
      const row = summary(build);
      const name = build === 'current' ? `current (${API_MAIN})` : `baseline (${BASELINE_MAIN})`;
      console.log(`| ${name} | ${Math.round(row.throughput)} | ${ms(row.p50)} | ${ms(row.p95)} | ${row.failures} |`);
    }
    if (BASELINE_MAIN) {
      const rounds = Array.from({ length: ROUNDS }, (_, round) => {
        const pair = blocks.slice(round * 2, round * 2 + 2);
        const current = pair.find((block) => block.build === 'current')!;
        const baseline = pair.find((block) => block.build === 'baseline')!;
        return {
          throughput: current.requests / current.seconds / (baseline.requests / baseline.seconds),
          p50: current.p50 / baseline.p50,
          p95: current.p95 / baseline.p95,
        };
      });
      const throughput = median(rounds.map((r) => r.throughput));
      console.log(
        `| **current / baseline** (median of the rounds' ratios) | ${throughput.toFixed(3)}× (cost ${((1 - throughput) * 100).toFixed(1)}%) | ${median(rounds.map((r) => r.p50)).toFixed(3)}× | ${median(rounds.map((r) => r.p95)).toFixed(3)}× | |`,
      );
    }
    log(`load average at the end: ${loadAverage()}`);
  } finally {
    for (const child of children) await stopServer(child);
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
