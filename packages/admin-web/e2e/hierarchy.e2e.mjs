// Browser test of the admin app: sign in, build a street → community → courtyard through the UI
// forms, find the courtyard by search, switch 中文 / English.
//
//   BASE_URL=http://localhost:4000 E2E_EMAIL=… E2E_PASSWORD=… node packages/admin-web/e2e/hierarchy.e2e.mjs
//
// Without BASE_URL it starts its own stack from the built packages (packages/*/dist): a fresh
// database xiaoyuan_e2e_<random>, the migration, the API on a free port, and a district created
// by the platform admin; it stops the API and drops the database at the end, also on failure.
// Needs Debian's Chromium at /usr/bin/chromium (CHROMIUM_PATH overrides).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageDir, '../..');
const resultsDir = join(packageDir, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const postgresUrl = (process.env.E2E_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// The API entry point; overridable to run this test against another server build.
const apiMain = resolve(process.env.E2E_API_MAIN ?? join(repoRoot, 'packages/api/dist/main.js'));
const ACTION_TIMEOUT = 15_000;

const suffix = randomBytes(4).toString('hex');
const results = [];
const cleanups = [];

function log(message) {
  console.log(`[e2e] ${message}`);
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
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 300));
  }
  throw new Error(`GET ${baseUrl}/healthz did not answer 200 within ${timeoutMs / 1000}s`);
}

async function graphql(baseUrl, query, variables, token) {
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

async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function startStack() {
  for (const file of ['packages/schema/dist/migrate.cli.js', apiMain, 'packages/admin-web/dist/index.html']) {
    if (!existsSync(resolve(repoRoot, file))) throw new Error(`${file} is missing: build first (npm run build)`);
  }
  const database = `xiaoyuan_e2e_${suffix}`;
  const databaseUrl = `${postgresUrl}/${database}`;
  const platformEmail = `platform-${suffix}@e2e.xiaoyuan.local`;
  const platformPassword = `platform-${randomBytes(8).toString('hex')}`;

  log(`creating database ${database}`);
  await adminSql(`CREATE DATABASE "${database}"`);
  cleanups.push(async () => {
    log(`dropping database ${database}`);
    await adminSql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  log('running the migration');
  await run(process.execPath, [join(repoRoot, 'packages/schema/dist/migrate.cli.js')], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  log(`starting the API on ${baseUrl}`);
  const api = spawn(process.execPath, [apiMain], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `e2e-${suffix}`,
      PLATFORM_ADMIN_EMAIL: platformEmail,
      PLATFORM_ADMIN_PASSWORD: platformPassword,
    },
  });
  let apiOutput = '';
  const keep = (chunk) => (apiOutput = (apiOutput + chunk).slice(-20_000));
  api.stdout.on('data', keep);
  api.stderr.on('data', keep);
  cleanups.push(async () => {
    log('stopping the API');
    await stopProcess(api);
    if (results.some((result) => !result.ok)) console.log(`[e2e] API output (last lines):\n${apiOutput.slice(-4_000)}`);
  });
  await waitForHealth(baseUrl, api);

  log('creating a district as the platform admin');
  const { login } = await graphql(
    baseUrl,
    `mutation ($email: String!, $password: String!) {
      login(input: { email: $email, password: $password }) { token userErrors { field message code } }
    }`,
    { email: platformEmail, password: platformPassword },
  );
  if (!login.token) throw new Error(`platform admin login failed: ${JSON.stringify(login.userErrors)}`);
  const adminEmail = `admin-${suffix}@e2e.xiaoyuan.local`;
  const adminPassword = `admin-${randomBytes(8).toString('hex')}`;
  const { createDistrict } = await graphql(
    baseUrl,
    `mutation ($input: CreateDistrictInput!) {
      createDistrict(input: $input) { district { id name } userErrors { field message code } }
    }`,
    {
      input: {
        name: `E2E 测试区 ${suffix}`,
        code: `e2e_${suffix}`,
        timezone: 'Asia/Shanghai',
        adminEmail,
        adminPassword,
      },
    },
    login.token,
  );
  if (!createDistrict.district) throw new Error(`createDistrict failed: ${JSON.stringify(createDistrict.userErrors)}`);
  return { baseUrl, email: adminEmail, password: adminPassword };
}

// ---------------------------------------------------------------- browser helpers

const byTest = (name) => `[data-test="${name}"]`;

/** Element Plus puts `data-test` on the <input> of el-input and on the wrapper of other fields. */
function field(page, name) {
  return page.locator(`input${byTest(name)}, ${byTest(name)} input`).first();
}

async function fill(page, name, value) {
  const input = field(page, name);
  await input.fill(value);
}

/** Opens an el-select and clicks the option with the given data-test. */
async function choose(page, selectName, optionName) {
  await page.locator(byTest(selectName)).first().click();
  const option = page.locator(`${byTest(optionName)}:visible`).first();
  await option.click();
}

async function expectText(locator, expected) {
  await locator.first().waitFor({ state: 'visible' });
  const deadline = Date.now() + ACTION_TIMEOUT;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().innerText()).trim();
    if (expected instanceof RegExp ? expected.test(text) : text.includes(expected)) return text;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
  }
  throw new Error(`expected ${String(expected)} but the text is ${JSON.stringify(text)}`);
}

