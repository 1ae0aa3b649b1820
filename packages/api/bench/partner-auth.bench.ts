import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createScratchDatabase } from '@xiaoyuan/schema';
import autocannon from 'autocannon';

/**
 * Benchmark (a) of issue 9: what a partner's API key costs against a district admin's session
 * token on the same small query (goal: key ≤ 1.1× session). Starts the built API
 * (`packages/api/dist/main.js`) in its own process on a scratch database, creates a district with
 * three streets, signs its admin in and creates an API client with KPI_READ, then runs the query
 * with autocannon in blocks that alternate key and session (`BENCH_ROUNDS` rounds of one block of
 * each, `BENCH_SECONDS` seconds a block, `BENCH_CONNECTIONS` connections) after one warm-up block
 * of each. The machine is shared, so the load drifts between blocks: each round's ratio compares
 * two neighbouring blocks, and the result is the median of the rounds' ratios.
 * The key's requests spend the partner rate limit in Redis as in production; the budget is set
 * high enough never to refuse one. A benchmark, not a test: nothing asserts a time.
 */

const ROOT = resolve(__dirname, '../../../..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
/** another build of the API to measure (e.g. of an earlier commit), instead of packages/api/dist */
const API_MAIN = process.env.BENCH_API_MAIN ?? join(ROOT, 'packages/api/dist/main.js');
const PLATFORM_EMAIL = 'platform@bench.xiaoyuan.local';
const PLATFORM_PASSWORD = 'platform-bench-password';
const ADMIN_EMAIL = 'admin@auth.bench';
const ADMIN_PASSWORD = 'bench-admin-password';

/** The district and its streets: the hierarchy any caller may read, one small query. */
const QUERY = `{ district { id code name streets(first: 10) { edges { node { id code name } } } } }`;

type Credential = 'key' | 'session';

interface Block {
  credential: Credential;
  requests: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  failures: number;
}

function log(message: string): void {
  console.log(`[bench:partner-auth] ${message}`);
}

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

async function graphql<T = any>(port: number, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body)}`);
  return body.data;
}

async function login(port: number, email: string, password: string): Promise<string> {
  const data = await graphql(
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
    {
      input: { email, password },
    },
  );
  if (!data.login.token) throw new Error(`login of ${email} failed: ${JSON.stringify(data.login.userErrors)}`);
  return data.login.token as string;
}

/** One district with three streets, its admin's session token and an API client's key (KPI_READ). */
async function seed(port: number): Promise<Record<Credential, string>> {
  const operator = await login(port, PLATFORM_EMAIL, PLATFORM_PASSWORD);
  const created = await graphql(
    port,
    `
      mutation ($input: CreateDistrictInput!) {
        createDistrict(input: $input) {
          district {
            id
          }
          userErrors {
            message
          }
        }
      }
    `,
    { input: { name: '基准区', code: 'authbench', adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD } },
    operator,
  );
  if (created.createDistrict.userErrors.length) throw new Error(JSON.stringify(created.createDistrict.userErrors));
  const session = await login(port, ADMIN_EMAIL, ADMIN_PASSWORD);
  for (const n of [1, 2, 3]) {
    await graphql(
      port,
      `
        mutation ($input: CreateStreetInput!) {
          createStreet(input: $input) {
            street {
              id
            }
            userErrors {
              message
            }
          }
        }
      `,
      { input: { name: `街道 ${n}`, code: `S${n}` } },
      session,
    );
  }
  const client = await graphql(
    port,
    `
      mutation ($input: CreateApiClientInput!) {
        createApiClient(input: $input) {
          secret
          userErrors {
            message
          }
        }
      }
    `,
    { input: { name: '基准伙伴', scopes: ['KPI_READ'] } },
    session,
  );
  if (!client.createApiClient.secret) throw new Error(JSON.stringify(client.createApiClient.userErrors));
  return { key: client.createApiClient.secret as string, session };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One block of `seconds` with one credential: every response's latency, and how many failed. */
async function runBlock(port: number, credential: Credential, token: string, seconds: number): Promise<Block> {
  const latencies: number[] = [];
  let failures = 0;
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: QUERY }),
        connections: CONNECTIONS,
        duration: seconds,
      },
      (error, finished) => (error ? fail(error) : done(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
      else failures++;
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    credential,
    requests: latencies.length,
    seconds: result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    failures: failures + result.errors + result.timeouts,
  };
}

const ms = (value: number) => value.toFixed(2);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main(): Promise<void> {
  log(`API: ${API_MAIN}`);
  log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  const database = await createScratchDatabase('xiaoyuan_bench');
  let api: ChildProcess | undefined;
  const logFile = join(tmpdir(), `${database.name}-api.log`);
  try {
    const port = await freePort();
    const fd = openSync(logFile, 'w');
    api = spawn(process.execPath, [API_MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: database.url,
        REDIS_URL,
        QUEUE_PREFIX: `bench-${database.name}`,
        PORT: String(port),
        PLATFORM_ADMIN_EMAIL: PLATFORM_EMAIL,
        PLATFORM_ADMIN_PASSWORD: PLATFORM_PASSWORD,
        // every key request still spends the budget in Redis, as in production; none is refused
        PARTNER_RATE_LIMIT_PER_MINUTE: '100000000',
        RATE_LIMIT_PER_MINUTE: '100000000',
      },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (api.exitCode !== null) throw new Error(`the API exited: see ${logFile}`);
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error(`the API did not start in 60 s: see ${logFile}`);
      await sleep(200);
    }
    const tokens = await seed(port);
    for (const credential of ['key', 'session'] as const) {
      const data = await graphql(port, QUERY, {}, tokens[credential]);
      if (data.district.streets.edges.length !== 3) throw new Error(`unexpected answer: ${JSON.stringify(data)}`);
    }
    log(`query: ${QUERY}`);
    log(
      `${ROUNDS} rounds of ${SECONDS} s per credential, ${CONNECTIONS} connections, load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    // warm-up: JIT, connection pools, Redis
    for (const credential of ['key', 'session'] as const) await runBlock(port, credential, tokens[credential], 3);

    const blocks: Block[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // alternate which goes first, so neither always follows the other
      const order: Credential[] = round % 2 ? ['session', 'key'] : ['key', 'session'];
      for (const credential of order) {
        const block = await runBlock(port, credential, tokens[credential], SECONDS);
        blocks.push(block);
        log(
          `round ${round + 1} ${credential.padEnd(7)}: ${Math.round(block.requests / block.seconds)} req/s, p50 ${ms(block.p50)} ms, p95 ${ms(block.p95)} ms, p99 ${ms(block.p99)} ms, ${block.failures} failed`,
        );
      }
    }

    const rounds = Array.from({ length: ROUNDS }, (_, round) => {
      const pair = blocks.slice(round * 2, round * 2 + 2);
      const key = pair.find((block) => block.credential === 'key')!;
      const session = pair.find((block) => block.credential === 'session')!;
      return {
        time: session.requests / session.seconds / (key.requests / key.seconds),
        p50: key.p50 / session.p50,
        p95: key.p95 / session.p95,
      };
    });
    const summary = (credential: Credential) => {
      const mine = blocks.filter((block) => block.credential === credential);
      return {
        throughput: median(mine.map((block) => block.requests / block.seconds)),
        p50: median(mine.map((block) => block.p50)),
        p95: median(mine.map((block) => block.p95)),
      };
    };
    const ratio = (values: number[]) => `${median(values).toFixed(3)}×`;
    console.log('');
    console.log(`| median of ${ROUNDS} blocks | req/s | p50 (ms) | p95 (ms) |`);
    console.log('|---|---:|---:|---:|');
    for (const [name, row] of [
      ['API key', summary('key')],
      ['session token', summary('session')],
    ] as const) {
      console.log(`| ${name} | ${Math.round(row.throughput)} | ${ms(row.p50)} | ${ms(row.p95)} |`);
    }
    console.log(
      `| **key / session** (median of the rounds' ratios) | ${ratio(rounds.map((r) => r.time))} time per request | ${ratio(rounds.map((r) => r.p50))} | ${ratio(rounds.map((r) => r.p95))} |`,
    );
    log(
      `load average at the end: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    if (api && api.exitCode === null) {
      const exited = new Promise((done) => api!.once('exit', done));
      api.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (api.exitCode === null && api.signalCode === null) api.kill('SIGKILL');
    }
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
