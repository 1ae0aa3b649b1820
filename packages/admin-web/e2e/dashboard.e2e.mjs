// Browser test of 总览 and 预警督办: the dashboard draws its charts from the demo district (and
// downloads the period's report), and a street officer acknowledges a red alert from the inbox.
//
//   BASE_URL=http://localhost:4000 node packages/admin-web/e2e/dashboard.e2e.mjs
//
// With BASE_URL it tests a running server whose demo district exists (E2E_EMAIL / E2E_PASSWORD
// override the demo admin admin@demo.xiaoyuan.local / demo-admin-2026). Without it, it starts its
// own stack from the built packages (packages/*/dist, see support/harness.mjs), as records.e2e.mjs
// does: a fresh database xiaoyuan_e2e_<random>, the migration, the API and the worker on their own
// queue prefix, then the demo district (`node packages/worker/dist/demo.cli.js` with the same
// environment: 14 months of records); it stops them and drops the database at the end, also on
// failure.
//
// Either way it then computes the KPIs of the last 12 closed months as the district admin
// (requestKpiRecompute, one month after the other, each followed with job(id)), so that there are
// snapshots and alerts. When no RED alert is open afterwards it raises the participation target of
// every phase to 100% (setKpiTarget) and recomputes the last month. The street officer is the
// demo's street@… when its street has an open RED alert, else a user created with createUser for
// the street of one. Needs Debian's Chromium at /usr/bin/chromium (CHROMIUM_PATH overrides).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  ACTION_TIMEOUT,
  byTest,
  choose,
  expectText,
  graphql,
  log,
  login,
  mutate,
  runE2E,
  signIn,
  sleep,
  suffix,
} from './support/harness.mjs';

const DEMO_STREET = { email: 'street@demo.xiaoyuan.local', password: 'demo-street-2026' };
const JOB_TIMEOUT = 180_000;

// ---------------------------------------------------------------- GraphQL as the district admin

function shiftMonth(month, delta) {
  const [year, index] = month.split('-').map(Number);
  const position = year * 12 + (index - 1) + delta;
  return `${Math.floor(position / 12)}-${String((position % 12) + 1).padStart(2, '0')}`;
}

function currentMonth(timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
    .slice(0, 7);
}

/** requestKpiRecompute for one period, then job(id) until it completes. */
async function recompute(baseUrl, token, period) {
  const { job } = await mutate(
    baseUrl,
    token,
    'requestKpiRecompute',
    `mutation ($period: Period!) {
      requestKpiRecompute(input: { period: $period }) { job { id state progress failedReason } userErrors { field message code } }
    }`,
    { period },
  );
  if (!job) throw new Error(`requestKpiRecompute ${period} returned no job`);
  const deadline = Date.now() + JOB_TIMEOUT;
  let state = job;
  while (state.state !== 'COMPLETED') {
    if (state.state === 'FAILED') throw new Error(`the recompute of ${period} failed: ${state.failedReason}`);
    if (Date.now() > deadline)
      throw new Error(`the recompute of ${period} did not finish within ${JOB_TIMEOUT / 1000}s (${state.state})`);
    await sleep(300);
    const { job: next } = await graphql(
      baseUrl,
      `
        query ($id: ID!) {
          job(id: $id) {
            id
            state
            progress
            failedReason
          }
        }
      `,
      { id: job.id },
      token,
    );
    if (!next) throw new Error(`job(${job.id}) of the recompute of ${period} is gone`);
    state = next;
  }
}

const OPEN_RED_ALERTS = `query ($filter: AlertFilter) {
  alerts(filter: $filter, first: 100) {
    totalCount
    edges { node { id kpi period courtyard { id code name } assignedTo { __typename ... on Street { id name } ... on Community { id name } } } }
  }
}`;

async function openRedAlerts(baseUrl, token, streetId) {
  const filter = { status: 'OPEN', level: 'RED', ...(streetId ? { streetId } : {}) };
  const { alerts } = await graphql(baseUrl, OPEN_RED_ALERTS, { filter }, token);
  return alerts.edges.map((edge) => edge.node);
}

