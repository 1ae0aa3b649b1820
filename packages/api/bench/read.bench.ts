import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TENANT_TABLES, toGlobalId } from '@xiaoyuan/schema';
import { Client } from 'pg';
import { ROOT, adminOperation } from './admin-documents';
import {
  bearer,
  graphql,
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
 * `npm run bench:read` (issue 11): the five reads of the read path against PostGraphile 4.14.1 on
 * the same database.
 *
 * The district: the KPI bench's synthetic district (`BENCH_READ_SIZE`, L = 5,000 courtyards by
 * default), kept in `xiaoyuan_bench_read_<size>` and reused (packages/worker/bench/kpi/
 * read-district.cli.ts; `BENCH_READ_FRESH=1` makes it anew), its KPIs of every period and its
 * alerts computed. Two servers on it: the built API (`BENCH_API_MAIN`, default
 * packages/api/dist/main.js) and PostGraphile (`postgraphile-server.ts`), both as the application
 * role under the same FORCEd row-level security. The five reads, each with its documents as the
 * clients send them (the admin app's read from packages/admin-web/src/graphql, the partner's from
 * the contract) and an equivalent PostGraphile query (the same data through its generated schema):
 *
 * - dashboard: the admin app's 总览 `Dashboard` (district KPIs with previous values, alert counts,
 *   every street with its KPIs and alert counts, the rollout's phases);
 * - DistrictKpis: the partner contract's (district, every street and community with ten KPIs),
 *   with an API key;
 * - DistrictKpis + previousValue: the same with `previousValue` on every KPI;
 * - courtyard page: what the admin app's courtyard page loads on opening, `CourtyardDetail` and
 *   `CourtyardHouseholds` (first 20) — two requests to the API, one query to PostGraphile;
 * - alert inbox: `Alerts` (OPEN, first 20, with each alert's courtyard, assignee and history).
 *
 * With `BENCH_BASELINE_MAIN` (another build's main.js, e.g. of the code before a change, built
 * in a copy of the tree), that build runs as a third server with the same secrets, checked to
 * answer every read as the API does. `BENCH_READ_PARTS` (`load,rls`) picks the parts to run.
 *
 * Closed-loop blocks of `BENCH_SECONDS` (10) at `BENCH_CONNECTIONS` (10) connections, the
 * servers interleaved (the order flips each round) for `BENCH_ROUNDS` (3) rounds after a warm-up
 * block of each; then the dashboard at a fixed `BENCH_RATE` (100) requests a second, interleaved
 * too. Reported per read (a read = its documents, one each): reads a second, p50/p95/p99 of a
 * request, bytes and the server's CPU time (/proc/<pid>/stat) per read; the ratio is the median of
 * the rounds' ratios of neighbouring blocks.
 *
 * Then the cost of row-level security on the dashboard's SQL: the statements one `Dashboard`
 * request sends (recorded by a third API process with `sql-recorder.js` preloaded), replayed in a
 * loop (`BENCH_RLS_LOOPS`, 30, per block; 5 blocks each, interleaved) as the application role with
 * `app.tenant_id` set, against the same statements as the superuser (no RLS) with the tenant
 * written out: temporary views named like the tenant tables, `select * from public.<table> where
 * tenant_id = '<district>'`, shadow the tables for that session. A benchmark, not a test.
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const RLS_LOOPS = Number(process.env.BENCH_RLS_LOOPS ?? 30);
const PERIOD = process.env.BENCH_PERIOD ?? '2026-11';
const PREVIOUS = process.env.BENCH_PREVIOUS_PERIOD ?? '2026-10';
const API_MAIN = process.env.BENCH_API_MAIN ?? join(ROOT, 'packages/api/dist/main.js');
const POSTGRAPHILE_MAIN = join(ROOT, 'packages/api/dist/bench-build/postgraphile-server.js');
const SQL_RECORDER = join(ROOT, 'packages/api/dist/bench-build/sql-recorder.js');
const CONTRACT = join(process.env.BENCH_CONTRACT_DIR ?? join(ROOT, '../shared/contract'), '05-kpi-alerts.graphql');

/** another build of the API measured beside it (e.g. before a change), on the same database */
const BASELINE_MAIN = process.env.BENCH_BASELINE_MAIN ?? null;
/** what to run: `load` (the five reads), `rls` (row-level security's cost) */
const PARTS = (process.env.BENCH_READ_PARTS ?? 'load,rls').split(',');
/** the district's maker (another tree's, e.g. to measure before its migrations) */
const DISTRICT_CLI =
  process.env.BENCH_READ_DISTRICT_CLI ?? join(ROOT, 'packages/worker/dist/bench-build/bench/kpi/read-district.cli.js');

type System = 'api' | 'baseline' | 'postgraphile';
const SYSTEMS: System[] = BASELINE_MAIN ? ['api', 'baseline', 'postgraphile'] : ['api', 'postgraphile'];
/** the requests a system is sent: a baseline build of the API gets the API's */
const asSent = (system: System) => (system === 'postgraphile' ? 'postgraphile' : 'api');

interface District {
  size: string;
  name: string;
  url: string;
  appUrl: string;
  tenantId: string;
  admin: { email: string; password: string };
}

interface Request {
  headers: Record<string, string>;
  /** one read: these bodies, one request each */
  bodies: string[];
}

interface Read {
  name: string;
  requests: Record<'api' | 'postgraphile', Request>;
}

interface Block extends LoadBlock {
  read: string;
  system: System;
  /** reads a second (successful requests ÷ the read's requests) */
  readsPerSecond: number;
  /** the server's CPU time per read */
  cpuPerRead: number;
  bytesPerRead: number;
}

function log(message: string): void {
  console.log(`[bench:read] ${message}`);
}

/** An operation of a `.graphql` file, from `query <name>` to its closing brace. */
function contractOperation(file: string, operation: string): string {
  const source = readFileSync(file, 'utf8');
  const start = source.search(new RegExp(`query ${operation}\\b`));
  if (start < 0) throw new Error(`no query ${operation} in ${file}`);
  let depth = 0;
  for (let i = source.indexOf('{', start); i < source.length; i++) {
    if (source[i] === '{') depth++;
    if (source[i] === '}' && --depth === 0) return source.slice(start, i + 1);
  }
  throw new Error(`query ${operation} of ${file} does not close`);
}

const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

// ------------------------------------------------------------------ PostGraphile's equivalents

const PG_KPI = `scopeId kpi value numerator denominator target status`;
const PG_ALERT_COUNTS = `
  open: alertsByTenantIdAndStreetIdAndCommunityId(condition: { status: "OPEN" }) { totalCount }
  acknowledged: alertsByTenantIdAndStreetIdAndCommunityId(condition: { status: "ACKNOWLEDGED" }) { totalCount }
  openRed: alertsByTenantIdAndStreetIdAndCommunityId(condition: { status: "OPEN", level: "RED" }) { totalCount }
  acknowledgedRed: alertsByTenantIdAndStreetIdAndCommunityId(condition: { status: "ACKNOWLEDGED", level: "RED" }) { totalCount }`;

/** The dashboard: the district's counts by status and level, each street's through its communities. */
const PG_DASHBOARD = `query Dashboard($tenantId: UUID!, $period: String!, $previous: String!) {
  district: districtById(id: $tenantId) {
    id name
    streets: streetsByTenantId(first: 100, orderBy: CODE_ASC) {
      totalCount
      nodes { id name code communities: communitiesByTenantIdAndStreetId { nodes { id ${PG_ALERT_COUNTS} } } }
    }
    rolloutPlans: rolloutPlansByTenantId(condition: { active: true }) {
      nodes {
        id name
        phases: rolloutPhasesByTenantIdAndPlanId(orderBy: START_MONTH_ASC) { nodes { key startMonth endMonth targetCourtyards } }
        enrollments: enrollmentsByTenantIdAndPlanId { totalCount }
      }
    }
  }
  open: allAlerts(condition: { status: "OPEN" }) { totalCount }
  acknowledged: allAlerts(condition: { status: "ACKNOWLEDGED" }) { totalCount }
  openRed: allAlerts(condition: { status: "OPEN", level: "RED" }) { totalCount }
  acknowledgedRed: allAlerts(condition: { status: "ACKNOWLEDGED", level: "RED" }) { totalCount }
  districtKpis: allKpiSnapshots(condition: { scopeLevel: "DISTRICT", period: $period }) { nodes { ${PG_KPI} provisional computedAt } }
  districtPrevious: allKpiSnapshots(condition: { scopeLevel: "DISTRICT", period: $previous }) { nodes { kpi value } }
  streetKpis: allKpiSnapshots(condition: { scopeLevel: "STREET", period: $period }) { nodes { scopeId kpi value target status } }
}`;

const pgDistrictKpis = (
  previous: boolean,
) => `query DistrictKpis($tenantId: UUID!, $period: String!${previous ? ', $previous: String!' : ''}) {
  district: districtById(id: $tenantId) {
    id
    streets: streetsByTenantId(first: 100) {
      nodes { id name communities: communitiesByTenantIdAndStreetId(first: 100) { nodes { id name } } }
    }
  }
  districtKpis: allKpiSnapshots(condition: { scopeLevel: "DISTRICT", period: $period }) { nodes { ${PG_KPI} provisional computedAt } }
  streetKpis: allKpiSnapshots(condition: { scopeLevel: "STREET", period: $period }) { nodes { ${PG_KPI} } }
  communityKpis: allKpiSnapshots(condition: { scopeLevel: "COMMUNITY", period: $period }) { nodes { ${PG_KPI} } }${
    previous
      ? `
  districtPrevious: allKpiSnapshots(condition: { scopeLevel: "DISTRICT", period: $previous }) { nodes { scopeId kpi value } }
  streetPrevious: allKpiSnapshots(condition: { scopeLevel: "STREET", period: $previous }) { nodes { scopeId kpi value } }
  communityPrevious: allKpiSnapshots(condition: { scopeLevel: "COMMUNITY", period: $previous }) { nodes { scopeId kpi value } }`
      : ''
  }
}`;

const PG_COURTYARD_PAGE = `query CourtyardPage($tenantId: UUID!, $id: UUID!) {
  courtyard: courtyardByTenantIdAndId(tenantId: $tenantId, id: $id) {
    id name code type householdCount address
    enrollment: enrollmentByTenantIdAndCourtyardId { enrolledOn batch }
    community: communityByTenantIdAndStreetIdAndCommunityId { id name street: streetByTenantIdAndStreetId { id name } }
    households: householdsByTenantIdAndCourtyardId(first: 20, orderBy: CODE_ASC) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id code areaSqm contactNameEnc contactPhoneEnc } }
    }
  }
}`;

const PG_ALERTS = `query Alerts {
  alerts: allAlerts(condition: { status: "OPEN" }, first: 20, orderBy: [OPENED_AT_DESC, ID_DESC]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id level kpi period value target status openedAt
        courtyard: courtyardByTenantIdAndCourtyardId {
          id name code
          community: communityByTenantIdAndStreetIdAndCommunityId { id name street: streetByTenantIdAndStreetId { id name } }
        }
        history: alertEventsByTenantIdAndAlertId(orderBy: [AT_ASC, ID_ASC]) {
          nodes { at action note actorId user: userByTenantIdAndActorId { displayName } client: apiClientByTenantIdAndActorClientId { name } }
        }
      }
    }
  }
}`;

// ------------------------------------------------------------------ the run

function makeDistrict(): District {
  log(`the district: ${DISTRICT_CLI} (BENCH_READ_SIZE=${process.env.BENCH_READ_SIZE ?? 'L'})`);
  const output = execFileSync(process.execPath, [DISTRICT_CLI], { env: process.env, maxBuffer: 64 * 2 ** 20 })
    .toString()
    .trim()
    .split('\n');
  for (const line of output.slice(0, -1)) log(line);
  return JSON.parse(output.at(-1)!) as District;
}

function apiEnv(district: District): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // as deployed: graphql-js checks every instanceof across realms outside production
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: district.url,
    REDIS_URL,
    QUEUE_PREFIX: `bench-read-${randomBytes(4).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    API_KEY_PEPPER: randomBytes(32).toString('hex'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PLATFORM_ADMIN_EMAIL: 'platform@bench-read.xiaoyuan.local',
    PLATFORM_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    // the budgets are spent in Redis on every request, as in production, and never refuse one
    RATE_LIMIT_PER_MINUTE: '100000000',
    PARTNER_RATE_LIMIT_PER_MINUTE: '100000000',
  };
}

async function signIn(port: number, district: District): Promise<{ session: string; key: string }> {
  const login = await graphql(
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
    { input: district.admin },
  );
  const session = login.login.token as string;
  if (!session) throw new Error(`login failed: ${JSON.stringify(login.login.userErrors)}`);
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
    { input: { name: `bench:read ${new Date().toISOString()}`, scopes: ['KPI_READ'] } },
    bearer(session),
  );
  const key = client.createApiClient.secret as string;
  if (!key) throw new Error(`createApiClient failed: ${JSON.stringify(client.createApiClient.userErrors)}`);
  return { session, key };
}

async function firstCourtyard(district: District): Promise<string> {
  const client = new Client({ connectionString: district.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `select id from courtyards where tenant_id = $1 order by code limit 1`,
      [district.tenantId],
    );
    return rows[0].id;
  } finally {
    await client.end();
  }
}

function reads(district: District, tokens: { session: string; key: string }, courtyardId: string): Read[] {
  const session = bearer(tokens.session);
  const key = bearer(tokens.key);
  const tenant = { 'x-tenant-id': district.tenantId };
  const districtKpis = contractOperation(CONTRACT, 'DistrictKpis');
  const withPrevious = districtKpis.replace(/kpis\(period: \$period\) \{ /g, 'kpis(period: $period) { previousValue ');
  const courtyard = toGlobalId('Courtyard', courtyardId);
  const pgPeriods = { tenantId: district.tenantId, period: PERIOD };
  return [
    {
      name: 'dashboard (总览 Dashboard)',
      requests: {
        api: {
          headers: session,
          bodies: [body(adminOperation('Dashboard', ['kpi.documents.ts']), { period: PERIOD })],
        },
        postgraphile: { headers: tenant, bodies: [body(PG_DASHBOARD, { ...pgPeriods, previous: PREVIOUS })] },
      },
    },
    {
      name: 'DistrictKpis (partner)',
      requests: {
        api: { headers: key, bodies: [body(districtKpis, { period: PERIOD })] },
        postgraphile: { headers: tenant, bodies: [body(pgDistrictKpis(false), pgPeriods)] },
      },
    },
    {
      name: 'DistrictKpis + previousValue',
      requests: {
        api: { headers: key, bodies: [body(withPrevious, { period: PERIOD })] },
        postgraphile: { headers: tenant, bodies: [body(pgDistrictKpis(true), { ...pgPeriods, previous: PREVIOUS })] },
      },
    },
    {
      name: 'courtyard page',
      requests: {
        api: {
          headers: session,
          bodies: [
            body(adminOperation('CourtyardDetail', ['hierarchy.documents.ts', 'shared.documents.ts']), {
              id: courtyard,
            }),
            body(adminOperation('CourtyardHouseholds', ['hierarchy.documents.ts', 'shared.documents.ts']), {
              id: courtyard,
              first: 20,
            }),
          ],
        },
        postgraphile: {
          headers: tenant,
          bodies: [body(PG_COURTYARD_PAGE, { tenantId: district.tenantId, id: courtyardId })],
        },
      },
    },
    {
      name: 'alert inbox',
      requests: {
        api: {
          headers: session,
          bodies: [
            body(adminOperation('Alerts', ['alerts.documents.ts', 'shared.documents.ts']), {
              filter: { status: 'OPEN' },
              first: 20,
            }),
          ],
        },
        postgraphile: { headers: tenant, bodies: [body(PG_ALERTS)] },
      },
    },
  ];
}

/** Each read once on each server: no errors, and a few figures both must agree on. */
async function check(read: Read, ports: Partial<Record<System, number>>): Promise<string> {
  const answers: Record<System, unknown[]> = { api: [], baseline: [], postgraphile: [] };
  for (const system of SYSTEMS) {
    const { headers, bodies } = read.requests[asSent(system)];
    for (const text of bodies) {
      const { query, variables } = JSON.parse(text) as { query: string; variables: Record<string, unknown> };
      answers[system].push(await graphql(ports[system]!, query, variables, headers));
    }
  }
  const bytes = (system: System) => answers[system].reduce((sum: number, a) => sum + JSON.stringify(a).length, 0);
  if (BASELINE_MAIN && JSON.stringify(answers.api) !== JSON.stringify(answers.baseline))
    throw new Error(`${read.name}: the API and its baseline build answer differently`);
  return `answers of ${bytes('api').toLocaleString('en')} (API) / ${bytes('postgraphile').toLocaleString('en')} (PostGraphile) characters`;
}

async function block(read: Read, system: System, port: number, pid: number, seconds: number, rate?: number) {
  const { headers, bodies } = read.requests[asSent(system)];
  const result = await runLoad({ port, headers, bodies, connections: CONNECTIONS, seconds, rate, serverPid: pid });
  const perRead = bodies.length;
  return {
    ...result,
    read: read.name,
    system,
    readsPerSecond: result.requests / result.seconds / perRead,
    cpuPerRead: result.cpuMs * perRead,
    bytesPerRead: result.bytes * perRead,
  } satisfies Block;
}

// ------------------------------------------------------------------ row-level security's cost

interface Statement {
  text: string;
  values: unknown[];
}

const CONTROL = /^\s*(begin|commit|rollback|savepoint|release|set |select set_config)/i;

/** The statements one Dashboard request sends, recorded by an API process of its own. */
async function recordDashboardSql(district: District, apiEnv: NodeJS.ProcessEnv, read: Read): Promise<Statement[]> {
  const file = join(tmpdir(), `bench-read-${randomBytes(4).toString('hex')}.sql.jsonl`);
  const env = { ...apiEnv, BENCH_SQL_LOG: file, NODE_OPTIONS: `--require ${SQL_RECORDER}` };
  const api = await startServer(API_MAIN, env, `${file}.log`);
  try {
    const tokens = await signIn(api.port, district);
    const { query, variables } = JSON.parse(read.requests.api.bodies[0]) as {
      query: string;
      variables: Record<string, unknown>;
    };
    await graphql(api.port, query, variables, bearer(tokens.session)); // caches warm, as under load
    rmSync(file, { force: true });
    await graphql(api.port, query, variables, bearer(tokens.session));
    return readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Statement)
      .filter((statement) => !CONTROL.test(statement.text));
  } finally {
    await stopServer(api.child);
    rmSync(file, { force: true });
  }
}

async function timeStatements(client: Client, statements: Statement[], tenantId: string | null): Promise<number[]> {
  const times = statements.map(() => 0);
  for (let loop = 0; loop < RLS_LOOPS; loop++) {
    await client.query('begin');
    if (tenantId) await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    for (const [i, statement] of statements.entries()) {
      const started = process.hrtime.bigint();
      await client.query(statement.text, statement.values);
      times[i] += Number(process.hrtime.bigint() - started) / 1e6;
    }
    await client.query('rollback');
  }
  return times.map((total) => total / RLS_LOOPS);
}

async function rlsCost(district: District, statements: Statement[]) {
  const app = new Client({ connectionString: district.appUrl });
  const owner = new Client({ connectionString: district.url });
  await Promise.all([app.connect(), owner.connect()]);
  try {
    // the tenant written out: session-local views named like the tables shadow them (pg_temp is searched first)
    for (const table of TENANT_TABLES) {
      await owner.query(
        `create temporary view ${table} as select * from public.${table} where tenant_id = '${district.tenantId}'::uuid`,
      );
    }
    const rounds: { app: number[]; owner: number[] }[] = [];
    await timeStatements(app, statements, district.tenantId); // warm-up
    await timeStatements(owner, statements, null);
    for (let round = 0; round < 5; round++) {
      const order = round % 2 ? (['owner', 'app'] as const) : (['app', 'owner'] as const);
      const times = { app: [] as number[], owner: [] as number[] };
      for (const side of order) {
        times[side] = await timeStatements(
          side === 'app' ? app : owner,
          statements,
          side === 'app' ? district.tenantId : null,
        );
      }
      rounds.push(times);
    }
    const total = (times: number[]) => times.reduce((sum, t) => sum + t, 0);
    return {
      ratio: median(rounds.map((round) => total(round.app) / total(round.owner))),
      app: median(rounds.map((round) => total(round.app))),
      owner: median(rounds.map((round) => total(round.owner))),
      statements: statements.map((statement, i) => ({
        text: statement.text.replace(/\s+/g, ' ').slice(0, 110),
        app: median(rounds.map((round) => round.app[i])),
        owner: median(rounds.map((round) => round.owner[i])),
      })),
    };
  } finally {
    await Promise.all([app.end(), owner.end()]);
  }
}

// ------------------------------------------------------------------ report

function summary(blocks: Block[], read: string, system: System) {
  const mine = blocks.filter((b) => b.read === read && b.system === system);
  return {
    reads: median(mine.map((b) => b.readsPerSecond)),
    p50: median(mine.map((b) => b.p50)),
    p95: median(mine.map((b) => b.p95)),
    p99: median(mine.map((b) => b.p99)),
    bytes: median(mine.map((b) => b.bytesPerRead)),
    cpu: median(mine.map((b) => b.cpuPerRead)),
    failures: mine.reduce((sum, b) => sum + b.failures, 0),
  };
}

/** The median of the rounds' ratios `system` ÷ `to` of blocks of the same round. */
function ratio(blocks: Block[], read: string, system: System, to: System): number {
  const mine = blocks.filter((b) => b.read === read && b.system === system);
  const theirs = blocks.filter((b) => b.read === read && b.system === to);
  return median(mine.map((b, i) => b.readsPerSecond / theirs[i].readsPerSecond));
}

async function main(): Promise<void> {
  for (const file of [API_MAIN, POSTGRAPHILE_MAIN, SQL_RECORDER, DISTRICT_CLI, CONTRACT, BASELINE_MAIN ?? API_MAIN]) {
    if (!existsSync(file)) throw new Error(`${file} is missing (npm run bench:read builds what it needs)`);
  }
  log(`machine: ${machine()}; load average at the start ${loadAverage()}`);
  const district = makeDistrict();
  log(
    `district ${district.tenantId} in ${district.name}; API ${API_MAIN}${BASELINE_MAIN ? `, baseline ${BASELINE_MAIN}` : ''}`,
  );
  // one set of secrets for every API process: a token or key of one is valid on the others
  const env = apiEnv(district);
  const children: ChildProcess[] = [];
  // an interrupted run stops its servers too
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of children) child.kill('SIGTERM');
      process.exit(130);
    });
  }
  try {
    const mains: Record<System, string | null> = {
      api: API_MAIN,
      baseline: BASELINE_MAIN,
      postgraphile: POSTGRAPHILE_MAIN,
    };
    const ports: Partial<Record<System, number>> = {};
    const pids: Partial<Record<System, number>> = {};
    for (const system of PARTS.includes('load') ? SYSTEMS : ['api' as const]) {
      const server = await startServer(
        mains[system]!,
        system === 'postgraphile' ? { ...process.env, NODE_ENV: 'production', DATABASE_APP_URL: district.appUrl } : env,
        join(tmpdir(), `${district.name}-${system}.log`),
      );
      children.push(server.child);
      ports[system] = server.port;
      pids[system] = server.child.pid!;
    }
    const all = reads(district, await signIn(ports.api!, district), await firstCourtyard(district));
    const dashboard = all[0];
    if (PARTS.includes('load')) await load(all, ports as Record<System, number>, pids as Record<System, number>);
    if (PARTS.includes('rls')) {
      const statements = await recordDashboardSql(district, env, dashboard);
      log(
        `row-level security: the ${statements.length} statements of one Dashboard request, ${RLS_LOOPS} loops a block`,
      );
      const rls = await rlsCost(district, statements);
      console.log('');
      console.log(
        `Row-level security on the dashboard's SQL (${statements.length} statements, mean of ${RLS_LOOPS} loops, median of 5 blocks each): application role ${ms(rls.app)} ms, tenant written out (superuser) ${ms(rls.owner)} ms, **${rls.ratio.toFixed(2)}×**`,
      );
      console.log('');
      console.log('| statement | app role (ms) | written out (ms) | ratio |');
      console.log('|---|---:|---:|---:|');
      for (const s of [...rls.statements].sort((a, b) => b.app - a.app)) {
        console.log(
          `| \`${s.text.replace(/\|/g, '\\|')}\` | ${ms(s.app)} | ${ms(s.owner)} | ${(s.app / s.owner).toFixed(2)}× |`,
        );
      }
      console.log('');
    }
    log(`load average at the end: ${loadAverage()}`);
  } finally {
    for (const child of children) await stopServer(child);
  }
}

