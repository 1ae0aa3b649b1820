import { PersonalDataCipher } from '@xiaoyuan/schema';
import {
  CREATE_COMMUNITY,
  CREATE_COURTYARD,
  CREATE_STREET,
  DISTRICT_TREE,
  REGISTER_HOUSEHOLDS,
} from './helpers/documents';
import { createDistrictFixture, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

const HOUSEHOLDS = `query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Courtyard {
  households(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id code areaSqm contactName contactPhone courtyard { id } } } } } } }`;
const COURTYARDS = `query Courtyards($filter: CourtyardFilter, $first: Int, $after: String) {
  courtyards(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name code type householdCount enrolledOn batch committeeElectedOn demonstrationSince institutions { kind adoptedOn } address community { id name street { id name } } street { id } } } }
}`;

describe('hierarchy', () => {
  let t: TestApp;
  let d: DistrictFixture;
  const counts = () =>
    t.sql(
      `select (select count(*) from streets)::int s, (select count(*) from communities)::int c, (select count(*) from courtyards)::int y, (select count(*) from households)::int h`,
    );
  const errorsOf = (payload: { userErrors: { code: string; field: string[] | null }[] }) =>
    payload.userErrors.map((error) => [error.code, error.field]);

  beforeAll(async () => {
    t = await startTestApp();
    d = await createDistrictFixture(t.client, 'hi');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers DistrictTree with nested pages and counts, in few queries', async () => {
    const knex = t.app.services.orm.em.getConnection().getKnex();
    let queries = 0;
    const count = () => queries++;
    knex.on('query', count);
    const all = await t.client.request(DISTRICT_TREE, { first: 100 }, { token: d.tokens.admin });
    knex.off('query', count);
    expect(all.errors).toBeUndefined();
    // begin, scope, caller, district, streets + count, communities + count, courtyards + count, commit: not one per parent
    expect(queries).toBeGreaterThan(3);
    expect(queries).toBeLessThanOrEqual(12);
    const result = await t.client.request(DISTRICT_TREE, { first: 1 }, { token: d.tokens.admin });
    expect(result.errors).toBeUndefined();
    const streets = result.data!.district.streets;
    expect(streets.totalCount).toBe(2);
    expect(streets.pageInfo.hasNextPage).toBe(true);
    expect(
      streets.edges[0].node.communities.edges.map(
        (edge: { node: { courtyards: { totalCount: number } } }) => edge.node.courtyards.totalCount,
      ),
    ).toEqual([2, 1]);
    const next = await t.client.request(
      DISTRICT_TREE,
      { first: 1, after: streets.pageInfo.endCursor },
      { token: d.tokens.admin },
    );
    expect(next.data!.district.streets.edges[0].node.id).toBe(d.streets[1]);
    expect(next.data!.district.streets.pageInfo.hasNextPage).toBe(false);
  });

  it('filters courtyards by street, community, type, enrolment and search (escaped)', async () => {
    const ids = async (filter: Record<string, unknown>) =>
      (await t.client.request(COURTYARDS, { filter }, { token: d.tokens.admin })).data!.courtyards.edges.map(
        (edge: { node: { id: string } }) => edge.node.id,
      );
    expect(await ids({ streetId: d.streets[0] })).toEqual(d.courtyards.slice(0, 3));
    expect(await ids({ communityId: d.communities[2] })).toEqual([d.courtyards[3]]);
    expect(await ids({ type: 'OTHER' })).toEqual([]);
    expect(await ids({ search: 'Y4' })).toEqual([d.courtyards[3]]);
    expect(await ids({ search: '小院 2' })).toEqual([d.courtyards[1]]);
    expect(await ids({ search: '%' })).toEqual([]);
    expect(await ids({ search: '_' })).toEqual([]);
    expect(await ids({ enrolled: true })).toEqual([]);
    expect((await ids({ enrolled: false })).length).toBe(4);

    // enrolment, election, designation and institutions come from their own tables
    const [row] = await t.sql<{ tenant_id: string; id: string }>(
      `select tenant_id, id from courtyards where code = 'hi-Y1'`,
    );
    const [plan] = await t.sql<{ id: string }>(
      `insert into rollout_plans (tenant_id, name, starts_on) values ($1, '计划', '2026-01-01') returning id`,
      [row.tenant_id],
    );
    await t.sql(
      `insert into enrollments (tenant_id, plan_id, courtyard_id, batch, enrolled_on) values ($1, $2, $3, 1, '2026-02-01')`,
      [row.tenant_id, plan.id, row.id],
    );
    await t.sql(
      `insert into committee_elections (tenant_id, courtyard_id, elected_on) values ($1, $2, '2026-03-01'), ($1, $2, '2026-04-15')`,
      [row.tenant_id, row.id],
    );
    await t.sql(
      `insert into demonstration_designations (tenant_id, courtyard_id, since) values ($1, $2, '2026-05-01')`,
      [row.tenant_id, row.id],
    );
    await t.sql(
      `insert into institutions (tenant_id, courtyard_id, kind, adopted_on) values ($1, $2, 'CONVENTION', '2026-03-10')`,
      [row.tenant_id, row.id],
    );
    expect(await ids({ enrolled: true })).toEqual([d.courtyards[0]]);
    const enrolled = (await t.client.request(COURTYARDS, { filter: { enrolled: true } }, { token: d.tokens.viewer }))
      .data!.courtyards.edges[0].node;
    expect(enrolled).toMatchObject({
      enrolledOn: '2026-02-01',
      batch: 1,
      committeeElectedOn: '2026-04-15',
      demonstrationSince: '2026-05-01',
      institutions: [{ kind: 'CONVENTION', adoptedOn: '2026-03-10' }],
      address: 'hi 路 1 号',
      community: { id: d.communities[0], street: { id: d.streets[0] } },
      street: { id: d.streets[0] },
    });
    const other = (
      await t.client.request(COURTYARDS, { filter: { enrolled: false }, first: 1 }, { token: d.tokens.admin })
    ).data!.courtyards;
    expect(other.edges[0].node).toMatchObject({
      enrolledOn: null,
      batch: null,
      committeeElectedOn: null,
      institutions: [],
    });
    expect(other.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses bad input with userErrors, naming the field, and stores nothing', async () => {
    const before = await counts();
    const admin = d.tokens.admin;
    const dupStreet = await t.client.request(CREATE_STREET, { input: { name: 'x', code: 'hi-S1' } }, { token: admin });
    expect(errorsOf(dupStreet.data!.createStreet)).toEqual([['DUPLICATE', ['input', 'code']]]);
    expect(dupStreet.data!.createStreet.userErrors[0].message).toBe('编码“hi-S1”已存在');
    const dupEn = await t.client.request(
      CREATE_STREET,
      { input: { name: 'x', code: 'hi-S1' } },
      { token: admin, language: 'en' },
    );
    expect(dupEn.data!.createStreet.userErrors[0].message).toBe('The code "hi-S1" already exists');
    const negative = await t.client.request(
      CREATE_COURTYARD,
      { input: { communityId: d.communities[0], name: 'x', code: 'hi-Y9', type: 'OTHER', householdCount: -1 } },
      { token: admin },
    );
    expect(errorsOf(negative.data!.createCourtyard)).toEqual([['INVALID', ['input', 'householdCount']]]);
    const badCode = await t.client.request(
      CREATE_COMMUNITY,
      { input: { streetId: d.streets[0], name: '', code: 'a b' } },
      { token: admin },
    );
    expect(errorsOf(badCode.data!.createCommunity)).toEqual([
      ['INVALID', ['input', 'name']],
      ['INVALID', ['input', 'code']],
    ]);
    const unknown = await t.client.request(
      CREATE_COMMUNITY,
      { input: { streetId: 'bm90LWFuLWlk', name: 'x', code: 'x' } },
      { token: admin },
    );
    expect(errorsOf(unknown.data!.createCommunity)).toEqual([['NOT_FOUND', ['input', 'streetId']]]);
    const wrongType = await t.client.request(
      CREATE_COMMUNITY,
      { input: { streetId: d.communities[0], name: 'x', code: 'x' } },
      { token: admin },
    );
    expect(errorsOf(wrongType.data!.createCommunity)).toEqual([['NOT_FOUND', ['input', 'streetId']]]);

    // registerHouseholds is all or nothing
    const households = [
      { code: '5-1', areaSqm: 50 },
      { code: '5-2' },
      { code: '5-3', areaSqm: -2 },
      { code: '5-1' },
      { code: '1-101' },
    ];
    const register = await t.client.request(
      REGISTER_HOUSEHOLDS,
      { input: { courtyardId: d.courtyards[0], households } },
      { token: admin },
    );
    expect(register.data!.registerHouseholds.households).toEqual([]);
    expect(errorsOf(register.data!.registerHouseholds)).toEqual([
      ['INVALID', ['input', 'households', '2', 'areaSqm']],
      ['DUPLICATE', ['input', 'households', '3', 'code']],
      ['DUPLICATE', ['input', 'households', '4', 'code']],
    ]);
    const empty = await t.client.request(
      REGISTER_HOUSEHOLDS,
      { input: { courtyardId: d.courtyards[0], households: [] } },
      { token: admin },
    );
    expect(errorsOf(empty.data!.registerHouseholds)).toEqual([['INVALID', ['input', 'households']]]);
    expect(await counts()).toEqual(before);

    // updates validate the same way
    const update = await t.client.request(
      `mutation($input: UpdateCourtyardInput!) { updateCourtyard(input: $input) { courtyard { id } userErrors { code field } } }`,
      { input: { id: d.courtyards[0], code: 'hi-Y2', householdCount: -5 } },
      { token: admin },
    );
    expect(errorsOf(update.data!.updateCourtyard)).toEqual([
      ['DUPLICATE', ['input', 'code']],
      ['INVALID', ['input', 'householdCount']],
    ]);
    const [row] = await t.sql(`select code, household_count from courtyards where code = 'hi-Y1'`);
    expect(row).toEqual({ code: 'hi-Y1', household_count: 10 });
  });

  it('updates a courtyard and reports its new values', async () => {
    const update = await t.client.request(
      `mutation($input: UpdateCourtyardInput!) { updateCourtyard(input: $input) { courtyard { id name code type householdCount address community { id } } userErrors { code } } }`,
      {
        input: { id: d.courtyards[3], name: '新名字', type: 'WORK_UNIT_DORMITORY', householdCount: 42, address: null },
      },
      { token: d.tokens.admin },
    );
    expect(update.data!.updateCourtyard).toEqual({
      userErrors: [],
      courtyard: {
        id: d.courtyards[3],
        name: '新名字',
        code: 'hi-Y4',
        type: 'WORK_UNIT_DORMITORY',
        householdCount: 42,
        address: null,
        community: { id: d.communities[2] },
      },
    });
  });

  it('encrypts contacts at rest, shows them to the district admin and masks them for the viewer', async () => {
    const rows = await t.sql<{ contact_name_enc: string; contact_phone_enc: string }>(
      `select contact_name_enc, contact_phone_enc from households where code = '1-101'`,
    );
    expect(rows[0].contact_phone_enc).not.toContain('13812345678');
    expect(rows[0].contact_name_enc).not.toContain('张三');
    expect(new PersonalDataCipher(t.env.dataEncryptionKey).decrypt(rows[0].contact_phone_enc)).toBe('13812345678');

    const plain = await t.client.request(HOUSEHOLDS, { id: d.courtyards[0] }, { token: d.tokens.admin });
    expect(plain.data!.node.households.edges[0].node).toMatchObject({
      code: '1-101',
      areaSqm: 80.5,
      contactName: '张三',
      contactPhone: '13812345678',
      courtyard: { id: d.courtyards[0] },
    });
    const masked = await t.client.request(HOUSEHOLDS, { id: d.courtyards[0] }, { token: d.tokens.viewer });
    expect(masked.data!.node.households.edges[0].node).toMatchObject({
      contactName: '张*',
      contactPhone: '138****5678',
    });
    const committee = await t.client.request(
      HOUSEHOLDS,
      { id: d.courtyards[0] },
      { token: d.tokens.courtyardCommittee },
    );
    expect(committee.data!.node.households.edges[0].node.contactPhone).toBe('13812345678');
    const node = await t.client.request(
      `query($id: ID!) { node(id: $id) { __typename ... on Household { code contactPhone } } }`,
      { id: d.households[0] },
      { token: d.tokens.viewer },
    );
    expect(node.data!.node).toEqual({ __typename: 'Household', code: '1-101', contactPhone: '138****5678' });
    const page = await t.client.request(HOUSEHOLDS, { id: d.courtyards[0], first: 1 }, { token: d.tokens.admin });
    const rest = await t.client.request(
      HOUSEHOLDS,
      { id: d.courtyards[0], first: 1, after: page.data!.node.households.pageInfo.endCursor },
      { token: d.tokens.admin },
    );
    expect(rest.data!.node.households.edges.map((edge: { node: { code: string } }) => edge.node.code)).toEqual([
      '1-102',
    ]);
  });

  it('refuses first above 100 or below 0, bad cursors, over-deep and too costly queries with coded errors', async () => {
    const admin = d.tokens.admin;
    for (const first of [101, -1]) {
      const result = await t.client.request(COURTYARDS, { first }, { token: admin });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.status).toBe(400);
      expect(result.data ?? null).toBeNull();
    }
    const literal = await t.client.request(`{ courtyards(first: 101) { totalCount } }`, {}, { token: admin });
    expect(literal.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(literal.status).toBe(400);
    const cursor = await t.client.request(COURTYARDS, { after: 'garbage' }, { token: admin });
    expect(cursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const deep = await t.client.request(
      `query($id: ID!) { node(id: $id) { ... on Courtyard { community { street { communities { edges { node { courtyards { edges { node { community { street { communities { edges { node { id } } } } } } } } } } } } } } } }`,
      { id: d.courtyards[0] },
      { token: admin },
    );
    expect(deep.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(deep.errors?.[0].message).toMatch(/nested \d+ levels deep; at most 12/);
    const costly = await t.client.request(
      `{ district { streets(first: 100) { edges { node { communities(first: 100) { edges { node { courtyards(first: 100) { edges { node { households(first: 100) { totalCount } } } } } } } } } } } }`,
      {},
      { token: admin },
    );
    expect(costly.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(costly.errors?.[0].message).toMatch(/at most/);
    expect([deep.status, costly.status]).toEqual([400, 400]);
    const filter = await t.client.request(COURTYARDS, { filter: { streetId: 'garbage' } }, { token: admin });
    expect(filter.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('writes an audit entry for every mutation, with its outcome', async () => {
    const before = (await t.sql<{ n: number }>(`select count(*)::int n from audit_log`))[0].n;
    await t.client.request(CREATE_STREET, { input: { name: '审计街道', code: 'hi-S7' } }, { token: d.tokens.admin });
    await t.client.request(CREATE_STREET, { input: { name: '审计街道', code: 'hi-S7' } }, { token: d.tokens.admin });
    const rows = await t.sql<{
      operation: string;
      actor_kind: string;
      target_type: string;
      detail: { ok: boolean; userErrors?: string[] };
    }>(`select operation, actor_kind, target_type, detail from audit_log order by at desc limit 2`);
    expect((await t.sql<{ n: number }>(`select count(*)::int n from audit_log`))[0].n).toBe(before + 2);
    expect(rows.map((row) => [row.operation, row.actor_kind, row.detail.ok, row.detail.userErrors ?? null])).toEqual([
      ['createStreet', 'USER', false, ['DUPLICATE']],
      ['createStreet', 'USER', true, null],
    ]);
    const kinds = await t.sql<{ operation: string }>(`select distinct operation from audit_log order by 1`);
    expect(kinds.map((row) => row.operation)).toEqual(
      expect.arrayContaining([
        'createCommunity',
        'createCourtyard',
        'createDistrict',
        'createStreet',
        'createUser',
        'login',
        'registerHouseholds',
        'updateCourtyard',
      ]),
    );
  });
});