/**
 * The KPIs of the last 12 closed months (in order: escalation reads the months before), then an
 * open RED alert and a street officer who may acknowledge it.
 */
async function prepare({ baseUrl, email, password }) {
  const token = await login(baseUrl, email, password);
  const { me } = await graphql(
    baseUrl,
    `
      query {
        me {
          role
          district {
            id
            name
            timezone
          }
        }
      }
    `,
    {},
    token,
  );
  if (me.role !== 'DISTRICT_ADMIN') throw new Error(`${email} is ${me.role}, not a district admin`);
  const lastClosed = shiftMonth(currentMonth(me.district.timezone), -1);
  const months = Array.from({ length: 12 }, (_value, index) => shiftMonth(lastClosed, index - 11));
  const started = Date.now();
  for (const month of months) await recompute(baseUrl, token, month);
  log(`computed ${months[0]} … ${months[11]} in ${Math.round((Date.now() - started) / 1000)}s`);

  let alerts = await openRedAlerts(baseUrl, token);
  if (alerts.length === 0) {
    log('no open RED alert: raising the participation target to 100% in every phase and recomputing the last month');
    for (const phase of ['PILOT', 'PROMOTION', 'CONSOLIDATION']) {
      await mutate(
        baseUrl,
        token,
        'setKpiTarget',
        `mutation ($input: SetKpiTargetInput!) { setKpiTarget(input: $input) { target { phase kpi target } userErrors { field message code } } }`,
        { input: { phase, kpi: 'PARTICIPATION_RATE', target: 1 } },
      );
    }
    await recompute(baseUrl, token, lastClosed);
    alerts = await openRedAlerts(baseUrl, token);
  }
  if (alerts.length === 0) throw new Error('no open RED alert after computing 12 months of the demo district');

  // The demo's street officer when its street has one, else a new officer of an alert's street.
  let officer = null;
  try {
    const streetToken = await login(baseUrl, DEMO_STREET.email, DEMO_STREET.password);
    const { me: streetMe } = await graphql(
      baseUrl,
      `
        query {
          me {
            role
            scope {
              __typename
              ... on Street {
                id
                name
              }
            }
          }
        }
      `,
      {},
      streetToken,
    );
    const streetId = streetMe?.role === 'STREET_OFFICER' ? streetMe.scope?.id : null;
    const mine = streetId ? alerts.filter((alert) => alert.assignedTo.id === streetId) : [];
    if (mine.length > 0) officer = { ...DEMO_STREET, alert: mine[0], created: false };
  } catch (error) {
    log(`the demo street officer cannot be used (${error.message})`);
  }
  if (!officer) {
    const alert = alerts[0];
    const created = {
      email: `street-${suffix}@e2e.xiaoyuan.local`,
      password: `street-${randomBytes(8).toString('hex')}`,
    };
    await mutate(
      baseUrl,
      token,
      'createUser',
      `mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { field message code } } }`,
      {
        input: {
          ...created,
          displayName: `${alert.assignedTo.name}督办员`,
          role: 'STREET_OFFICER',
          scopeId: alert.assignedTo.id,
        },
      },
    );
    officer = { ...created, alert, created: true };
  }
  log(
    `street officer ${officer.email}${officer.created ? ' (created)' : ''}: RED alert on ${officer.alert.kpi} of ${officer.alert.courtyard.code} (${officer.alert.period}, ${officer.alert.assignedTo.name})`,
  );
  return { token, officer, lastClosed };
}

// ---------------------------------------------------------------- the flow

