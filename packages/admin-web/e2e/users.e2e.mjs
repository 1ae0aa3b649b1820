// Browser test of 用户管理 (issue 10): the district admin creates a community worker and sees its
// one-time password once; the worker signs in with it in a second browser, is led to set a password
// of its own (a common one refused with the server's message) and lands in the app; the admin
// disables the worker, and the worker's next request is refused: the app returns to the sign-in
// page saying the session ended, and the password no longer signs in. Last, the admin signs out,
// which revokes the token on the server (signOut), not only in the browser.
//
//   node packages/admin-web/e2e/users.e2e.mjs
//   BASE_URL=http://localhost:4000 E2E_EMAIL=… E2E_PASSWORD=… node packages/admin-web/e2e/users.e2e.mjs
//
// Without BASE_URL it starts its own stack from the built packages (packages/*/dist, see
// support/harness.mjs): a fresh database, the migration, the API and a district created by the
// platform admin; it stops them and drops the database at the end, also on failure. With BASE_URL,
// E2E_EMAIL / E2E_PASSWORD name a district admin. Needs Debian's Chromium at /usr/bin/chromium
// (CHROMIUM_PATH overrides).
import {
  byTest,
  choose,
  expectText,
  fill,
  graphql,
  login,
  mutate,
  runE2E,
  signIn,
  submitSignIn,
  suffix,
} from './support/harness.mjs';

/** The street and community the worker is given, seeded through GraphQL as the admin. */
async function seedUnits(baseUrl, token) {
  const street = { name: `用户街道 ${suffix}`, code: `us-${suffix}` };
  const community = { name: `用户社区 ${suffix}`, code: `uc-${suffix}` };
  const { street: created } = await mutate(
    baseUrl,
    token,
    'createStreet',
    `mutation ($input: CreateStreetInput!) { createStreet(input: $input) { street { id } userErrors { field message code } } }`,
    { input: street },
  );
  await mutate(
    baseUrl,
    token,
    'createCommunity',
    `mutation ($input: CreateCommunityInput!) { createCommunity(input: $input) { community { id } userErrors { field message code } } }`,
    { input: { ...community, streetId: created.id } },
  );
  return { street, community };
}

