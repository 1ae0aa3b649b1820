// Browser test of the admin app: sign in, build a street → community → courtyard through the UI
// forms, find the courtyard by search, switch 中文 / English.
//
//   BASE_URL=http://localhost:4000 E2E_EMAIL=… E2E_PASSWORD=… node packages/admin-web/e2e/hierarchy.e2e.mjs
//
// Without BASE_URL it starts its own stack from the built packages (packages/*/dist, see
// support/harness.mjs): a fresh database xiaoyuan_e2e_<random>, the migration, the API on a free
// port, and a district created by the platform admin; it stops the API and drops the database at
// the end, also on failure. Needs Debian's Chromium at /usr/bin/chromium (CHROMIUM_PATH overrides).
import { byTest, choose, expectText, field, fill, runE2E, submitSignIn, suffix } from './support/harness.mjs';

async function flow({ target: { baseUrl, email, password }, page, step }) {
  const street = { name: `测试街道 ${suffix}`, code: `st-${suffix}` };
  const community = { name: `测试社区 ${suffix}`, code: `cm-${suffix}` };
  const courtyard = { name: `测试小院 ${suffix}`, code: `cy-${suffix}` };

  await step('an anonymous visit lands on the sign-in page', async () => {
    await page.goto(`${baseUrl}/`);
    await page.locator(byTest('sign-in-page')).waitFor();
    if (!new URL(page.url()).pathname.startsWith('/sign-in')) throw new Error(`at ${page.url()}`);
  });

  await step('shows the server error for a wrong password', async () => {
    await submitSignIn(page, email, `${password}-wrong`);
    await page
      .locator(`${byTest('sign-in-page')} .el-form-item__error, ${byTest('form-errors')}`)
      .first()
      .waitFor();
  });

  await step('signs in as the district admin', async () => {
    await submitSignIn(page, email, password);
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

await runE2E({ name: 'hierarchy', flow });
