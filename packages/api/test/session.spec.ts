import { TokenService } from '../src/engine/token.service';
import { CREATE_USER } from './helpers/documents';
import { createDistrictFixture, PASSWORD, platformToken, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { token expiresAt user { id email displayName role } userErrors { field message code } }
}`;
const ME = `query Me { me { id email displayName role district { id name code timezone } } }`;

describe('session', () => {
  let t: TestApp;
  let a: DistrictFixture;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'sa');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs in with the right password and answers me with the district', async () => {
    const login = await t.client.request(LOGIN, { email: a.emails.admin.toUpperCase(), password: PASSWORD });
    expect(login.errors).toBeUndefined();
    expect(login.data!.login.userErrors).toEqual([]);
    expect(login.data!.login.user).toMatchObject({ email: a.emails.admin, role: 'DISTRICT_ADMIN' });
    const expiresIn = Date.parse(login.data!.login.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(11.9 * 3600_000);
    expect(expiresIn).toBeLessThanOrEqual(12 * 3600_000);
    const me = await t.client.request(ME, {}, { token: login.data!.login.token });
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toMatchObject({
      email: a.emails.admin,
      role: 'DISTRICT_ADMIN',
      district: { id: a.id, code: 'sa', timezone: 'Asia/Shanghai' },
    });
  });

  it('refuses a wrong password or an unknown email with WRONG_CREDENTIALS, in zh-CN by default and in en', async () => {
    const wrong = await t.client.request(LOGIN, { email: a.emails.admin, password: 'not-the-password' });
    expect(wrong.data!.login).toMatchObject({
      token: null,
      user: null,
      userErrors: [{ code: 'WRONG_CREDENTIALS', message: '邮箱或密码错误', field: ['input', 'password'] }],
    });
    const unknown = await t.client.request(
      LOGIN,
      { email: 'nobody@nowhere.test', password: PASSWORD },
      { language: 'en-US,en;q=0.9' },
    );
    expect(unknown.data!.login.userErrors).toEqual([
      { code: 'WRONG_CREDENTIALS', message: 'Wrong email or password', field: ['input', 'password'] },
    ]);
  });

  it('audits sign-ins, successful or not, in the district', async () => {
    await t.client.request(LOGIN, { email: a.emails.viewer, password: 'wrong-password' });
    const rows = await t.sql<{ detail: { ok: boolean } }>(
      `select l.detail from audit_log l join users u on u.id = l.actor_id and u.tenant_id = l.tenant_id where u.email = $1 and l.operation = 'login' order by l.at`,
      [a.emails.viewer],
    );
    expect(rows.map((row) => row.detail.ok)).toEqual([true, false]);
  });

  it('answers UNAUTHENTICATED for no token, an invalid token, an expired token and a disabled user', async () => {
    const none = await t.client.request(ME);
    expect(none.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const garbage = await t.client.request(ME, {}, { token: 'not.a.token' });
    expect(garbage.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await new TokenService('another-secret-of-at-least-32-characters!').issue({
      userId: a.id,
      tenantId: a.id,
      platform: false,
      version: 0,
    });
    expect((await t.client.request(ME, {}, { token: forged.token })).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const [user] = await t.sql<{ id: string }>(`select id from users where email = $1`, [a.emails.viewer]);
    const expired = await new TokenService(t.env.jwtSecret).issue(
      { userId: user.id, tenantId: a.id, platform: false, version: 0 },
      new Date(Date.now() - 13 * 3600_000),
    );
    const late = await t.client.request(ME, {}, { token: expired.token });
    expect(late.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(late.errors?.[0].message).toMatch(/expired/);

    await t.sql(`update users set disabled_at = now() where email = $1`, [a.emails.courtyardCommittee]);
    const disabled = await t.client.request(ME, {}, { token: a.tokens.courtyardCommittee });
    expect(disabled.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(disabled.data?.me ?? null).toBeNull();
    const login = await t.client.request(LOGIN, { email: a.emails.courtyardCommittee, password: PASSWORD });
    expect(login.data!.login.userErrors[0].code).toBe('WRONG_CREDENTIALS');
    await t.sql(`update users set disabled_at = null where email = $1`, [a.emails.courtyardCommittee]);
  });

  it('creates users with a scope matching the role, emails unique across districts', async () => {
    const created = await t.client.request(
      CREATE_USER,
      {
        input: {
          email: 'New.Worker@sa.test',
          password: PASSWORD,
          displayName: '新社工',
          role: 'COMMUNITY_WORKER',
          scopeId: a.communities[1],
        },
      },
      { token: a.tokens.admin },
    );
    expect(created.data!.createUser).toMatchObject({
      userErrors: [],
      user: { email: 'new.worker@sa.test', role: 'COMMUNITY_WORKER' },
    });
    const scope = await t.client.request(
      `{ me { role scope { __typename ... on Community { id } } } }`,
      {},
      { token: await t.client.login('new.worker@sa.test', PASSWORD) },
    );
    expect(scope.data!.me.scope).toEqual({ __typename: 'Community', id: a.communities[1] });

    const before = await t.sql(`select count(*)::int as n from users`);
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ email: a.emails.viewer, role: 'VIEWER' }, 'DUPLICATE', ['input', 'email']],
      [{ email: 'short@sa.test', role: 'VIEWER', password: 'short' }, 'INVALID', ['input', 'password']],
      [{ email: 'not-an-email', role: 'VIEWER' }, 'INVALID', ['input', 'email']],
      [{ email: 'officer2@sa.test', role: 'STREET_OFFICER' }, 'INVALID', ['input', 'scopeId']],
      [
        { email: 'officer3@sa.test', role: 'STREET_OFFICER', scopeId: a.communities[0] },
        'INVALID',
        ['input', 'scopeId'],
      ],
      [{ email: 'viewer2@sa.test', role: 'VIEWER', scopeId: a.streets[0] }, 'INVALID', ['input', 'scopeId']],
      [{ email: 'platform2@sa.test', role: 'PLATFORM_ADMIN' }, 'INVALID', ['input', 'role']],
    ];
    for (const [input, code, field] of cases) {
      const result = await t.client.request(
        CREATE_USER,
        { input: { password: PASSWORD, displayName: 'x', ...input } },
        { token: a.tokens.admin },
      );
      expect({
        input,
        errors: result.data!.createUser.userErrors.map((error: { code: string; field: string[] }) => [
          error.code,
          error.field,
        ]),
      }).toEqual({
        input,
        errors: expect.arrayContaining([[code, field]]),
      });
      expect(result.data!.createUser.user).toBeNull();
    }
    expect(await t.sql(`select count(*)::int as n from users`)).toEqual(before);

    const operator = await platformToken(t.client);
    const other = await t.client.request(
      `mutation($input: CreateDistrictInput!) { createDistrict(input: $input) { district { id } userErrors { field code } } }`,
      { input: { name: '乙区', code: 'sa2', adminEmail: a.emails.viewer, adminPassword: PASSWORD } },
      { token: operator },
    );
    expect(other.data!.createDistrict.userErrors).toEqual([{ field: ['input', 'adminEmail'], code: 'DUPLICATE' }]);

    const notAdmin = await t.client.request(
      CREATE_USER,
      { input: { email: 'x@sa.test', password: PASSWORD, displayName: 'x', role: 'VIEWER' } },
      { token: a.tokens.streetOfficer },
    );
    expect(notAdmin.data!.createUser.userErrors[0].code).toBe('FORBIDDEN');
  });

  it('stores argon2id hashes', async () => {
    const rows = await t.sql<{ password_hash: string }>(`select password_hash from users`);
    for (const row of rows) expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
  });
});