/** Sizes of the trend charts' canvases and whether each has any painted pixel. */
function chartCanvases(page) {
  return page.locator(`${byTest('kpi-trends')} ${byTest('kpi-trend-chart')}`).evaluateAll((charts) =>
    charts.map((chart) => {
      const canvas = chart.querySelector('canvas');
      if (!canvas) return { width: 0, height: 0, painted: false };
      let painted = false;
      try {
        const context = canvas.getContext('2d');
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        for (let index = 3; index < data.length; index += 16) {
          if (data[index] !== 0) {
            painted = true;
            break;
          }
        }
      } catch {
        painted = true; // a canvas we cannot read back was still drawn by ECharts
      }
      const box = canvas.getBoundingClientRect();
      return { width: box.width, height: box.height, painted };
    }),
  );
}

async function flow({ target, page, step, snapshot }) {
  const { baseUrl, email, password } = target;
  let prepared;
  const note = `已约谈小院自治委员会，两周内整改 ${suffix}`;

  await step('computes 12 months of KPIs of the demo district and finds an open RED alert', async () => {
    prepared = await prepare(target);
  });

  await step('signs in as the district admin and lands on the dashboard', async () => {
    await signIn(page, baseUrl, email, password);
    await page.locator(byTest('menu-dashboard')).waitFor();
    await page.locator(byTest('menu-alerts')).waitFor();
    await page.locator(byTest('menu-kpi-targets')).waitFor();
    await page.locator(byTest('dashboard-recompute')).waitFor();
  });

  await step('shows the ten KPI cards with values of the last closed month', async () => {
    const cards = page.locator(`${byTest('kpi-cards')} [data-test^="kpi-card-"]`);
    const deadline = Date.now() + ACTION_TIMEOUT;
    while ((await cards.count()) < 10 && Date.now() < deadline) await sleep(100);
    if ((await cards.count()) !== 10) throw new Error(`expected 10 KPI cards, found ${await cards.count()}`);
    const values = (await page.locator(`${byTest('kpi-cards')} ${byTest('kpi-value')}`).allInnerTexts()).map((text) =>
      text.trim(),
    );
    const shown = values.filter((value) => value !== '—');
    if (shown.length < 5) throw new Error(`expected KPI values on most cards, got ${JSON.stringify(values)}`);
    await expectText(page.locator(byTest('kpi-card-PARTICIPATION_RATE')).locator(byTest('kpi-value')), /%$/);
    const statuses = await page
      .locator(`${byTest('kpi-cards')} [data-test^="kpi-card-"]`)
      .evaluateAll((nodes) => nodes.map((node) => node.dataset.status));
    if (!statuses.some((status) => status !== 'NO_DATA'))
      throw new Error(`every card is NO_DATA: ${statuses.join(', ')}`);
    if ((await page.locator(`${byTest('kpi-cards')} ${byTest('kpi-provisional')}`).count()) !== 0) {
      throw new Error('a card of a closed month is marked provisional');
    }
  });

  await step('draws the ten 12-month trend charts on canvas', async () => {
    const deadline = Date.now() + 20_000;
    let canvases = [];
    while (Date.now() < deadline) {
      canvases = await chartCanvases(page);
      if (canvases.length === 10 && canvases.every((canvas) => canvas.width > 0 && canvas.height > 0 && canvas.painted))
        break;
      await sleep(250);
    }
    if (canvases.length !== 10) throw new Error(`expected 10 trend charts, found ${canvases.length}`);
    const bad = canvases.filter((canvas) => !(canvas.width > 0 && canvas.height > 0 && canvas.painted));
    if (bad.length) throw new Error(`charts without a drawn canvas: ${JSON.stringify(canvases)}`);
  });

  await step("downloads the period's report as XLSX", async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(byTest('dashboard-report')).click(),
    ]);
    const name = download.suggestedFilename();
    if (!/ \d{4}(-\d{2}|-Q\d)? (月度统计|季度分析|年度评估)\.xlsx$/.test(name))
      throw new Error(`unexpected report file name "${name}"`);
    const path = await download.path();
    const bytes = await readFile(path);
    // an XLSX is a ZIP archive; the demo's report has five sheets and hundreds of rows
    if (bytes.subarray(0, 2).toString('latin1') !== 'PK' || bytes.length < 10_000)
      throw new Error(`"${name}" is not a workbook (${bytes.length} bytes)`);
  });

  await step('shows the streets with coloured KPI cells, phase progress and open alert counts', async () => {
    const table = page.locator(byTest('dashboard-street-table'));
    await table.locator('[data-test^="dashboard-street-"]').first().waitFor();
    const cells = await table
      .locator('[data-test^="kpi-cell-"]')
      .evaluateAll((nodes) => nodes.map((node) => node.dataset.status));
    if (!cells.some((status) => status === 'GREEN' || status === 'YELLOW' || status === 'RED')) {
      throw new Error(`no coloured street cell: ${cells.slice(0, 20).join(', ')}`);
    }
    await page
      .locator(`${byTest('dashboard-phases')} [data-test^="dashboard-phase-"]`)
      .first()
      .waitFor();
    const red = Number((await page.locator(`${byTest('alert-count-red')} .alert-count-number`).innerText()).trim());
    if (!(red > 0)) throw new Error(`expected open RED alerts on the dashboard, got ${red}`);
    // Expanding a street shows its communities.
    await table.locator('.el-table__expand-icon').first().click();
    await page.locator('[data-test^="dashboard-communities-"] [data-test^="dashboard-community-"]').first().waitFor();
    await snapshot('overview');
  });

  await step("draws a courtyard's ten KPIs and trends on its 指标 tab", async () => {
    const { courtyard } = prepared.officer.alert;
    await page.goto(`${baseUrl}/courtyards/${encodeURIComponent(courtyard.id)}?tab=kpis`);
    await page.locator(byTest('kpis-tab')).waitFor();
    const cards = page.locator(`${byTest('courtyard-kpi-cards')} [data-test^="kpi-card-"]`);
    await cards.nth(9).waitFor();
    const deadline = Date.now() + 20_000;
    let sizes = [];
    while (Date.now() < deadline) {
      sizes = await page
        .locator(`${byTest('courtyard-kpi-trends')} ${byTest('kpi-trend-chart')} canvas`)
        .evaluateAll((nodes) =>
          nodes.map((node) => node.getBoundingClientRect().width * node.getBoundingClientRect().height),
        );
      if (sizes.length === 10 && sizes.every((size) => size > 0)) break;
      await sleep(250);
    }
    if (!(sizes.length === 10 && sizes.every((size) => size > 0)))
      throw new Error(`courtyard trend canvases: ${JSON.stringify(sizes)}`);
    await expectText(
      page.locator(
        `${byTest('courtyard-kpi-cards')} ${byTest(`kpi-card-${prepared.officer.alert.kpi}`)} ${byTest('kpi-status')}`,
      ),
      '红色',
    );
  });

  await step('overrides a target with validation and resets it to the default', async () => {
    await page.locator(byTest('menu-kpi-targets')).click();
    await page.locator(byTest('kpi-targets-page')).waitFor();
    const cell = page.locator(byTest('kpi-target-CONSOLIDATION-DISPUTE_RESOLUTION_DAYS'));
    await expectText(cell.locator(byTest('kpi-target-value')), '10 天');
    await cell.locator(byTest('kpi-target-edit')).click();
    const input = cell.locator(`${byTest('kpi-target-input')} input`);
    await input.fill('0');
    await cell.locator(byTest('kpi-target-save')).click();
    await expectText(cell.locator(byTest('kpi-target-error')), '大于 0');
    await input.fill('12');
    await cell.locator(byTest('kpi-target-save')).click();
    await expectText(cell.locator(byTest('kpi-target-value')), '12 天');
    await cell.locator(byTest('kpi-target-overridden')).waitFor();
    await cell.locator(byTest('kpi-target-reset')).click();
    await expectText(cell.locator(byTest('kpi-target-value')), '10 天');
    await cell.locator(byTest('kpi-target-overridden')).waitFor({ state: 'detached' });
  });

  await step('signs in as the street officer of a street with a RED alert', async () => {
    await signIn(page, baseUrl, prepared.officer.email, prepared.officer.password);
    await expectText(page.locator(byTest('user-role')), '街道');
    if ((await page.locator(byTest('dashboard-recompute')).count()) !== 0)
      throw new Error('a street officer sees the recompute button');
    if ((await page.locator(byTest('menu-kpi-targets')).count()) !== 0)
      throw new Error('a street officer sees the KPI targets');
  });

  const { alert } = prepared?.officer ?? {};
  const alertRow = () =>
    page.locator(`${byTest('alert-table')} tbody tr`, {
      has: page.locator(byTest(`alert-row-${alert.courtyard.code}-${alert.kpi}`)),
    });

  await step('opens 预警督办 and finds the red alert', async () => {
    await page.locator(byTest('menu-alerts')).click();
    await page.locator(byTest('alert-inbox-page')).waitFor();
    await choose(page, 'alert-filter-level', 'alert-level-option-RED');
    await choose(page, 'alert-filter-kpi', `alert-kpi-option-${alert.kpi}`);
    try {
      await alertRow().first().waitFor({ timeout: 5_000 });
    } catch {
      // More of that KPI than a page holds: narrow to the courtyard through the address.
      await page.goto(
        `${baseUrl}/alerts?level=RED&kpi=${alert.kpi}&courtyardId=${encodeURIComponent(alert.courtyard.id)}`,
      );
      await alertRow().first().waitFor();
    }
    await expectText(alertRow().first().locator(byTest('alert-level')), '红色');
    await expectText(alertRow().first().locator(byTest('alert-status')), '待处理');
  });

  await step('acknowledges the red alert with a note', async () => {
    await alertRow().first().locator(byTest('alert-acknowledge')).click();
    const dialog = page.locator(`${byTest('alert-action-dialog')}:visible`);
    await dialog.waitFor();
    await dialog.locator('textarea').first().fill(note);
    await dialog.locator(byTest('alert-action-submit')).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectText(alertRow().first().locator(byTest('alert-status')), '已签收');
    if ((await alertRow().first().locator(byTest('alert-acknowledge')).count()) !== 0)
      throw new Error('an acknowledged alert still offers 签收');
  });

  await step('shows ACKNOWLEDGED and the history entry with the note in the drawer', async () => {
    await alertRow().first().locator(byTest('alert-view')).click();
    const drawer = page.locator(`${byTest('alert-drawer')}:visible`);
    await drawer.waitFor();
    await expectText(drawer.locator(byTest('alert-drawer-status')), '已签收');
    await drawer.locator(byTest('alert-history-OPENED')).first().waitFor();
    const entry = drawer.locator(byTest('alert-history-ACKNOWLEDGED')).last();
    await expectText(entry, '签收');
    await expectText(entry.locator(byTest('alert-history-note')), note);
    await snapshot('alert-drawer');
  });

  await step('the server agrees: the alert is ACKNOWLEDGED with the note in its history', async () => {
    const { node } = await graphql(
      baseUrl,
      `
        query ($id: ID!) {
          node(id: $id) {
            ... on Alert {
              status
              history {
                action
                note
                actor {
                  displayName
                }
              }
            }
          }
        }
      `,
      { id: alert.id },
      prepared.token,
    );
    if (node?.status !== 'ACKNOWLEDGED') throw new Error(`the alert is ${node?.status}`);
    const event = node.history.find((item) => item.action === 'ACKNOWLEDGED');
    if (event?.note !== note || !event.actor) throw new Error(`history: ${JSON.stringify(node.history)}`);
  });
}

// The KPI recomputes need a worker on the kpi queue.
await runE2E({
  name: 'dashboard',
  worker: { queue: 'kpi', required: true },
  demo: true,
  viewport: { width: 1600, height: 1000 },
  flow,
});
