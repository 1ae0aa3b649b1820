import { type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createScratchDatabase } from '@xiaoyuan/schema';
import {
  bearer,
  graphql as request,
  loadAverage,
  machine,
  median,
  ms,
  runLoad,
  startServer,
  stopServer,
  type LoadBlock,
} from './load-blocks';

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

interface Block extends LoadBlock {
  credential: Credential;
}

function log(message: string): void {
  console.log(`[bench:partner-auth] ${message}`);
}

function graphql<T = any>(port: number, query: string, variables: Record<string, unknown>, token?: string) {
  return request<T>(port, query, variables, token ? bearer(token) : {});
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

/** One block of `seconds` with one credential. */
async function runBlock(port: number, credential: Credential, token: string, seconds: number): Promise<Block> {
  const block = await runLoad({
    port,
    headers: bearer(token),
    bodies: [JSON.stringify({ query: QUERY })],
    connections: CONNECTIONS,
    seconds,
  });
  return { credential, ...block };
}

async function main(): Promise<void> {
  log(`API: ${API_MAIN}`);
  log(`machine: ${machine()}`);
  const database = await createScratchDatabase('xiaoyuan_bench');
  let api: ChildProcess | undefined;
  const logFile = join(tmpdir(), `${database.name}-api.log`);
  try {
    const started = await startServer(
      API_MAIN,
      {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: database.url,
        REDIS_URL,
        QUEUE_PREFIX: `bench-${database.name}`,
        PLATFORM_ADMIN_EMAIL: PLATFORM_EMAIL,
        PLATFORM_ADMIN_PASSWORD: PLATFORM_PASSWORD,
        // every key request still spends the budget in Redis, as in production; none is refused
        PARTNER_RATE_LIMIT_PER_MINUTE: '100000000',
        RATE_LIMIT_PER_MINUTE: '100000000',
      },
      logFile,
    );
    api = started.child;
    const port = started.port;
    const tokens = await seed(port);
    for (const credential of ['key', 'session'] as const) {
      const data = await graphql(port, QUERY, {}, tokens[credential]);
      if (data.district.streets.edges.length !== 3) throw new Error(`unexpected answer: ${JSON.stringify(data)}`);
    }
    log(`query: ${QUERY}`);
    log(`${ROUNDS} rounds of ${SECONDS} s per credential, ${CONNECTIONS} connections, load average ${loadAverage()}`);
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
    log(`load average at the end: ${loadAverage()}`);
  } finally {
    if (api) await stopServer(api);
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
