// Browser test of the records pages: enrol courtyards in a batch from the courtyard list (and see
// the refusal of a second enrolment on the courtyard's row), the rollout board's batch, record an
// activity with attendance, create a proposal, open voting, cast votes, close it and see its
// result, import a households CSV with one bad row and see the report.
//
//   BASE_URL=http://localhost:4000 E2E_EMAIL=… E2E_PASSWORD=… node packages/admin-web/e2e/records.e2e.mjs
//
// Without BASE_URL it starts its own stack from the built packages (packages/*/dist, see
// support/harness.mjs), as hierarchy.e2e.mjs does: a fresh database xiaoyuan_e2e_<random>, the
// migration, the API and the worker on their own queue prefix, and a district created by the
// platform admin; it stops them and drops the database at the end, also on failure. It seeds
// through GraphQL as the district admin (a street, a community, two courtyards with households, a
// rollout plan when there is none) and does the rest through the UI. Needs Debian's Chromium at
// /usr/bin/chromium (CHROMIUM_PATH overrides).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACTION_TIMEOUT,
  byTest,
  expectText,
  field,
  fill,
  graphql,
  login,
  mutate,
  onCleanup,
  runE2E,
  signIn,
  sleep,
  suffix,
} from './support/harness.mjs';

// ---------------------------------------------------------------- seeding through GraphQL

/** Today in the district's zone (the e2e district is created in Asia/Shanghai). */
function today() {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

async function seed({ baseUrl, email, password }) {
  const token = await login(baseUrl, email, password);

  const { street } = await mutate(
    baseUrl,
    token,
    'createStreet',
    `mutation ($input: CreateStreetInput!) { createStreet(input: $input) { street { id } userErrors { field message code } } }`,
    { input: { name: `记录街道 ${suffix}`, code: `rst-${suffix}` } },
  );
  const { community } = await mutate(
    baseUrl,
    token,
    'createCommunity',
    `mutation ($input: CreateCommunityInput!) { createCommunity(input: $input) { community { id } userErrors { field message code } } }`,
    { input: { streetId: street.id, name: `记录社区 ${suffix}`, code: `rcm-${suffix}` } },
  );

  const courtyards = [];
  for (const [index, households] of [
    ['3-201', '3-202', '3-203', '3-204'],
    ['1-101', '1-102'],
  ].entries()) {
    const code = `rcy${index + 1}-${suffix}`;
    const { courtyard } = await mutate(
      baseUrl,
      token,
      'createCourtyard',
      `mutation ($input: CreateCourtyardInput!) { createCourtyard(input: $input) { courtyard { id code name } userErrors { field message code } } }`,
      {
        input: {
          communityId: community.id,
          name: `记录小院${index + 1} ${suffix}`,
          code,
          type: 'OLD_COMPOUND',
          householdCount: households.length,
          address: '测试路 8 号',
        },
      },
    );
    await mutate(
      baseUrl,
      token,
      'registerHouseholds',
      `mutation ($input: RegisterHouseholdsInput!) { registerHouseholds(input: $input) { households { id } userErrors { field message code } } }`,
      {
        input: {
          courtyardId: courtyard.id,
          households: households.map((householdCode) => ({ code: householdCode, areaSqm: 80 })),
        },
      },
    );
    courtyards.push({ ...courtyard, households });
  }

  const { rolloutPlan } = await graphql(
    baseUrl,
    `
      query {
        rolloutPlan {
          id
        }
      }
    `,
    {},
    token,
  );
  if (!rolloutPlan) {
    await mutate(
      baseUrl,
      token,
      'createRolloutPlan',
      `mutation ($input: CreateRolloutPlanInput!) { createRolloutPlan(input: $input) { rolloutPlan { id } userErrors { field message code } } }`,
      { input: { name: '小院自治三年行动（E2E）', startsOn: `${today().slice(0, 8)}01`, pilotSize: 30 } },
    );
  }
  return { token, courtyards };
}

// ---------------------------------------------------------------- the flow

async function flow({ target, page, step }) {
  const { baseUrl, email, password } = target;
  let seeded;
  const courtyardRow = (code) =>
    page.locator(`${byTest('courtyard-table')} tr`, { has: page.locator(byTest(`courtyard-row-${code}`)) });
  const visibleDialog = (name) => page.locator(`${byTest(name)}:visible`);
  const activityTitle = `楼道堆物清理议事会 ${suffix}`;
  const proposalTitle = `加装楼道照明 ${suffix}`;
  let batchNumber = '';

  await step('seeds a street, a community, two courtyards with households and a rollout plan', async () => {
    seeded = await seed(target);
  });

  await step('signs in as the district admin', async () => {
    await signIn(page, baseUrl, email, password);
    await page.locator(byTest('menu-rollout')).waitFor();
  });

  await step('enrols both courtyards in a batch from the courtyard list', async () => {
    await page.locator(byTest('menu-courtyards')).click();
    await page.locator(byTest('courtyard-list-page')).waitFor();
    await fill(page, 'courtyard-search', suffix);
    await field(page, 'courtyard-search').press('Enter');
    for (const courtyard of seeded.courtyards) await courtyardRow(courtyard.code).waitFor();
    for (const courtyard of seeded.courtyards)
      await courtyardRow(courtyard.code).locator('.el-checkbox').first().click();
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
      await sleep(100);
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
    await dialog
      .locator(`.el-form-item__error, ${byTest('form-errors')}`)
      .first()
      .waitFor();
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
    if (target.workerProblem) throw new Error(target.workerProblem);
    const [first] = seeded.courtyards;
    const directory = await mkdtemp(join(tmpdir(), 'xiaoyuan-e2e-import-'));
    onCleanup(() => rm(directory, { recursive: true, force: true }));
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
    await expectText(page.locator(byTest('import-history-reason')).first(), '1 行有错误');
  });

  await step('refuses an upload whose content is not what its name says, before queueing it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'xiaoyuan-e2e-import-'));
    onCleanup(() => rm(directory, { recursive: true, force: true }));
    const file = join(directory, `households-${suffix}.xlsx`);
    await writeFile(file, '小院编码,户号\r\n', 'utf8');
    await page.locator(byTest('import-file')).setInputFiles(file);
    await page.locator(byTest('import-start')).click();
    await expectText(page.locator(byTest('form-errors')), '文件无法导入：文件不是 XLSX 工作簿');
  });
}

// The worker processes the import; when it cannot, the import step reports why.
await runE2E({ name: 'records', worker: { queue: 'imports' }, flow });