/** The five reads in interleaved closed-loop rounds, then the dashboard at a fixed rate; the tables. */
async function load(all: Read[], ports: Record<System, number>, pids: Record<System, number>): Promise<void> {
  for (const read of all) log(`${read.name}: ${await check(read, ports)}`);
  log(
    `${ROUNDS} rounds of ${SECONDS} s per read and server, ${CONNECTIONS} connections; load average ${loadAverage()}`,
  );
  for (const read of all) for (const system of SYSTEMS) await block(read, system, ports[system], pids[system], 3);
  const blocks: Block[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const read of all) {
      for (const system of round % 2 ? [...SYSTEMS].reverse() : SYSTEMS) {
        const b = await block(read, system, ports[system], pids[system], SECONDS);
        blocks.push(b);
        if (b.requests < CONNECTIONS)
          log(`round ${round + 1} ${read.name} ${system}: fewer responses than connections: lengthen BENCH_SECONDS`);
        log(
          `round ${round + 1} ${read.name} ${system}: ${b.readsPerSecond.toFixed(1)} reads/s, p50 ${ms(b.p50)} p95 ${ms(b.p95)} p99 ${ms(b.p99)} ms, ${Math.round(b.bytesPerRead).toLocaleString('en')} B, CPU ${ms(b.cpuPerRead)} ms/read, ${b.failures} failed`,
        );
      }
    }
  }
  const dashboard = all[0];
  const fixed: Block[] = [];
  for (let round = 0; round < 2; round++) {
    for (const system of round % 2 ? [...SYSTEMS].reverse() : SYSTEMS) {
      const b = await block(dashboard, system, ports[system], pids[system], SECONDS * 2, RATE);
      fixed.push(b);
      log(
        `fixed rate ${RATE}/s, ${system}: ${b.readsPerSecond.toFixed(1)} reads/s, p50 ${ms(b.p50)} p95 ${ms(b.p95)} p99 ${ms(b.p99)} ms, CPU ${ms(b.cpuPerRead)} ms/read, ${b.failures} failed`,
      );
    }
  }
  log(`load average after the load: ${loadAverage()}`);

  console.log('');
  console.log(
    `### ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s (medians of the blocks; ratios: medians of the rounds' ratios to PostGraphile)`,
  );
  console.log('');
  console.log('| read | server | reads/s | ratio | p50 / p95 / p99 (ms) | bytes a read | CPU a read (ms) | failed |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const read of all) {
    for (const system of SYSTEMS) {
      const x = summary(blocks, read.name, system);
      const r = system === 'postgraphile' ? '' : `${ratio(blocks, read.name, system, 'postgraphile').toFixed(2)}×`;
      console.log(
        `| ${read.name} | ${system} | ${x.reads.toFixed(1)} | ${r} | ${ms(x.p50)} / ${ms(x.p95)} / ${ms(x.p99)} | ${Math.round(x.bytes).toLocaleString('en')} | ${x.cpu.toFixed(1)} | ${x.failures} |`,
      );
    }
  }
  console.log('');
  console.log(`Dashboard at a fixed ${RATE} requests/s (2 blocks of ${SECONDS * 2} s each):`);
  console.log('');
  console.log('| server | served/s | p50 (ms) | p95 (ms) | p99 (ms) | CPU a read (ms) | failed |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const system of SYSTEMS) {
    const x = summary(fixed, dashboard.name, system);
    console.log(
      `| ${system} | ${x.reads.toFixed(1)} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)} | ${x.cpu.toFixed(1)} | ${x.failures} |`,
    );
  }
  console.log('');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
