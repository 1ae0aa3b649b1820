import { createDistrictFixture, PASSWORD, rowId, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

// Accounts a district can run (issue 10, 用户管理): the district admin manages every user, a street
// officer its street's community workers and courtyard committees; one-time passwords; a disable or
// a change of role taking effect on the next request; nobody disables or demotes themselves or the
// last district admin; API clients never manage users.

const USER_FIELDS = `id email displayName role disabled mustChangePassword lastSignInAt scope { __typename ... on Street { id } ... on Community { id } ... on Courtyard { id } }`;
const INVITE = `mutation($input: InviteUserInput!) {
  inviteUser(input: $input) { user { ${USER_FIELDS} } oneTimePassword userErrors { field code message } }
}`;
const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { ${USER_FIELDS} } userErrors { field code message } } }`;
const DISABLE = `mutation($input: SetUserDisabledInput!) { setUserDisabled(input: $input) { user { ${USER_FIELDS} } userErrors { field code message } } }`;
const RESET = `mutation($input: UserIdInput!) { resetUserPassword(input: $input) { user { ${USER_FIELDS} } oneTimePassword userErrors { field code message } } }`;
const USERS = `query($first: Int, $after: String, $filter: UserFilter) {
  users(first: $first, after: $after, filter: $filter) { totalCount edges { node { ${USER_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`;
const LOGIN = `mutation($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { token user { email mustChangePassword } userErrors { code } }
}`;
const ME = `{ me { email role mustChangePassword } }`;
const CHANGE = `mutation($input: ChangePasswordInput!) {
  changePassword(input: $input) { token user { mustChangePassword } userErrors { field code } }
}`;

describe('accounts', () => {
  let t: TestApp;
  let d: DistrictFixture;

  beforeAll(async () => {
    t = await startTestApp();
    d = await createDistrictFixture(t.client, 'ac');
  });
  afterAll(async () => {
    await t?.close();
  });

  const raw = (query: string, variables: Record<string, unknown>, token: string) =>
    fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  const invite = async (input: Record<string, unknown>, token = d.tokens.admin) =>
    (await t.client.request(INVITE, { input }, { token })).data!.inviteUser;
  const idOf = async (email: string) =>
    (await t.client.request(USERS, { filter: { search: email } }, { token: d.tokens.admin })).data!.users.edges[0].node
      .id as string;

  it('invites a user with a one-time password that must be changed before anything else', async () => {
    const invited = await invite({
      email: 'Worker.New@ac.test',
      displayName: '新社工',
      role: 'COMMUNITY_WORKER',
      scopeId: d.communities[0],
    });
    expect(invited.userErrors).toEqual([]);
    expect(invited.user).toMatchObject({
      email: 'worker.new@ac.test',
      role: 'COMMUNITY_WORKER',
      disabled: false,
      mustChangePassword: true,
      lastSignInAt: null,
      scope: { __typename: 'Community', id: d.communities[0] },
    });
    const oneTime = invited.oneTimePassword as string;
    expect(oneTime).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    // only its hash is stored, and the audit entry names no password
    const [row] = await t.sql<{ password_hash: string; must_change_password: boolean }>(
      `select password_hash, must_change_password from users where email = 'worker.new@ac.test'`,
    );
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row.must_change_password).toBe(true);
    const audit = await t.sql<{ detail: Record<string, unknown>; target_id: string }>(
      `select detail, target_id from audit_log where operation = 'inviteUser'`,
    );
    expect(audit).toEqual([
      { detail: { role: 'COMMUNITY_WORKER', oneTimePassword: true, ok: true }, target_id: rowId(invited.user.id) },
    ]);
    expect(JSON.stringify(audit)).not.toContain(oneTime);

    const login = await t.client.request(LOGIN, { email: 'worker.new@ac.test', password: oneTime });
    expect(login.data!.login.user).toEqual({ email: 'worker.new@ac.test', mustChangePassword: true });
    const token = login.data!.login.token as string;
    expect((await t.client.request(ME, {}, { token })).data!.me).toMatchObject({ mustChangePassword: true });
    const refused = await t.client.request(`{ me { email } district { id } }`, {}, { token });
    expect(refused.errors?.[0].extensions?.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(refused.data ?? null).toBeNull();
    const report = await fetch(`${t.url}/reports/2026-10.xlsx`, { headers: { authorization: `Bearer ${token}` } });
    expect(report.status).toBe(403);

    const changed = await t.client.request(
      CHANGE,
      { input: { currentPassword: oneTime, newPassword: 'my-own-secret-2026' } },
      { token },
    );
    expect(changed.data!.changePassword).toMatchObject({ user: { mustChangePassword: false }, userErrors: [] });
    const next = changed.data!.changePassword.token as string;
    const works = await t.client.request(`{ district { id } }`, {}, { token: next });
    expect(works.errors).toBeUndefined();
    expect(works.data!.district.id).toBe(d.id);
    const listed = await t.client.request(USERS, { filter: { search: 'worker.new' } }, { token: d.tokens.admin });
    expect(listed.data!.users.edges[0].node.lastSignInAt).not.toBeNull();
  });

  it('disables a user: its next request is refused with 401, sign-in too, until enabled again', async () => {
    const worker = await t.client.login(d.emails.communityWorker, PASSWORD);
    const id = await idOf(d.emails.communityWorker);
    expect((await t.client.request(ME, {}, { token: worker })).data!.me.email).toBe(d.emails.communityWorker);
    const disabled = await t.client.request(DISABLE, { input: { id, disabled: true } }, { token: d.tokens.admin });
    expect(disabled.data!.setUserDisabled).toMatchObject({ user: { disabled: true }, userErrors: [] });
    const next = await raw(ME, {}, worker);
    expect(next.status).toBe(401);
    expect(((await next.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    const login = await t.client.request(LOGIN, { email: d.emails.communityWorker, password: PASSWORD });
    expect(login.data!.login.userErrors).toEqual([{ code: 'WRONG_CREDENTIALS' }]);
    const onlyDisabled = await t.client.request(USERS, { filter: { disabled: true } }, { token: d.tokens.admin });
    expect(onlyDisabled.data!.users.edges.map((edge: any) => edge.node.email)).toEqual([d.emails.communityWorker]);

    const enabled = await t.client.request(DISABLE, { input: { id, disabled: false } }, { token: d.tokens.admin });
    expect(enabled.data!.setUserDisabled.user.disabled).toBe(false);
    // the old token stays ended; a new sign-in works
    expect((await raw(ME, {}, worker)).status).toBe(401);
    d.tokens.communityWorker = await t.client.login(d.emails.communityWorker, PASSWORD);
    const audit = await t.sql<{ detail: { disabled: boolean } }>(
      `select detail from audit_log where operation = 'setUserDisabled' and target_id = $1 order by at`,
      [rowId(id)],
    );
    expect(audit.map((entry) => entry.detail.disabled)).toEqual([true, false]);
  });

  it("changes a user's role and unit: its sessions end; the unit follows the role", async () => {
    const invited = await invite({
      email: 'mover@ac.test',
      displayName: '调岗',
      role: 'COURTYARD_COMMITTEE',
      scopeId: d.courtyards[0],
    });
    const reset = await t.client.request(RESET, { input: { id: invited.user.id } }, { token: d.tokens.admin });
    const oneTime = reset.data!.resetUserPassword.oneTimePassword as string;
    const first = (await t.client.request(LOGIN, { email: 'mover@ac.test', password: oneTime })).data!.login.token;
    const own = await t.client.request(
      CHANGE,
      { input: { currentPassword: oneTime, newPassword: 'mover-secret-77' } },
      { token: first },
    );
    const token = own.data!.changePassword.token as string;

    // a community worker needs a community: the courtyard does not do
    const missing = await t.client.request(
      UPDATE,
      { input: { id: invited.user.id, role: 'COMMUNITY_WORKER' } },
      { token: d.tokens.admin },
    );
    expect(missing.data!.updateUser.userErrors).toEqual([
      { field: ['input', 'scopeId'], code: 'INVALID', message: '该角色需要指定所辖社区' },
    ]);
    const wrongKind = await t.client.request(
      UPDATE,
      { input: { id: invited.user.id, role: 'COMMUNITY_WORKER', scopeId: d.streets[0] } },
      { token: d.tokens.admin },
    );
    expect(wrongKind.data!.updateUser.userErrors[0]).toMatchObject({ field: ['input', 'scopeId'], code: 'INVALID' });
    // a name alone keeps the sessions
    const renamed = await t.client.request(
      UPDATE,
      { input: { id: invited.user.id, displayName: '调岗人员' } },
      { token: d.tokens.admin },
    );
    expect(renamed.data!.updateUser.user.displayName).toBe('调岗人员');
    expect((await t.client.request(ME, {}, { token })).data!.me.email).toBe('mover@ac.test');

    const moved = await t.client.request(
      UPDATE,
      { input: { id: invited.user.id, role: 'COMMUNITY_WORKER', scopeId: d.communities[1] } },
      { token: d.tokens.admin },
    );
    expect(moved.data!.updateUser).toMatchObject({
      user: { role: 'COMMUNITY_WORKER', scope: { __typename: 'Community', id: d.communities[1] } },
      userErrors: [],
    });
    expect((await raw(ME, {}, token)).status).toBe(401);
    const again = await t.client.login('mover@ac.test', 'mover-secret-77');
    expect((await t.client.request(ME, {}, { token: again })).data!.me.role).toBe('COMMUNITY_WORKER');

    const viewer = await t.client.request(
      UPDATE,
      { input: { id: invited.user.id, role: 'VIEWER' } },
      { token: d.tokens.admin },
    );
    expect(viewer.data!.updateUser.user).toMatchObject({ role: 'VIEWER', scope: null });
    const [row] = await t.sql(`select street_id, community_id, courtyard_id from users where email = 'mover@ac.test'`);
    expect(row).toEqual({ street_id: null, community_id: null, courtyard_id: null });
    expect((await raw(ME, {}, again)).status).toBe(401);
    const audit = await t.sql<{ detail: Record<string, unknown> }>(
      `select detail from audit_log where operation = 'updateUser' and target_id = $1 and detail->>'ok' = 'true' order by at`,
      [rowId(invited.user.id)],
    );
    expect(audit.map((entry) => entry.detail)).toEqual([
      { displayName: '调岗人员', ok: true },
      { role: 'COMMUNITY_WORKER', unitId: rowId(d.communities[1]), ok: true },
      { role: 'VIEWER', unitId: null, ok: true },
    ]);
  });

  it('resets a password: the old one and the sessions end, the one-time password must be changed', async () => {
    const email = 'forgetful@ac.test';
    await t.client.request(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { userErrors { code } } }`,
      { input: { email, password: 'forgotten-passphrase', displayName: '健忘', role: 'VIEWER' } },
      { token: d.tokens.admin },
    );
    const session = await t.client.login(email, 'forgotten-passphrase');
    const id = await idOf(email);
    const reset = await t.client.request(RESET, { input: { id } }, { token: d.tokens.admin });
    expect(reset.data!.resetUserPassword).toMatchObject({ user: { mustChangePassword: true }, userErrors: [] });
    expect((await raw(ME, {}, session)).status).toBe(401);
    const old = await t.client.request(LOGIN, { email, password: 'forgotten-passphrase' });
    expect(old.data!.login.userErrors).toEqual([{ code: 'WRONG_CREDENTIALS' }]);
    const login = await t.client.request(LOGIN, { email, password: reset.data!.resetUserPassword.oneTimePassword });
    expect(login.data!.login.user.mustChangePassword).toBe(true);
  });

  it('lets a street officer manage only the community workers and committees of its street', async () => {
    const officer = d.tokens.streetOfficer;
    const listed = await t.client.request(USERS, {}, { token: officer });
    expect(listed.errors).toBeUndefined();
    const emails = listed.data!.users.edges.map((edge: any) => edge.node.email as string);
    expect(emails).toContain(d.emails.communityWorker);
    expect(emails).toContain(d.emails.courtyardCommittee);
    expect(emails).not.toContain(d.emails.admin);
    expect(emails).not.toContain(d.emails.viewer);
    expect(emails).not.toContain(d.emails.streetOfficer);

    // community 1 and 2 are street 1's; community 3 is street 2's
    const mine = await invite(
      { email: 'street-hire@ac.test', displayName: '街道招聘', role: 'COMMUNITY_WORKER', scopeId: d.communities[1] },
      officer,
    );
    expect(mine.userErrors).toEqual([]);
    expect(mine.oneTimePassword).toBeTruthy();
    const elsewhere = await invite(
      { email: 'other-street@ac.test', displayName: 'x', role: 'COMMUNITY_WORKER', scopeId: d.communities[2] },
      officer,
    );
    expect(elsewhere.userErrors).toEqual([
      { field: ['input', 'role'], code: 'FORBIDDEN', message: '您不能管理该角色或该单位的用户' },
    ]);
    const viewer = await invite({ email: 'v@ac.test', displayName: 'x', role: 'VIEWER' }, officer);
    expect(viewer.userErrors[0].code).toBe('FORBIDDEN');
    const adminId = await idOf(d.emails.admin);
    const disableAdmin = await t.client.request(
      DISABLE,
      { input: { id: adminId, disabled: true } },
      { token: officer },
    );
    expect(disableAdmin.data!.setUserDisabled.userErrors).toEqual([
      { field: ['input', 'id'], code: 'FORBIDDEN', message: '您不能管理该角色或该单位的用户' },
    ]);
    // its worker may not be moved to another street, nor made a street officer
    const moveOut = await t.client.request(
      UPDATE,
      { input: { id: mine.user.id, scopeId: d.communities[2] } },
      { token: officer },
    );
    expect(moveOut.data!.updateUser.userErrors[0].code).toBe('FORBIDDEN');
    const promote = await t.client.request(
      UPDATE,
      { input: { id: mine.user.id, role: 'STREET_OFFICER', scopeId: d.streets[0] } },
      { token: officer },
    );
    expect(promote.data!.updateUser.userErrors[0].code).toBe('FORBIDDEN');
    const off = await t.client.request(DISABLE, { input: { id: mine.user.id, disabled: true } }, { token: officer });
    expect(off.data!.setUserDisabled.userErrors).toEqual([]);

    // a community worker manages nobody
    const worker = await t.client.request(USERS, {}, { token: d.tokens.communityWorker });
    expect(worker.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const workerInvite = await invite(
      { email: 'w2@ac.test', displayName: 'x', role: 'COURTYARD_COMMITTEE', scopeId: d.courtyards[0] },
      d.tokens.communityWorker,
    );
    expect(workerInvite.userErrors[0].code).toBe('FORBIDDEN');
  });

  it('never lets anyone disable or demote themselves, nor the last active district admin', async () => {
    const adminId = await idOf(d.emails.admin);
    const self = await t.client.request(DISABLE, { input: { id: adminId, disabled: true } }, { token: d.tokens.admin });
    expect(self.data!.setUserDisabled.userErrors).toEqual([
      { field: ['input', 'disabled'], code: 'FORBIDDEN', message: '不能停用自己的账号' },
    ]);
    const demote = await t.client.request(
      UPDATE,
      { input: { id: adminId, role: 'VIEWER' } },
      { token: d.tokens.admin },
    );
    expect(demote.data!.updateUser.userErrors).toEqual([
      { field: ['input', 'role'], code: 'FORBIDDEN', message: '不能修改自己的角色或所辖单位' },
    ]);

    // two admins disabling each other at the same moment: one of them stays
    const second = await t.client.request(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { code } } }`,
      {
        input: {
          email: 'admin2@ac.test',
          password: 'second-admin-pass',
          displayName: '副管理员',
          role: 'DISTRICT_ADMIN',
        },
      },
      { token: d.tokens.admin },
    );
    const secondId = second.data!.createUser.user.id as string;
    const secondToken = await t.client.login('admin2@ac.test', 'second-admin-pass');
    const [one, two] = await Promise.all([
      t.client.request(DISABLE, { input: { id: secondId, disabled: true } }, { token: d.tokens.admin }),
      t.client.request(DISABLE, { input: { id: adminId, disabled: true } }, { token: secondToken }),
    ]);
    // the other is refused: as the last admin when both ran at once, or, when it began after the
    // first had committed, as a request of an account that is now disabled
    const outcome = (result: typeof one) =>
      result.status === 401
        ? { refusedAs: result.errors?.[0].extensions?.code }
        : { userErrors: result.data!.setUserDisabled.userErrors };
    const outcomes = [outcome(one), outcome(two)];
    expect(outcomes.filter((result) => result.userErrors?.length === 0)).toHaveLength(1);
    expect([
      {
        userErrors: [
          {
            field: ['input', 'disabled'],
            code: 'INVALID',
            message: '这是本区最后一位启用的区级管理员，不能停用或改为其他角色',
          },
        ],
      },
      { refusedAs: 'UNAUTHENTICATED' },
    ]).toContainEqual(outcomes.find((result) => result.userErrors?.length !== 0));
    const active = await t.sql(`select email from users where role = 'DISTRICT_ADMIN' and disabled_at is null`);
    expect(active).toHaveLength(1);
    // put the fixture back: the remaining admin enables the other
    const remaining = active[0].email === d.emails.admin ? d.tokens.admin : secondToken;
    const back = await t.client.request(
      DISABLE,
      { input: { id: active[0].email === d.emails.admin ? secondId : adminId, disabled: false } },
      { token: remaining },
    );
    expect(back.data!.setUserDisabled.userErrors).toEqual([]);
    if (active[0].email !== d.emails.admin) d.tokens.admin = await t.client.login(d.emails.admin, PASSWORD);
  });

  it('refuses API clients: they never manage users', async () => {
    const created = await t.client.request(
      `mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { secret userErrors { code } } }`,
      {
        input: { name: 'vendor', scopes: ['KPI_READ', 'RECORDS_READ', 'RECORDS_WRITE', 'ALERTS_READ', 'ALERTS_WRITE'] },
      },
      { token: d.tokens.admin },
    );
    const key = created.data!.createApiClient.secret as string;
    const list = await t.client.request(USERS, {}, { token: key });
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const id = await idOf(d.emails.viewer);
    for (const [query, input] of [
      [INVITE, { email: 'bot@ac.test', displayName: 'bot', role: 'VIEWER' }],
      [DISABLE, { id, disabled: true }],
      [RESET, { id }],
      [UPDATE, { id, displayName: 'hacked' }],
    ] as const) {
      const result = await t.client.request(query, { input }, { token: key });
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const signOut = await t.client.request(`mutation { signOut { signedOut } }`, {}, { token: key });
    expect(signOut.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const [viewer] = await t.sql(`select display_name, disabled_at from users where email = $1`, [d.emails.viewer]);
    expect(viewer).toEqual({ display_name: 'viewer', disabled_at: null });
  });

  it('pages and filters the list by role and by name or email', async () => {
    const page = await t.client.request(USERS, { first: 2 }, { token: d.tokens.admin });
    expect(page.data!.users.edges).toHaveLength(2);
    expect(page.data!.users.pageInfo.hasNextPage).toBe(true);
    const rest = await t.client.request(
      USERS,
      { first: 100, after: page.data!.users.pageInfo.endCursor },
      { token: d.tokens.admin },
    );
    expect(rest.data!.users.edges.length + 2).toBe(page.data!.users.totalCount);
    const officers = await t.client.request(USERS, { filter: { role: 'STREET_OFFICER' } }, { token: d.tokens.admin });
    expect(officers.data!.users.edges.map((edge: any) => edge.node.email)).toEqual([d.emails.streetOfficer]);
    const byName = await t.client.request(USERS, { filter: { search: '调岗' } }, { token: d.tokens.admin });
    expect(byName.data!.users.edges.map((edge: any) => edge.node.email)).toEqual(['mover@ac.test']);
    const literal = await t.client.request(USERS, { filter: { search: '%' } }, { token: d.tokens.admin });
    expect(literal.data!.users.totalCount).toBe(0);
  });
});
