// What the browser tests (../*.e2e.mjs) share, so that each of them holds only its own flow.
//
// - runE2E({ name, worker, demo, viewport, flow }): the whole run. With BASE_URL it tests that
//   server; without it, it starts a stack from the built packages (packages/*/dist): a fresh
//   database xiaoyuan_e2e_<suffix>, the migration, the API on a free port with its own queue
//   prefix, optionally the worker (waiting until it listens on `worker.queue`), then either the
//   demo district (demo.cli.js) or a district created by the platform admin. It opens Chromium
//   and calls flow({ target, page, step, snapshot }), prints `N passed, N failed` and sets the
//   exit code. Processes are stopped and the database dropped at the end, also on a failure or on
//   SIGINT/SIGTERM. flow also gets openPage(): another browser with storage of its own (a second
//   user signed in beside the first).
// - onCleanup(fn): more clean-up for the end of the run (last registered, first run).
// - GraphQL: graphql, login, mutate. Pages: byTest, field, fill, choose, expectText, signIn,
//   submitSignIn. Misc: log, sleep, suffix (random, per run), ACTION_TIMEOUT.
//
// Environment: BASE_URL, E2E_EMAIL, E2E_PASSWORD, E2E_POSTGRES_URL, REDIS_URL, CHROMIUM_PATH,
// E2E_API_MAIN, E2E_WORKER_MAIN, E2E_DEMO_CLI, E2E_SCREENSHOTS.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = resolve(packageDir, '../..');
const resultsDir = join(packageDir, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const postgresUrl = (process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// The built entry points; overridable to run the tests against other builds.
const migrateCli = 'packages/schema/dist/migrate.cli.js';
const apiMain = resolve(process.env.E2E_API_MAIN ?? join(repoRoot, 'packages/api/dist/main.js'));
const workerMain = resolve(process.env.E2E_WORKER_MAIN ?? join(repoRoot, 'packages/worker/dist/main.js'));
const demoCli = resolve(process.env.E2E_DEMO_CLI ?? join(repoRoot, 'packages/worker/dist/demo.cli.js'));
/** The demo district's admin (packages/worker's demo.cli.js). */
const DEMO_ADMIN = { email: 'admin@demo.xiaoyuan.local', password: 'demo-admin-2026' };

export const ACTION_TIMEOUT = 15_000;
/** Random per run: the database, queue prefix, district and the names a test creates. */
export const suffix = randomBytes(4).toString('hex');

const results = [];
const cleanups = [];

export function log(message) {
  console.log(`[e2e] ${message}`);
}

export const sleep = (ms) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

/** Registers clean-up for the end of the run; they run last first, each even if another fails. */
export function onCleanup(cleanup) {
  cleanups.push(cleanup);
}

// ---------------------------------------------------------------- GraphQL

export async function graphql(baseUrl, query, variables, token) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'accept-language': 'en',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** The token of a user, or an error with the login's userErrors. */
export async function login(baseUrl, email, password) {
  const { login: payload } = await graphql(
    baseUrl,
    `
      mutation ($email: String!, $password: String!) {
        login(input: { email: $email, password: $password }) {
          token
          userErrors {
            field
            message
            code
          }
        }
      }
    `,
    { email, password },
  );
  if (!payload.token) throw new Error(`login of ${email} failed: ${JSON.stringify(payload.userErrors)}`);
  return payload.token;
}

/** Runs a mutation and returns its payload `data[field]`, or throws on its userErrors. */
export async function mutate(baseUrl, token, field, document, variables) {
  const data = await graphql(baseUrl, document, variables, token);
  const payload = data[field];
  if (payload.userErrors?.length) throw new Error(`${field} failed: ${JSON.stringify(payload.userErrors)}`);
  return payload;
}

// ---------------------------------------------------------------- stack (when BASE_URL is not given)

function run(command, args, options) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolvePromise(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${output}`)),
    );
  });
}

/** Runs one SQL statement against the `postgres` database, with `pg` when present, else `psql`. */
async function adminSql(statement) {
  let pg = null;
  try {
    pg = (await import('pg')).default;
  } catch {
    // Fall back to the psql client below.
  }
  if (pg) {
    const client = new pg.Client({ connectionString: `${postgresUrl}/postgres` });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
    return;
  }
  await run('psql', ['-v', 'ON_ERROR_STOP=1', '-d', `${postgresUrl}/postgres`, '-c', statement]);
}

function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

async function waitForHealth(baseUrl, api, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited with code ${api.exitCode} before becoming healthy`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(300);
  }
  throw new Error(`GET ${baseUrl}/healthz did not answer 200 within ${timeoutMs / 1000}s`);
}

async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts a built entry point with the stack's environment and keeps the end of its output; it is
 * stopped at clean-up, which prints that output when a step failed.
 */
function startProcess(label, main, env) {
  const child = spawn(process.execPath, [main], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env });
  const state = { child, output: '' };
  const keep = (chunk) => (state.output = (state.output + chunk).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  onCleanup(async () => {
    log(`stopping the ${label}`);
    await stopProcess(child);
    if (results.some((result) => !result.ok))
      console.log(`[e2e] ${label} output (last lines):\n${state.output.slice(-4_000)}`);
  });
  return state;
}

/**
 * Starts the worker and waits up to 30 s until it listens on `queue`. Returns null when it does,
 * else what is wrong (it exited, or it is a build without that queue).
 */
async function startWorker(env, queue) {
  log(`starting the worker (${queue})`);
  const worker = startProcess('worker', workerMain, env);
  const listening = new RegExp(`listening on .*:${queue}\\b`);
  const deadline = Date.now() + 30_000;
  while (!listening.test(worker.output) && Date.now() < deadline && worker.child.exitCode === null) await sleep(200);
  if (worker.child.exitCode !== null)
    return `the worker exited with code ${worker.child.exitCode}:\n${worker.output.slice(-2_000)}`;
  if (!listening.test(worker.output)) {
    return `the worker at ${workerMain} does not listen on the ${queue} queue (rebuild packages/worker):\n${worker.output.slice(-2_000)}`;
  }
  return null;
}

/** A district created by the platform admin, with a district admin of its own. */
async function createDistrict(baseUrl, platform) {
  log('creating a district as the platform admin');
  const token = await login(baseUrl, platform.email, platform.password);
  const admin = { email: `admin-${suffix}@e2e.xiaoyuan.local`, password: `admin-${randomBytes(8).toString('hex')}` };
  const { district } = await mutate(
    baseUrl,
    token,
    'createDistrict',
    `mutation ($input: CreateDistrictInput!) {
      createDistrict(input: $input) { district { id name } userErrors { field message code } }
    }`,
    {
      input: {
        name: `E2E 测试区 ${suffix}`,
        code: `e2e_${suffix}`,
        timezone: 'Asia/Shanghai',
        adminEmail: admin.email,
        adminPassword: admin.password,
      },
    },
  );
  if (!district) throw new Error('createDistrict returned no district');
  return admin;
}

/** Removes the BullMQ keys under the stack's queue prefix (ioredis from the workspace's node_modules). */
async function deleteQueueKeys(prefix) {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } catch (error) {
    log(`could not remove the queue keys ${prefix}:*: ${error.message}`);
  } finally {
    redis.disconnect();
  }
}

