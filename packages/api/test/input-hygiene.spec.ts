import { createDistrictFixture, type DistrictFixture } from './helpers/fixtures';
import { CREATE_STREET } from './helpers/documents';
import { startTestApp, type TestApp } from './helpers/test-app';

// NUL, control characters and lone surrogates are refused in one place (input-hygiene.ts) before
// any resolver runs: BAD_USER_INPUT with HTTP 400 naming the variable or argument.

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { token userErrors { code } } }`;

describe('input hygiene', () => {
  let t: TestApp;
  let a: DistrictFixture;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'hygiene');
  }, 60_000);

  afterAll(() => t?.close());

  const post = async (body: unknown, token?: string) => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors: any[] } };
  };

  it("refuses a NUL in login's email, in a variable or in a literal, with 400 naming the field", async () => {
    const variable = await post({ query: LOGIN, variables: { input: { email: 'a\u0000@b.test', password: 'x' } } });
    expect(variable.status).toBe(400);
    expect(variable.body.errors).toEqual([
      expect.objectContaining({
        message: 'The variable $input.email contains a NUL character (\\u0000)',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: '$input.email' }),
      }),
    ]);
    const literal = await post({
      query: `mutation { login(input: { email: "a\\u0000@b.test", password: "x" }) { token } }`,
    });
    expect(literal.status).toBe(400);
    expect(literal.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'login.input.email' });
  });

  it('refuses lone surrogates and control characters, deep in lists too; allows tab and line ends', async () => {
    const surrogate = await post(
      { query: CREATE_STREET, variables: { input: { name: 'x\uD800', code: 'S-9' } } },
      a.tokens.admin,
    );
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.errors[0].message).toBe(
      'The variable $input.name contains a lone UTF-16 surrogate (not Unicode text)',
    );
    const deep = await post(
      {
        query: `mutation($input: RegisterHouseholdsInput!) { registerHouseholds(input: $input) { userErrors { code } } }`,
        variables: {
          input: {
            courtyardId: a.courtyards[0],
            households: [{ code: '9-1' }, { code: '9-2', contactName: 'bell\u0007' }],
          },
        },
      },
      a.tokens.admin,
    );
    expect(deep.status).toBe(400);
    expect(deep.body.errors[0].extensions.field).toBe('$input.households[1].contactName');
    expect(await t.sql(`select 1 from households where code like '9-%'`)).toEqual([]);

    const multiline = await post(
      { query: CREATE_STREET, variables: { input: { name: '第一\t街道\r\n', code: 'S-9' } } },
      a.tokens.admin,
    );
    expect(multiline.status).toBe(200);
    expect(multiline.body.data.createStreet.userErrors).toEqual([]);
  });

  it('refuses bad text in the REST routes’ paths and query strings with 400', async () => {
    const get = async (path: string) => {
      const response = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${a.tokens.admin}` } });
      return { status: response.status, body: (await response.json()) as { error: string } };
    };
    expect(await get('/reports/2026-10.xlsx?lang=%00')).toEqual({
      status: 400,
      body: { error: 'The parameter lang contains a NUL character (\\u0000)' },
    });
    expect((await get('/imports/templates/households%00.csv')).status).toBe(400);
    expect((await get('/imports/templates/households.csv?x=%07&x=1')).body.error).toBe(
      'The parameter x[0] contains a control character (only tab, line feed and carriage return are allowed)',
    );
  });
});
