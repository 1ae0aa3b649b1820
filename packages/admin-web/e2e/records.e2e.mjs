// Browser test of the records pages: enrol courtyards in a batch from the courtyard list (and see
// the refusal of a second enrolment on the courtyard's row), the rollout board's batch, record an
// activity with attendance, create a proposal, open voting, cast votes, close it and see its
// result, import a households CSV with one bad row and see the report.
//
//   BASE_URL=http://localhost:4000 E2E_EMAIL=… E2E_PASSWORD=… node packages/admin-web/e2e/records.e2e.mjs
//
// Without BASE_URL it starts its own stack from the built packages (packages/*/dist), as
// hierarchy.e2e.mjs does: a fresh database xiaoyuan_e2e_<random>, the migration, the API and the
// worker on their own queue prefix, and a district created by the platform admin; it stops them
// and drops the database at the end, also on failure. It seeds through GraphQL as the district
// admin (a street, a community, two courtyards with households, a rollout plan when there is
// none) and does the rest through the UI. Needs Debian's Chromium at /usr/bin/chromium
// (CHROMIUM_PATH overrides).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
// The worker processes the import; overridable like the API.
const workerMain = resolve(process.env.E2E_WORKER_MAIN ?? join(repoRoot, 'packages/worker/dist/main.js'));
const ACTION_TIMEOUT = 15_000;

const suffix = randomBytes(4).toString('hex');
/** Set when the started worker cannot process imports; the import step reports it. */
let workerProblem = null;
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

  log('starting the worker (imports)');
  if (!existsSync(workerMain)) throw new Error(`${workerMain} is missing: build first (npm run build)`);
  const worker = spawn(process.execPath, [workerMain], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: `e2e-${suffix}` },
  });
  let workerOutput = '';
  const keepWorker = (chunk) => (workerOutput = (workerOutput + chunk).slice(-20_000));
  worker.stdout.on('data', keepWorker);
  worker.stderr.on('data', keepWorker);
  // The import step needs a worker that listens on the imports queue (an old build does not).
  const deadline = Date.now() + 30_000;
  while (!/listening on .*:imports\b/.test(workerOutput) && Date.now() < deadline && worker.exitCode === null) {
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 200));
  }
  workerProblem = worker.exitCode !== null
    ? `the worker exited with code ${worker.exitCode}:\n${workerOutput.slice(-2_000)}`
    : /listening on .*:imports\b/.test(workerOutput)
      ? null
      : `the worker at ${workerMain} does not listen on the imports queue (rebuild packages/worker):\n${workerOutput.slice(-2_000)}`;
  if (workerProblem) log(`warning: ${workerProblem}`);
  cleanups.push(async () => {
    log('stopping the worker');
    await stopProcess(worker);
    if (results.some((result) => !result.ok)) console.log(`[e2e] worker output (last lines):\n${workerOutput.slice(-4_000)}`);
  });

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

// ---------------------------------------------------------------- seeding through GraphQL

/** Today in the district's zone (the e2e district is created in Asia/Shanghai). */
function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

async function mutate(baseUrl, token, field, document, input) {
  const data = await graphql(baseUrl, document, { input }, token);
  const payload = data[field];
  if (payload.userErrors?.length) throw new Error(`${field} failed: ${JSON.stringify(payload.userErrors)}`);
  return payload;
}

async function seed({ baseUrl, email, password }) {
  const { login } = await graphql(
    baseUrl,
    `mutation ($email: String!, $password: String!) {
      login(input: { email: $email, password: $password }) { token userErrors { field message code } }
    }`,
    { email, password },
  );
  if (!login.token) throw new Error(`district admin login failed: ${JSON.stringify(login.userErrors)}`);
  const token = login.token;

  const { street } = await mutate(baseUrl, token, 'createStreet',
    `mutation ($input: CreateStreetInput!) { createStreet(input: $input) { street { id } userErrors { field message code } } }`,
    { name: `记录街道 ${suffix}`, code: `rst-${suffix}` });
  const { community } = await mutate(baseUrl, token, 'createCommunity',
    `mutation ($input: CreateCommunityInput!) { createCommunity(input: $input) { community { id } userErrors { field message code } } }`,
    { streetId: street.id, name: `记录社区 ${suffix}`, code: `rcm-${suffix}` });

  const courtyards = [];
  for (const [index, households] of [
    ['3-201', '3-202', '3-203', '3-204'],
    ['1-101', '1-102'],
  ].entries()) {
    const code = `rcy${index + 1}-${suffix}`;
    const { courtyard } = await mutate(baseUrl, token, 'createCourtyard',
      `mutation ($input: CreateCourtyardInput!) { createCourtyard(input: $input) { courtyard { id code name } userErrors { field message code } } }`,
      { communityId: community.id, name: `记录小院${index + 1} ${suffix}`, code, type: 'OLD_COMPOUND', householdCount: households.length, address: '测试路 8 号' });
    await mutate(baseUrl, token, 'registerHouseholds',
      `mutation ($input: RegisterHouseholdsInput!) { registerHouseholds(input: $input) { households { id } userErrors { field message code } } }`,
      { courtyardId: courtyard.id, households: households.map((householdCode) => ({ code: householdCode, areaSqm: 80 })) });
    courtyards.push({ ...courtyard, households });
  }

  const { rolloutPlan } = await graphql(baseUrl, `query { rolloutPlan { id } }`, {}, token);
  if (!rolloutPlan) {
    await mutate(baseUrl, token, 'createRolloutPlan',
      `mutation ($input: CreateRolloutPlanInput!) { createRolloutPlan(input: $input) { rolloutPlan { id } userErrors { field message code } } }`,
      { name: '小院自治三年行动（E2E）', startsOn: `${today().slice(0, 8)}01`, pilotSize: 30 });
  }
  return { token, courtyards };
}