/** The stack of `runE2E`; returns the target { baseUrl, email, password, workerProblem }. */
async function startStack({ worker, demo }) {
  const needed = [
    migrateCli,
    apiMain,
    ...(worker ? [workerMain] : []),
    ...(demo ? [demoCli] : []),
    'packages/admin-web/dist/index.html',
  ];
  for (const file of needed) {
    if (!existsSync(resolve(repoRoot, file))) throw new Error(`${file} is missing: build first (npm run build)`);
  }
  const database = `xiaoyuan_e2e_${suffix}`;
  const env = {
    ...process.env,
    DATABASE_URL: `${postgresUrl}/${database}`,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `e2e-${suffix}`,
    // one set of secrets for the API, the worker and the demo generator of this run
    JWT_SECRET: randomBytes(32).toString('hex'),
    API_KEY_PEPPER: randomBytes(32).toString('hex'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const platform = {
    email: `platform-${suffix}@e2e.xiaoyuan.local`,
    password: `platform-${randomBytes(8).toString('hex')}`,
  };

  // the queues' keys go last, once the processes that use them have stopped
  onCleanup(() => deleteQueueKeys(`e2e-${suffix}`));

  log(`creating database ${database}`);
  await adminSql(`CREATE DATABASE "${database}"`);
  onCleanup(async () => {
    log(`dropping database ${database}`);
    await adminSql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  log('running the migration');
  await run(process.execPath, [join(repoRoot, migrateCli)], { cwd: repoRoot, env });

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  log(`starting the API on ${baseUrl}`);
  const api = startProcess('API', apiMain, {
    ...env,
    PORT: String(port),
    PLATFORM_ADMIN_EMAIL: platform.email,
    PLATFORM_ADMIN_PASSWORD: platform.password,
  });
  await waitForHealth(baseUrl, api.child);

  let workerProblem = null;
  if (worker) {
    workerProblem = await startWorker(env, worker.queue);
    if (workerProblem && worker.required) throw new Error(workerProblem);
    if (workerProblem) log(`warning: ${workerProblem}`);
  }

  if (!demo) return { baseUrl, ...(await createDistrict(baseUrl, platform)), workerProblem };
  log('generating the demo district (demo.cli.js)');
  const started = Date.now();
  const output = await run(process.execPath, [demoCli], { cwd: repoRoot, env });
  log(
    `demo district ready in ${Math.round((Date.now() - started) / 1000)}s${/already present/.test(output) ? ' (already present)' : ''}`,
  );
  return { baseUrl, ...DEMO_ADMIN, workerProblem };
}

/** BASE_URL's server: E2E_EMAIL / E2E_PASSWORD, which default to the demo admin for a demo test. */
function givenTarget(demo) {
  const email = process.env.E2E_EMAIL ?? (demo ? DEMO_ADMIN.email : undefined);
  const password = process.env.E2E_PASSWORD ?? (demo ? DEMO_ADMIN.password : undefined);
  if (!email || !password) throw new Error('BASE_URL needs E2E_EMAIL and E2E_PASSWORD (a district admin)');
  return { baseUrl: process.env.BASE_URL.replace(/\/+$/, ''), email, password, workerProblem: null };
}

// ---------------------------------------------------------------- browser

/**
 * A Chromium of its own (a profile of its own: its own storage and session), whose page reports
 * its errors and CSP violations into `collected` ({ browserErrors, cspViolations }).
 */
async function openBrowser(viewport, collected) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'xiaoyuan-e2e-chromium-'));
  onCleanup(() => rm(userDataDir, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
    // Playwright's own SIGINT handler would exit (130) as soon as Chromium is closed, before the
    // API is stopped and the database dropped; our handler closes the browser with the rest.
    handleSIGINT: false,
  });
  onCleanup(() => context.close());
  context.setDefaultTimeout(ACTION_TIMEOUT);
  // every page reports what the API's Content-Security-Policy blocked (helmet, issue 10)
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`),
    ),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  const { browserErrors, cspViolations } = collected;
  page.on('pageerror', (error) => browserErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    browserErrors.push(message.text());
    if (/CSP violation|Content Security Policy/.test(message.text())) cspViolations.push(message.text());
  });
  return page;
}

/**
 * step(name, body): runs one step and records it; after a failure (screenshot and the browser's
 * errors logged) the remaining steps are skipped. snapshot(name): with E2E_SCREENSHOTS, a picture
 * of the page as it was checked. Both write to test-results/<test name>-….png.
 */
function stepper(testName, page, browserErrors) {
  let failed = false;
  async function step(name, body) {
    if (failed) {
      results.push({ name, ok: false, skipped: true });
      log(`- ${name} (skipped)`);
      return;
    }
    try {
      await body();
      results.push({ name, ok: true });
      log(`✓ ${name}`);
    } catch (error) {
      failed = true;
      results.push({ name, ok: false, error });
      log(`✗ ${name}\n${error?.stack ?? error}`);
      await mkdir(resultsDir, { recursive: true });
      const file = join(resultsDir, `${testName}-${name.replace(/[^a-z0-9]+/gi, '-')}-${Date.now()}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      log(`screenshot: ${file}`);
      if (browserErrors.length) log(`browser errors:\n  ${browserErrors.slice(-10).join('\n  ')}`);
    }
  }
  async function snapshot(name) {
    if (!process.env.E2E_SCREENSHOTS) return;
    await sleep(800); // transitions (a drawer sliding in) end first
    await mkdir(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, `${testName}-${name}.png`), fullPage: true }).catch(() => undefined);
  }
  return { step, snapshot };
}

