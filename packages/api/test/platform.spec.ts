import { CREATE_DISTRICT, CREATE_STREET } from './helpers/documents';
import { createDistrictFixture, PASSWORD, platformToken, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

describe('platform operator', () => {
  let t: TestApp;
  let d: DistrictFixture;
  let operator: string;

  beforeAll(async () => {
    t = await startTestApp();
    d = await createDistrictFixture(t.client, 'pl');
    operator = await platformToken(t.client);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('exists from start-up (argon2id) and signs in as PLATFORM_ADMIN', async () => {
    const me = await t.client.request(
      `{ me { id email role district { id } scope { __typename } } }`,
      {},
      { token: operator },
    );
    expect(me.data!.me).toMatchObject({ role: 'PLATFORM_ADMIN', district: null, scope: null });
    const [row] = await t.sql<{ password_hash: string }>(`select password_hash from platform_users`);
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
  });

  it('creates a district with its first admin, who can sign in', async () => {
    const created = await t.client.request(
      CREATE_DISTRICT,
      {
        input: {
          name: '新区',
          code: 'pl-new',
          timezone: 'Asia/Urumqi',
          adminEmail: 'Boss@PL-new.test',
          adminPassword: PASSWORD,
        },
      },
      { token: operator },
    );
    expect(created.data!.createDistrict).toMatchObject({
      userErrors: [],
      district: { name: '新区', code: 'pl-new', timezone: 'Asia/Urumqi' },
    });
    const admin = await t.client.login('boss@pl-new.test', PASSWORD);
    const me = await t.client.request(`{ me { role district { id code } } }`, {}, { token: admin });
    expect(me.data!.me).toEqual({
      role: 'DISTRICT_ADMIN',
      district: { id: created.data!.createDistrict.district.id, code: 'pl-new' },
    });
    const audit = await t.sql(
      `select operation, target_type, detail->>'ok' as ok from platform_audit_log where detail->>'code' = 'pl-new'`,
    );
    expect(audit).toEqual([{ operation: 'createDistrict', target_type: 'District', ok: 'true' }]);
    const districts = await t.client.request(
      `{ districts(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { node { code } } } }`,
      {},
      { token: operator },
    );
    expect(districts.data!.districts.totalCount).toBe(2);
    expect(districts.data!.districts.pageInfo.hasNextPage).toBe(true);
    const next = await t.client.request(
      `query($after: String) { districts(first: 5, after: $after) { edges { node { code } } pageInfo { hasNextPage } } }`,
      { after: districts.data!.districts.pageInfo.endCursor },
      { token: operator },
    );
    expect(next.data!.districts).toEqual({
      edges: [{ node: { code: districts.data!.districts.edges[0].node.code === 'pl' ? 'pl-new' : 'pl' } }],
      pageInfo: { hasNextPage: false },
    });
  });

  it('refuses bad district input with userErrors and stores nothing', async () => {
    const before = await t.sql(`select count(*)::int n from districts`);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ code: 'pl' }, 'DUPLICATE', 'code'],
      [{ code: 'has space' }, 'INVALID', 'code'],
      [{ timezone: 'Mars/Olympus' }, 'INVALID', 'timezone'],
      [{ adminPassword: 'short' }, 'INVALID', 'adminPassword'],
      [{ adminEmail: d.emails.admin }, 'DUPLICATE', 'adminEmail'],
      [{ name: '  ' }, 'INVALID', 'name'],
    ];
    for (const [change, code, field] of cases) {
      const input = { name: '坏区', code: 'pl-bad', adminEmail: 'bad@pl.test', adminPassword: PASSWORD, ...change };
      const result = await t.client.request(CREATE_DISTRICT, { input }, { token: operator, language: 'en' });
      expect({
        change,
        errors: result.data!.createDistrict.userErrors.map((error: { code: string; field: string[] }) => [
          error.code,
          error.field,
        ]),
      }).toEqual({ change, errors: [[code, ['input', field]]] });
    }
    expect(await t.sql(`select count(*)::int n from districts`)).toEqual(before);
  });

  it('reads and writes no district data', async () => {
    const district = await t.client.request(`{ district { id name } }`, {}, { token: operator });
    expect(district.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(district.data?.district ?? null).toBeNull();
    const courtyards = await t.client.request(`{ courtyards { totalCount } }`, {}, { token: operator });
    expect(courtyards.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const id of [d.id, ...d.streets, ...d.communities, ...d.courtyards, ...d.households]) {
      const node = await t.client.request(`query($id: ID!) { node(id: $id) { id } }`, { id }, { token: operator });
      expect({ id, node: node.data?.node }).toEqual({ id, node: null });
    }
    const street = await t.client.request(CREATE_STREET, { input: { name: 'x', code: 'x' } }, { token: operator });
    expect(street.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const users = await t.client.request(`{ users { totalCount } }`, {}, { token: operator });
    expect(users.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('district users cannot create districts or list them', async () => {
    const result = await t.client.request(
      CREATE_DISTRICT,
      { input: { name: 'x', code: 'pl-x', adminEmail: 'x@pl.test', adminPassword: PASSWORD } },
      { token: d.tokens.admin },
    );
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const list = await t.client.request(`{ districts { totalCount } }`, {}, { token: d.tokens.admin });
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