// ---------------------------------------------------------------- the flow

async function runFlow(target) {
  const { baseUrl, email, password } = target;
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
      const file = join(resultsDir, `records-${name.replace(/[^a-z0-9]+/gi, '-')}-${Date.now()}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      log(`screenshot: ${file}`);
      if (browserErrors.length) log(`browser errors:\n  ${browserErrors.slice(-10).join('\n  ')}`);
    }
  }

  let seeded;
  const courtyardRow = (code) => page.locator(`${byTest('courtyard-table')} tr`, { has: page.locator(byTest(`courtyard-row-${code}`)) });
  const visibleDialog = (name) => page.locator(`${byTest(name)}:visible`);
  const activityTitle = `楼道堆物清理议事会 ${suffix}`;
  const proposalTitle = `加装楼道照明 ${suffix}`;
  let batchNumber = '';

  await step('seeds a street, a community, two courtyards with households and a rollout plan', async () => {
    seeded = await seed(target);
  });

  await step('signs in as the district admin', async () => {
    await page.goto(`${baseUrl}/sign-in`);
    await fill(page, 'sign-in-email', email);
    await fill(page, 'sign-in-password', password);
    await page.locator(byTest('sign-in-submit')).click();
    await page.locator(byTest('dashboard-page')).waitFor();
    await page.locator(byTest('menu-rollout')).waitFor();
  });

  await step('enrols both courtyards in a batch from the courtyard list', async () => {
    await page.locator(byTest('menu-courtyards')).click();
    await page.locator(byTest('courtyard-list-page')).waitFor();
    await fill(page, 'courtyard-search', suffix);
    await field(page, 'courtyard-search').press('Enter');
    for (const courtyard of seeded.courtyards) await courtyardRow(courtyard.code).waitFor();
    for (const courtyard of seeded.courtyards) await courtyardRow(courtyard.code).locator('.el-checkbox').first().click();
    await expectText(page.locator(byTest('enrol-selected')), '2');
    await page.locator(byTest('enrol-selected')).click();
    const dialog = visibleDialog('enrol-dialog');
    await dialog.waitFor();
    await expectText(dialog.locator(byTest('enrol-courtyards')), seeded.courtyards[1].name);
    // The dialog proposes the batch after the plan's last one.
    const batchInput = dialog.locator(`${byTest('enrol-batch')} input`);
    const deadline = Date.now() + ACTION_TIMEOUT;
    while (!/^\d+$/.test(batchNumber) && Date.now() < deadline) {
      batchNumber = (await batchInput.inputValue()).trim();
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
    }
    await dialog.locator(byTest('enrol-submit')).click();
    await dialog.waitFor({ state: 'hidden' });
    for (const courtyard of seeded.courtyards) await expectText(courtyardRow(courtyard.code), `第 ${batchNumber} 批`);
  });

  await step('shows ALREADY_ENROLLED on the courtyard row when it is enrolled again', async () => {
    const [first] = seeded.courtyards;
    await courtyardRow(first.code).locator('.el-checkbox').first().click();
    await page.locator(byTest('enrol-selected')).click();
    const dialog = visibleDialog('enrol-dialog');
    await dialog.waitFor();
    await dialog.locator(byTest('enrol-submit')).click();
    await dialog.locator(byTest(`enrol-error-${first.code}`)).waitFor();
    await dialog.locator(byTest('dialog-cancel')).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  await step('shows the batch on the rollout board', async () => {
    await page.locator(byTest('menu-rollout')).click();
    await page.locator(byTest('rollout-page')).waitFor();
    await page.locator(byTest('rollout-phases')).waitFor();
    await expectText(page.locator(byTest(`batch-count-${batchNumber}`)), /^[2-9]|\d\d/);
    await page.locator(byTest('milestone-PILOT_SUMMARY')).waitFor();
  });

  await step('records an activity with two attending households', async () => {
    const [first] = seeded.courtyards;
    await page.goto(`${baseUrl}/courtyards/${encodeURIComponent(first.id)}?tab=activities`);
    await page.locator(byTest('activities-tab')).waitFor();
    await page.locator(byTest('activity-new')).click();
    const dialog = visibleDialog('activity-dialog');
    await dialog.waitFor();
    await fill(page, 'activity-title', activityTitle);
    await fill(page, 'attendance-code-0', first.households[0]);
    await dialog.locator(byTest('attendance-add-row')).click();
    await fill(page, 'attendance-code-1', first.households[1]);
    await dialog.locator(`${byTest('attendance-participants-1')} input`).fill('2');
    await dialog.locator(byTest('activity-submit')).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator(`${byTest('activity-table')} tr`, { hasText: activityTitle });
    await row.waitFor();
    await expectText(row.locator('td').nth(3), '2');
  });

  await step('creates a proposal and opens voting', async () => {
    await page.locator('#tab-proposals').click();
    await page.locator(byTest('proposals-tab')).waitFor();
    await page.locator(byTest('proposal-new')).click();
    const dialog = visibleDialog('proposal-dialog');
    await dialog.waitFor();
    await fill(page, 'proposal-title-input', proposalTitle);
    await dialog.locator(byTest('proposal-submit')).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator(`${byTest('proposal-table')} tr`, { hasText: proposalTitle });
    await row.locator(byTest('proposal-open')).click();
    const openDialog = visibleDialog('proposal-open-dialog');
    await openDialog.locator(byTest('proposal-open-submit')).click();
    await openDialog.waitFor({ state: 'hidden' });
    await expectText(row.locator(byTest('proposal-status')), '表决中');
  });

  await step('casts votes, and a second vote of a household is refused on the form', async () => {
    const [first] = seeded.courtyards;
    const row = page.locator(`${byTest('proposal-table')} tr`, { hasText: proposalTitle });
    await row.locator(byTest('proposal-vote')).click();
    const dialog = visibleDialog('vote-dialog');
    await dialog.waitFor();
    const votes = [
      [first.households[0], 'FOR'],
      [first.households[1], 'FOR'],
      [first.households[2], 'AGAINST'],
    ];
    for (const [householdCode, choice] of votes) {
      await fill(page, 'vote-household', householdCode);
      await dialog.locator(byTest(`vote-choice-${choice}`)).click();
      await dialog.locator(byTest('vote-submit')).click();
      await expectText(dialog.locator(byTest('vote-cast-list')), householdCode);
    }
    await fill(page, 'vote-household', first.households[0]);
    await dialog.locator(byTest('vote-submit')).click();
    await dialog.locator(`.el-form-item__error, ${byTest('form-errors')}`).first().waitFor();
    await dialog.locator(byTest('vote-done')).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectText(row.locator(byTest('proposal-tally')), '2');
  });

  await step('closes voting and shows the result with participation and approval', async () => {
    const row = page.locator(`${byTest('proposal-table')} tr`, { hasText: proposalTitle });
    await row.locator(byTest('proposal-close')).click();
    await page.locator('.el-message-box .el-button--primary:visible').click();
    await expectText(row.locator(byTest('proposal-result')), '通过');
    await expectText(row.locator(byTest('proposal-result-tallies')), '2 / 1 / 0');
    await row.locator('.el-table__expand-icon').click();
    await expectText(page.locator(`${byTest('vote-participation-count')}:visible`), '75.0%');
    await expectText(page.locator(`${byTest('vote-approval-count')}:visible`), '66.7%');
  });

  await step('imports a households CSV with a bad row and shows the report', async () => {
    if (workerProblem) throw new Error(workerProblem);
    const [first] = seeded.courtyards;
    const directory = await mkdtemp(join(tmpdir(), 'xiaoyuan-e2e-import-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const file = join(directory, `households-${suffix}.csv`);
    await writeFile(file, `\uFEFF小院编码,户号,面积\r\n${first.code},5-101,80\r\n${first.code},5-102,-3\r\n`, 'utf8');

    await page.locator(byTest('menu-imports')).click();
    await page.locator(byTest('import-page')).waitFor();
    await page.locator(byTest('import-file')).setInputFiles(file);
    await expectText(page.locator(byTest('import-file-name')), `households-${suffix}.csv`);
    await page.locator(byTest('import-start')).click();
    await page.locator(byTest('import-progress-bar')).waitFor();
    await page.locator(byTest('import-report')).waitFor({ timeout: 60_000 });
    await page.locator(byTest('import-failed')).waitFor();
    await expectText(page.locator(byTest('import-error-row')), '3');
    await expectText(page.locator(byTest('import-error-column')), 'area_sqm');
    const reasons = await page.locator(byTest('import-error-reason')).count();
    if (reasons !== 1) throw new Error(`expected one bad row in the report, found ${reasons}`);
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