export const byTest = (name) => `[data-test="${name}"]`;

/** Element Plus puts `data-test` on the <input> of el-input and on the wrapper of other fields. */
export function field(page, name) {
  return page.locator(`input${byTest(name)}, ${byTest(name)} input`).first();
}

export async function fill(page, name, value) {
  await field(page, name).fill(value);
}

/** Opens an el-select and clicks the option with the given data-test. */
export async function choose(page, selectName, optionName) {
  await page.locator(byTest(selectName)).first().click();
  await page
    .locator(`${byTest(optionName)}:visible`)
    .first()
    .click();
}

/** Waits until the first match shows `expected` (a substring or a RegExp); returns its text. */
export async function expectText(locator, expected) {
  await locator.first().waitFor({ state: 'visible' });
  const deadline = Date.now() + ACTION_TIMEOUT;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().innerText()).trim();
    if (expected instanceof RegExp ? expected.test(text) : text.includes(expected)) return text;
    await sleep(100);
  }
  throw new Error(`expected ${String(expected)} but the text is ${JSON.stringify(text)}`);
}

/** Fills the sign-in form already on the page and submits it. */
export async function submitSignIn(page, email, password) {
  await fill(page, 'sign-in-email', email);
  await fill(page, 'sign-in-password', password);
  await page.locator(byTest('sign-in-submit')).click();
}