// ---------------------------------------------------------------- the flow

async function runFlow({ baseUrl, email, password }) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'xiaoyuan-e2e-chromium-'));
  cleanups.push(() => rm(userDataDir, { recursive: true, force: true }));
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
    viewport: { width: 1440, height: 900 },
  });
  cleanups.push(() => context.close());
  context.setDefaultTimeout(ACTION_TIMEOUT);
  const page = context.pages()[0] ?? (await context.newPage());
  const browserErrors = [];
  page.on('pageerror', (error) => browserErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(message.text());
  });

  const street = { name: `测试街道 ${suffix}`, code: `st-${suffix}` };
  const community = { name: `测试社区 ${suffix}`, code: `cm-${suffix}` };
  const courtyard = { name: `测试小院 ${suffix}`, code: `cy-${suffix}` };

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
      const file = join(resultsDir, `hierarchy-${name.replace(/[^a-z0-9]+/gi, '-')}-${Date.now()}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      log(`screenshot: ${file}`);
      if (browserErrors.length) log(`browser errors:\n  ${browserErrors.slice(-10).join('\n  ')}`);
    }
  }

  await step('an anonymous visit lands on the sign-in page', async () => {
    await page.goto(`${baseUrl}/`);
    await page.locator(byTest('sign-in-page')).waitFor();
    if (!new URL(page.url()).pathname.startsWith('/sign-in')) throw new Error(`at ${page.url()}`);
  });

  await step('shows the server error for a wrong password', async () => {
    await fill(page, 'sign-in-email', email);
    await fill(page, 'sign-in-password', `${password}-wrong`);
    await page.locator(byTest('sign-in-submit')).click();
    await page.locator(`${byTest('sign-in-page')} .el-form-item__error, ${byTest('form-errors')}`).first().waitFor();
  });

  await step('signs in as the district admin', async () => {
    await fill(page, 'sign-in-email', email);
    await fill(page, 'sign-in-password', password);
    await page.locator(byTest('sign-in-submit')).click();
    // District roles land on 总览; the hierarchy is a menu item.
    await page.locator(byTest('dashboard-page')).waitFor();
    await expectText(page.locator(byTest('menu-hierarchy')), '组织架构');
    await page.locator(byTest('menu-hierarchy')).click();
    await page.locator(byTest('hierarchy-page')).waitFor();
    if ((await page.locator(byTest('menu-districts')).count()) !== 0) throw new Error('district admin sees Districts');
  });

  await step('creates a street through the form', async () => {
    await page.locator(byTest('new-street')).click();
    await fill(page, 'street-name', street.name);
    await fill(page, 'street-code', street.code);
    await page.locator(byTest('street-submit')).click();
    await expectText(page.locator(byTest(`tree-street-${street.code}`)), street.name);
  });

  await step('shows the server error for a duplicate street code on the form', async () => {
    await page.locator(byTest('new-street')).click();
    await fill(page, 'street-name', `${street.name} 2`);
    await fill(page, 'street-code', street.code);
    await page.locator(byTest('street-submit')).click();
    const dialog = page.locator(`${byTest('street-dialog')}:visible`);
    await dialog.locator('.el-form-item__error, [data-test="form-errors"]').first().waitFor();
    await dialog.locator(byTest('dialog-cancel')).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  await step('creates a community under the street', async () => {
    await page.locator(byTest(`tree-add-community-${street.code}`)).click();
    await expectText(page.locator(`${byTest('community-street')}:visible`), street.name);
    await fill(page, 'community-name', community.name);
    await fill(page, 'community-code', community.code);
    await page.locator(byTest('community-submit')).click();
    await expectText(page.locator(byTest(`tree-community-${community.code}`)), community.name);
  });

  await step('creates a courtyard under the community', async () => {
    await page.locator(byTest(`tree-add-courtyard-${community.code}`)).click();
    await expectText(page.locator(`${byTest('courtyard-community')}:visible`), community.name);
    await fill(page, 'courtyard-name', courtyard.name);
    await fill(page, 'courtyard-code', courtyard.code);
    await choose(page, 'courtyard-type', 'courtyard-type-option-OLD_COMPOUND');
    await fill(page, 'courtyard-household-count', '120');
    await fill(page, 'courtyard-address', '测试路 1 号');
    await page.locator(byTest('courtyard-submit')).click();
    await expectText(page.locator(byTest(`tree-courtyard-${courtyard.code}`)), courtyard.name);
  });

  await step('finds the courtyard in the courtyard list by search', async () => {
    await page.locator(byTest('menu-courtyards')).click();
    await page.locator(byTest('courtyard-list-page')).waitFor();
    await fill(page, 'courtyard-search', courtyard.code);
    await field(page, 'courtyard-search').press('Enter');
    await expectText(page.locator(byTest(`courtyard-row-${courtyard.code}`)), courtyard.name);
    await expectText(page.locator(byTest('pager-total')), '共 1 条');
  });

  await step('switches to English', async () => {
    await page.locator(byTest('locale-en')).click();
    await expectText(page.locator(byTest('menu-courtyards')), 'Courtyards');
    await expectText(page.locator(byTest('pager-total')), '1 in total');
    await expectText(page.locator('.page-title'), 'Courtyards');
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== 'en') throw new Error(`html lang is ${lang}`);
  });

  await step('keeps English after a reload', async () => {
    await page.reload();
    await page.locator(byTest('courtyard-list-page')).waitFor();
    await expectText(page.locator(byTest('menu-hierarchy')), 'Hierarchy');
  });

  await step('switches back to 中文', async () => {
    await page.locator(byTest('locale-zh-CN')).click();
    await expectText(page.locator(byTest('menu-courtyards')), '小院列表');
    await expectText(page.locator('.page-title'), '小院列表');
  });
}

// ---------------------------------------------------------------- main

async function cleanUp() {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop();
    try {
      await cleanup();
    } catch (error) {
      console.error(`[e2e] clean-up failed: ${error?.message ?? error}`);
    }
  }
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main() {
  try {
    let target;
    if (process.env.BASE_URL) {
      const { E2E_EMAIL: email, E2E_PASSWORD: password } = process.env;
      if (!email || !password) throw new Error('BASE_URL needs E2E_EMAIL and E2E_PASSWORD (a district admin)');
      target = { baseUrl: process.env.BASE_URL.replace(/\/+$/, ''), email, password };
    } else {
      target = await startStack();
    }
    await runFlow(target);
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

await main();
