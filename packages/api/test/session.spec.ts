import { TokenService } from '../src/engine/token.service';
import { CREATE_USER } from './helpers/documents';
import { createDistrictFixture, PASSWORD, platformToken, type DistrictFixture } from './helpers/fixtures';
import Redis from 'ioredis';
import { startSiblingApp, startTestApp, type TestApp } from './helpers/test-app';

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

// Sign-in security (issue 10): throttling, one login per request, the password policy, sign-out
// and password change taking effect on the next request.
describe('sign-in security', () => {
  const PER_ADDRESS = 15;
  let t: TestApp;
  let a: DistrictFixture;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_ADDRESS: String(PER_ADDRESS) } });
    a = await createDistrictFixture(t.client, 'ss');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The raw response of a GraphQL POST, for its status and headers. */
  const post = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
    fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  const accountKey = (email: string) => `${t.env.queuePrefix}:rate-limit:login-account:${email}`;
  const addressKeys = () => new Redis(t.env.redisUrl);
  /** Ends the throttle window of a key now (instead of waiting 15 minutes). */
  const expireKey = async (key: string) => {
    const redis = addressKeys();
    try {
      expect(await redis.exists(key)).toBe(1);
      await redis.del(key);
    } finally {
      await redis.quit();
    }
  };
  const clearAddress = async () => {
    const redis = addressKeys();
    try {
      const keys = await redis.keys(`${t.env.queuePrefix}:rate-limit:login-address:*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      await redis.quit();
    }
  };
  afterEach(clearAddress);

  it('locks an account after 5 failures in the window, even for the right password, until the window ends', async () => {
    const email = a.emails.viewer;
    for (let n = 1; n <= 5; n++) {
      const wrong = await t.client.request(LOGIN, { email, password: `wrong-password-${n}` });
      expect({ n, codes: wrong.data!.login.userErrors.map((e: { code: string }) => e.code) }).toEqual({
        n,
        codes: ['WRONG_CREDENTIALS'],
      });
    }
    const locked = await post(LOGIN, { email, password: PASSWORD });
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const body = (await locked.json()) as { data: unknown; errors: { message: string; extensions: any }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
    expect(body.errors[0].message).toMatch(/try again in 15 minutes/);
    // upper case is the same account
    const upper = await t.client.request(LOGIN, { email: email.toUpperCase(), password: PASSWORD });
    expect(upper.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    // other accounts sign in as before
    expect(await t.client.login(a.emails.communityWorker, PASSWORD)).toBeTruthy();
    // the sign-ins refused while locked were not checked, so they did not extend the lockout
    const rows = await t.sql<{ n: number }>(
      `select count(*)::int as n from audit_log l join users u on u.id = l.actor_id
        where u.email = $1 and l.operation = 'login' and l.detail->>'ok' = 'false'`,
      [email],
    );
    expect(rows[0].n).toBe(5);

    await expireKey(accountKey(email));
    const again = await t.client.request(LOGIN, { email, password: PASSWORD });
    expect(again.data!.login.userErrors).toEqual([]);
    expect(again.data!.login.token).toBeTruthy();
  });

  it('locks an unknown email the same way, and a success clears the failures', async () => {
    for (let n = 1; n <= 5; n++) await t.client.request(LOGIN, { email: 'ghost@ss.test', password: 'wrong-password' });
    const locked = await t.client.request(LOGIN, { email: 'ghost@ss.test', password: 'wrong-password' });
    expect(locked.errors?.[0].extensions?.code).toBe('RATE_LIMITED');

    for (let n = 1; n <= 4; n++)
      await t.client.request(LOGIN, { email: a.emails.courtyardCommittee, password: 'nope' });
    expect(await t.client.login(a.emails.courtyardCommittee, PASSWORD)).toBeTruthy();
    // four failures again after the success: still under the limit
    for (let n = 1; n <= 4; n++)
      await t.client.request(LOGIN, { email: a.emails.courtyardCommittee, password: 'nope' });
    expect(await t.client.login(a.emails.courtyardCommittee, PASSWORD)).toBeTruthy();
  });

  it('limits failures from one address across accounts with a larger budget, until the window ends', async () => {
    for (let n = 1; n <= PER_ADDRESS; n++) {
      // a different account each time: no account reaches its own limit
      const result = await t.client.request(LOGIN, { email: `nobody-${n}@ss.test`, password: 'wrong-password' });
      expect({ n, code: result.data?.login.userErrors[0].code }).toEqual({ n, code: 'WRONG_CREDENTIALS' });
    }
    const limited = await post(LOGIN, { email: a.emails.streetOfficer, password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const redis = addressKeys();
    try {
      const keys = await redis.keys(`${t.env.queuePrefix}:rate-limit:login-address:*`);
      expect(keys).toHaveLength(1);
      await expireKey(keys[0]);
    } finally {
      await redis.quit();
    }
    expect(await t.client.login(a.emails.streetOfficer, PASSWORD)).toBeTruthy();
  });

  it('fails open with a warning when Redis is down', async () => {
    const { createServer } = await import('node:http');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const warnings: string[] = [];
    const logger = { info: () => undefined, error: () => undefined, warn: (message: string) => warnings.push(message) };
    const sibling = await startSiblingApp(t, { logger, env: { redisUrl: `redis://127.0.0.1:${port}` } });
    try {
      for (let n = 1; n <= 6; n++) await sibling.client.request(LOGIN, { email: a.emails.viewer, password: 'nope' });
      expect(await sibling.client.login(a.emails.viewer, PASSWORD)).toBeTruthy();
      expect(
        warnings.some((warning) => warning.startsWith('[rate-limit] Redis failed, sign-ins are not throttled')),
      ).toBe(true);
    } finally {
      await sibling.close();
    }
  });

  it('refuses a request with more than one login before running any', async () => {
    const failures = async () =>
      (await t.sql(`select 1 from audit_log where operation = 'login' and detail->>'ok' = 'false'`)).length;
    const before = await failures();
    const aliases = await post(
      `mutation { a: login(input: { email: "${a.emails.viewer}", password: "guess-number-1" }) { token }
                  b: login(input: { email: "${a.emails.viewer}", password: "${PASSWORD}" }) { token } }`,
    );
    const body = (await aliases.json()) as { data?: unknown; errors: { message: string; extensions: any }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(body.errors[0].message).toBe('One login per request: this one has 2');
    const viaFragments = await t.client.request(
      `mutation { ...L ... on Mutation { a: login(input: { email: "x@y.z", password: "guess-number-2" }) { token } } }
       fragment L on Mutation { b: login(input: { email: "x@y.z", password: "guess-number-3" }) { token } }`,
    );
    expect(viaFragments.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(viaFragments.errors?.[0].message).toBe('One login per request: this one has 2');
    // nothing ran: no password was checked, no failure counted
    expect(await failures()).toBe(before);
    expect(await t.client.login(a.emails.viewer, PASSWORD)).toBeTruthy();
  });

  const CHANGE = `mutation($input: ChangePasswordInput!) {
    changePassword(input: $input) { token user { email mustChangePassword } userErrors { field code message } }
  }`;

  it('applies the password policy wherever a password is set', async () => {
    const cases: [string, string, string][] = [
      ['12345678', 'PASSWORD_TOO_SHORT', '密码至少 10 个字符'],
      [' '.repeat(12), 'PASSWORD_BLANK', '密码不能只包含空格'],
      ['1234567890', 'PASSWORD_COMMON', '该密码过于常见，容易被猜到，请换一个'],
      ['Password123', 'PASSWORD_COMMON', '该密码过于常见，容易被猜到，请换一个'],
      ['policy-person', 'PASSWORD_IS_EMAIL', '密码不能与邮箱或其用户名相同'],
      ['policy-person@ss.test', 'PASSWORD_IS_EMAIL', '密码不能与邮箱或其用户名相同'],
      ['x'.repeat(201), 'PASSWORD_TOO_LONG', '密码最多 200 个字符'],
    ];
    for (const [password, , message] of cases) {
      const created = await t.client.request(
        CREATE_USER,
        { input: { email: 'policy-person@ss.test', password, displayName: 'p', role: 'VIEWER' } },
        { token: a.tokens.admin },
      );
      expect({ password, errors: created.data!.createUser.userErrors }).toEqual({
        password,
        errors: [{ field: ['input', 'password'], code: 'INVALID', message }],
      });
    }
    const english = await t.client.request(
      CREATE_USER,
      { input: { email: 'policy-person@ss.test', password: 'qwertyuiop', displayName: 'p', role: 'VIEWER' } },
      { token: a.tokens.admin, language: 'en' },
    );
    expect(english.data!.createUser.userErrors[0].message).toBe(
      'This password is too common and easy to guess: choose another',
    );
    const fine = await t.client.request(
      CREATE_USER,
      { input: { email: 'policy-person@ss.test', password: 'plum-orchard-41', displayName: 'p', role: 'VIEWER' } },
      { token: a.tokens.admin },
    );
    expect(fine.data!.createUser.userErrors).toEqual([]);

    // a new district's admin
    const operator = await platformToken(t.client);
    const district = await t.client.request(
      `mutation($input: CreateDistrictInput!) { createDistrict(input: $input) { district { id } userErrors { field code } } }`,
      { input: { name: '丙区', code: 'ss3', adminEmail: 'boss@ss3.test', adminPassword: 'password1' } },
      { token: operator },
    );
    expect(district.data!.createDistrict.userErrors).toEqual([{ field: ['input', 'adminPassword'], code: 'INVALID' }]);

    // a changed password
    const token = await t.client.login('policy-person@ss.test', 'plum-orchard-41');
    const weak = await t.client.request(
      CHANGE,
      { input: { currentPassword: 'plum-orchard-41', newPassword: 'iloveyou' } },
      { token },
    );
    expect(weak.data!.changePassword.userErrors).toEqual([
      { field: ['input', 'newPassword'], code: 'INVALID', message: '密码至少 10 个字符' },
    ]);
    const same = await t.client.request(
      CHANGE,
      { input: { currentPassword: 'plum-orchard-41', newPassword: 'plum-orchard-41' } },
      { token },
    );
    expect(same.data!.changePassword.userErrors[0]).toMatchObject({
      code: 'INVALID',
      message: '新密码不能与当前密码相同',
    });
  });

  it('signs out: the token (and every other session of the user) is refused with 401 on the next request', async () => {
    const first = await t.client.login(a.emails.communityWorker, PASSWORD);
    const second = await t.client.login(a.emails.communityWorker, PASSWORD);
    expect((await t.client.request(ME, {}, { token: first })).data!.me.email).toBe(a.emails.communityWorker);
    const out = await t.client.request(`mutation { signOut { signedOut } }`, {}, { token: first });
    expect(out.data!.signOut).toEqual({ signedOut: true });
    for (const token of [first, second]) {
      const response = await post(ME, {}, token);
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: /session has ended/ });
    }
    // other users are untouched, and the user signs in again
    expect((await t.client.request(ME, {}, { token: a.tokens.admin })).data!.me.email).toBe(a.emails.admin);
    const again = await t.client.login(a.emails.communityWorker, PASSWORD);
    expect((await t.client.request(ME, {}, { token: again })).data!.me.email).toBe(a.emails.communityWorker);
    const audit = await t.sql(`select 1 from audit_log where operation = 'signOut' and detail->>'ok' = 'true'`);
    expect(audit).toHaveLength(1);
  });

  it("changes the password: the other sessions end, this one continues with the payload's token", async () => {
    const email = 'changer@ss.test';
    await t.client.request(
      CREATE_USER,
      { input: { email, password: PASSWORD, displayName: 'c', role: 'VIEWER' } },
      { token: a.tokens.admin },
    );
    const here = await t.client.login(email, PASSWORD);
    const elsewhere = await t.client.login(email, PASSWORD);
    const wrong = await t.client.request(
      CHANGE,
      { input: { currentPassword: 'not-my-password', newPassword: 'a-brand-new-secret' } },
      { token: here },
    );
    expect(wrong.data!.changePassword).toMatchObject({
      token: null,
      userErrors: [{ field: ['input', 'currentPassword'], code: 'WRONG_CREDENTIALS', message: '当前密码不正确' }],
    });
    const changed = await t.client.request(
      CHANGE,
      { input: { currentPassword: PASSWORD, newPassword: 'a-brand-new-secret' } },
      { token: here },
    );
    expect(changed.data!.changePassword.userErrors).toEqual([]);
    const next = changed.data!.changePassword.token as string;
    expect((await post(ME, {}, here)).status).toBe(401);
    expect((await post(ME, {}, elsewhere)).status).toBe(401);
    expect((await t.client.request(ME, {}, { token: next })).data!.me.email).toBe(email);
    const old = await t.client.request(LOGIN, { email, password: PASSWORD });
    expect(old.data!.login.userErrors[0].code).toBe('WRONG_CREDENTIALS');
    expect(await t.client.login(email, 'a-brand-new-secret')).toBeTruthy();
  });
});