/** Signs in afresh (a stored session cleared first); district roles land on 总览. */
export async function signIn(page, baseUrl, email, password) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${baseUrl}/sign-in`);
  await submitSignIn(page, email, password);
  await page.locator(byTest('dashboard-page')).waitFor();
}

// ---------------------------------------------------------------- the run

let cleaning = Promise.resolve();

/**
 * Runs the registered clean-ups. A call while one is under way (Ctrl-C, then the run's own end)
 * waits for it and then runs what was registered since, so that nobody exits before the database
 * is dropped.
 */
function cleanUp() {
  cleaning = cleaning.then(async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop();
      try {
        await cleanup();
      } catch (error) {
        console.error(`[e2e] clean-up failed: ${error?.message ?? error}`);
      }
    }
  });
  return cleaning;
}

/**
 * Runs one browser test and exits the process: 0 when every step passed, 1 otherwise, 130 after
 * SIGINT/SIGTERM (once cleaned up).
 *
 * @param {object} options
 * @param {string} options.name the test's name, the prefix of its screenshots
 * @param {{ queue: string, required?: boolean }} [options.worker] start the worker and wait until
 *   it listens on `queue`; when it does not, `required` fails the set-up, else the problem is
 *   logged as a warning and handed to the flow as `target.workerProblem`
 * @param {boolean} [options.demo] generate the demo district and use its admin (the default
 *   E2E_EMAIL / E2E_PASSWORD with BASE_URL) instead of creating a district
 * @param {{ width: number, height: number }} [options.viewport]
 * @param {(context: { target: { baseUrl: string, email: string, password: string, workerProblem: string | null },
 *   page: import('playwright-core').Page, openPage: () => Promise<import('playwright-core').Page>,
 *   step: Function, snapshot: Function }) => Promise<void>} options.flow  `openPage` opens another
 *   browser, with its own storage, for a second user
 */
export async function runE2E({ name, worker = null, demo = false, viewport = { width: 1440, height: 900 }, flow }) {
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      interrupted = true;
      log(`${signal}: cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
  }

  try {
    const target = process.env.BASE_URL ? givenTarget(demo) : await startStack({ worker, demo });
    const collected = { browserErrors: [], cspViolations: [] };
    const { browserErrors, cspViolations } = collected;
    const page = await openBrowser(viewport, collected);
    // a second browser with a session of its own (another user), checked the same way
    const openPage = () => openBrowser(viewport, collected);
    await flow({ target, page, openPage, ...stepper(name, page, browserErrors) });
    const ok = cspViolations.length === 0;
    results.push({ name: 'no Content-Security-Policy violation', ok, error: ok ? undefined : cspViolations });
    log(`${ok ? '✓' : '✗'} no Content-Security-Policy violation${ok ? '' : `:\n  ${cspViolations.join('\n  ')}`}`);
  } catch (error) {
    results.push({ name: 'set-up', ok: false, error });
    console.error(`[e2e] ${error?.stack ?? error}`);
  } finally {
    await cleanUp();
  }
  const passed = results.filter((result) => result.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || interrupted ? 1 : 0);
}