async function flow({ target, page, openPage, step, snapshot }) {
  const { baseUrl, email, password } = target;
  const worker = { email: `worker-${suffix}@e2e.xiaoyuan.local`, name: `社区工作者 ${suffix}` };
  const workerPassword = `Courtyard-${suffix}-pass`;
  const visible = (where, name) => where.locator(`${byTest(name)}:visible`);
  const workerRow = () => page.locator(`${byTest('user-table')} tr`, { hasText: worker.email });
  let units;
  let oneTimePassword = '';
  let workerPage;

  await step('seeds a street and a community', async () => {
    units = await seedUnits(baseUrl, await login(baseUrl, email, password));
  });

  await step('signs in as the district admin and opens 用户管理 from the menu', async () => {
    await signIn(page, baseUrl, email, password);
    await expectText(page.locator(byTest('menu-users')), '用户管理');
    await page.locator(byTest('menu-users')).click();
    await page.locator(byTest('users-page')).waitFor();
    // the admin's own row is there, marked as such
    await expectText(page.locator(`${byTest('user-table')} tr`, { hasText: email }), '区级管理员');
  });

  await step('creates a community worker of the community and sees the one-time password once', async () => {
    await page.locator(byTest('user-new')).click();
    const dialog = visible(page, 'user-dialog');
    await dialog.waitFor();
    await fill(page, 'user-form-email', worker.email);
    await fill(page, 'user-form-name', worker.name);
    await choose(page, 'user-form-role', 'user-form-role-option-COMMUNITY_WORKER');
    // a scoped role names its unit: the form asks for it before calling the server
    await dialog.locator(byTest('user-submit')).click();
    await expectText(dialog.locator('.el-form-item__error'), '请选择所辖单位');
    await choose(page, 'user-unit-street', `user-unit-street-${units.street.code}`);
    await choose(page, 'user-unit-community', `user-unit-community-${units.community.code}`);
    await dialog.locator(byTest('user-submit')).click();

    const secret = visible(page, 'secret-dialog');
    await secret.waitFor();
    await expectText(secret.locator(byTest('secret-warning')), '只显示这一次');
    await expectText(secret.locator(byTest('secret-intro')), worker.email);
    oneTimePassword = await secret.locator(`input${byTest('secret-value')}`).inputValue();
    if (!/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/.test(oneTimePassword))
      throw new Error(`the dialog shows ${JSON.stringify(oneTimePassword)}, not a one-time password`);
    await snapshot('one-time-password');
    await secret.locator(byTest('secret-done')).click();
    await secret.waitFor({ state: 'hidden' });
    if ((await page.content()).includes(oneTimePassword)) throw new Error('the password is still in the page');

    await expectText(workerRow().locator(byTest('user-row-role')), '社区工作人员');
    await expectText(workerRow().locator(byTest('user-row-unit')), `社区 · ${units.community.name}`);
    await expectText(workerRow().locator(byTest('user-row-must-change')), '待修改密码');
    await expectText(workerRow().locator(byTest('user-row-last-sign-in')), '从未登录');
  });

  await step('shows the server error for an email already in use', async () => {
    await page.locator(byTest('user-new')).click();
    const dialog = visible(page, 'user-dialog');
    await dialog.waitFor();
    await fill(page, 'user-form-email', worker.email.toUpperCase());
    await fill(page, 'user-form-name', '重复的人');
    await choose(page, 'user-form-role', 'user-form-role-option-VIEWER');
    await dialog.locator(byTest('user-submit')).click();
    await expectText(dialog.locator('.el-form-item__error'), '已被使用');
    await dialog.locator(byTest('dialog-cancel')).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  await step('the worker signs in with it in another browser and is led to set a password first', async () => {
    workerPage = await openPage();
    await workerPage.goto(`${baseUrl}/alerts`);
    await workerPage.locator(byTest('sign-in-page')).waitFor();
    await submitSignIn(workerPage, worker.email, oneTimePassword);
    await workerPage.locator(byTest('change-password-page')).waitFor();
    await expectText(workerPage.locator(byTest('change-password-intro')), worker.email);
    await expectText(workerPage.locator(byTest('password-policy')), '至少 10 个字符');
    // nothing else opens until the password is changed
    await workerPage.goto(`${baseUrl}/hierarchy`);
    await workerPage.locator(byTest('change-password-page')).waitFor();
  });

  await step("a common password is refused with the server's reason on its field", async () => {
    await fill(workerPage, 'password-current', oneTimePassword);
    await fill(workerPage, 'password-new', 'password123');
    await fill(workerPage, 'password-confirm', 'password123');
    await workerPage.locator(byTest('change-password-submit')).click();
    await expectText(workerPage.locator('.el-form-item__error'), '过于常见');
  });

  await step('a good password takes the worker to the page it asked for, showing its account', async () => {
    await fill(workerPage, 'password-new', workerPassword);
    await fill(workerPage, 'password-confirm', workerPassword);
    await workerPage.locator(byTest('change-password-submit')).click();
    await workerPage.locator(byTest('hierarchy-page')).waitFor();
    await workerPage.locator(byTest('user-menu-trigger')).click();
    await workerPage.locator(`${byTest('open-profile')}:visible`).click();
    const profile = visible(workerPage, 'profile-dialog');
    await profile.waitFor();
    await expectText(profile.locator(byTest('profile-email')), worker.email);
    await expectText(profile.locator(byTest('profile-role')), '社区工作人员');
    await expectText(profile.locator(byTest('profile-unit')), `社区 · ${units.community.name}`);
    await profile.locator(byTest('dialog-cancel')).click();
    await profile.waitFor({ state: 'hidden' });
  });

  await step('the admin sees the first sign-in, then disables the worker', async () => {
    await page.locator(byTest('users-refresh')).click();
    await expectText(workerRow().locator(byTest('user-row-last-sign-in')), /\d{2}:\d{2}/);
    if (await workerRow().locator(byTest('user-row-must-change')).count())
      throw new Error('the worker still has to change its password');
    await workerRow().locator(byTest('user-disable')).click();
    await expectText(page.locator('.el-message-box:visible'), worker.email);
    await page.locator('.el-message-box .el-button--primary:visible').click();
    await expectText(workerRow().locator(byTest('user-row-status')), '已停用');
    await workerRow().locator(byTest('user-enable')).waitFor();
  });

  await step("the worker's next request is refused: back to sign-in, saying the session ended", async () => {
    await workerPage.locator(byTest('menu-dashboard')).click();
    await workerPage.locator(byTest('sign-in-page')).waitFor();
    await expectText(workerPage.locator(byTest('sign-in-notice')), '登录已失效');
    await snapshot('session-ended');
    const stored = await workerPage.evaluate(() => localStorage.getItem('xiaoyuan.token'));
    if (stored) throw new Error('the refused token is still stored');
  });

  await step('a disabled worker cannot sign in again', async () => {
    await submitSignIn(workerPage, worker.email, workerPassword);
    await expectText(
      workerPage.locator(`${byTest('sign-in-page')} .el-form-item__error, ${byTest('form-errors')}`),
      '邮箱或密码错误',
    );
  });

  await step('signing out revokes the admin token on the server too', async () => {
    const token = await page.evaluate(() => localStorage.getItem('xiaoyuan.token'));
    const { me } = await graphql(baseUrl, '{ me { email } }', {}, token);
    if (me?.email !== email) throw new Error(`the admin's token reads ${JSON.stringify(me)}`);
    await page.locator(byTest('user-menu-trigger')).click();
    await page.locator(`${byTest('sign-out')}:visible`).click();
    await page.locator(byTest('sign-in-page')).waitFor();
    if ((await page.locator(byTest('sign-in-notice')).count()) !== 0)
      throw new Error('a sign-out of ones own says the session ended');
    const refused = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { email } }' }),
    });
    if (refused.status !== 401) throw new Error(`the signed-out token got HTTP ${refused.status}, not 401`);
  });
}

await runE2E({ name: 'users', flow });
