import { toGlobalId } from '@xiaoyuan/schema';
import {
  CREATE_COMMUNITY,
  CREATE_COURTYARD,
  CREATE_STREET,
  CREATE_USER,
  DISTRICT_TREE,
  REGISTER_HOUSEHOLDS,
} from './helpers/documents';
import { createDistrictFixture, PASSWORD, type DistrictFixture } from './helpers/fixtures';
import { expectNoNode } from './helpers/expectations';
import { startTestApp, type TestApp } from './helpers/test-app';

// Every operation of contract files 01 and 02, run by district A's users with district B's ids:
// NOT_FOUND or FORBIDDEN, and nothing of B in the answer.

const COURTYARDS = `query Courtyards($filter: CourtyardFilter, $first: Int, $after: String) {
  courtyards(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name code type householdCount enrolledOn batch community { id name street { id name } } } } }
}`;
const NODE = `query Node($id: ID!) { node(id: $id) { id __typename ... on Courtyard { name code householdCount } ... on Community { name } ... on Street { name } } }`;
const ME = `query Me { me { id email displayName role district { id name code timezone } } }`;

describe('isolation between districts through the API', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let b: DistrictFixture;
  let bIds: string[];

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'isoa');
    b = await createDistrictFixture(t.client, 'isob');
    bIds = [b.id, ...b.streets, ...b.communities, ...b.courtyards, ...b.households];
    const [bAdmin] = await t.sql<{ id: string }>(`select id from users where email = $1`, [b.emails.admin]);
    bIds.push(toGlobalId('User', bAdmin.id));
  });
  afterAll(async () => {
    await t?.close();
  });

  const roles = ['admin', 'streetOfficer', 'communityWorker', 'courtyardCommittee', 'viewer'] as const;
  const leaks = (value: unknown) => {
    const text = JSON.stringify(value);
    return [...bIds, 'isob'].filter((id) => text.includes(id));
  };

  it('DistrictTree, Courtyards and Me show only A', async () => {
    for (const role of roles) {
      const token = a.tokens[role];
      for (const [query, variables] of [
        [DISTRICT_TREE, { first: 100 }],
        [COURTYARDS, { first: 100 }],
        [COURTYARDS, { filter: { streetId: b.streets[0] } }],
        [COURTYARDS, { filter: { communityId: b.communities[0] } }],
        [COURTYARDS, { filter: { search: 'isob' } }],
        [ME, {}],
      ] as const) {
        const result = await t.client.request(query, variables, { token });
        expect({ role, query: query.slice(0, 20), errors: result.errors }).toEqual({
          role,
          query: query.slice(0, 20),
          errors: undefined,
        });
        expect(leaks(result.data)).toEqual([]);
      }
      const filtered = await t.client.request(COURTYARDS, { filter: { streetId: b.streets[0] } }, { token });
      expect(filtered.data!.courtyards).toMatchObject({ totalCount: 0, edges: [] });
    }
  });

  it('Node of any B id is null', async () => {
    for (const role of roles) {
      for (const id of bIds) {
        await expectNoNode(t.client, NODE, { id, role, token: a.tokens[role] });
      }
    }
  });

  it('mutations with B ids answer NOT_FOUND and store nothing', async () => {
    const counts = async () =>
      t.sql(`select (select count(*) from streets)::int s, (select count(*) from communities)::int c, (select count(*) from courtyards)::int y,
                    (select count(*) from households)::int h, (select count(*) from users)::int u, (select count(*) from user_logins)::int l`);
    const before = await counts();
    for (const role of roles) {
      const token = a.tokens[role];
      const attempts: [string, Record<string, unknown>, string][] = [
        [CREATE_COMMUNITY, { streetId: b.streets[0], name: 'x', code: 'x-leak' }, 'createCommunity'],
        [
          CREATE_COURTYARD,
          { communityId: b.communities[0], name: 'x', code: 'x-leak', type: 'OTHER', householdCount: 1 },
          'createCourtyard',
        ],
        [REGISTER_HOUSEHOLDS, { courtyardId: b.courtyards[0], households: [{ code: 'leak' }] }, 'registerHouseholds'],
        [
          `mutation($input: UpdateStreetInput!) { updateStreet(input: $input) { street { id name } userErrors { field code message } } }`,
          { id: b.streets[0], name: 'hacked' },
          'updateStreet',
        ],
        [
          `mutation($input: UpdateCommunityInput!) { updateCommunity(input: $input) { community { id name } userErrors { field code message } } }`,
          { id: b.communities[0], name: 'hacked' },
          'updateCommunity',
        ],
        [
          `mutation($input: UpdateCourtyardInput!) { updateCourtyard(input: $input) { courtyard { id name } userErrors { field code message } } }`,
          { id: b.courtyards[0], householdCount: 1 },
          'updateCourtyard',
        ],
      ];
      for (const [query, input, key] of attempts) {
        const result = await t.client.request(query, { input }, { token });
        expect(result.errors).toBeUndefined();
        const payload = result.data![key];
        expect({ role, key, codes: payload.userErrors.map((error: { code: string }) => error.code) }).toEqual({
          role,
          key,
          codes: ['NOT_FOUND'],
        });
        expect(leaks(payload)).toEqual([]);
      }
    }
    // createUser scoped to B's units: NOT_FOUND
    for (const scopeId of [b.streets[0]]) {
      const result = await t.client.request(
        CREATE_USER,
        { input: { email: 'leak@isoa.test', password: PASSWORD, displayName: 'x', role: 'STREET_OFFICER', scopeId } },
        { token: a.tokens.admin },
      );
      expect(result.data!.createUser.userErrors.map((error: { code: string }) => error.code)).toEqual(['NOT_FOUND']);
    }
    // createStreet cannot reach B (the tenant comes from the token): it lands in A
    const street = await t.client.request(
      CREATE_STREET,
      { input: { name: 'A 新街道', code: 'isoa-S9' } },
      { token: a.tokens.admin },
    );
    const [row] = await t.sql<{ tenant_id: string }>(`select tenant_id from streets where code = 'isoa-S9'`);
    expect(toGlobalId('District', row.tenant_id)).toBe(a.id);
    expect(street.data!.createStreet.userErrors).toEqual([]);
    await t.sql(`delete from audit_log where target_id = (select id from streets where code = 'isoa-S9')`);
    await t.sql(`delete from streets where code = 'isoa-S9'`);
    expect(await counts()).toEqual(before);
    const [names] = await t.sql(`select count(*)::int n from streets where name = 'hacked'`);
    expect(names.n).toBe(0);
  });

  it('codes may repeat across districts, but not within one', async () => {
    const same = await t.client.request(
      CREATE_STREET,
      { input: { name: '同名', code: 'isob-S1' } },
      { token: a.tokens.admin },
    );
    expect(same.data!.createStreet.userErrors).toEqual([]);
    const again = await t.client.request(
      CREATE_STREET,
      { input: { name: '同名', code: 'isob-S1' } },
      { token: a.tokens.admin },
    );
    expect(again.data!.createStreet.userErrors.map((error: { code: string }) => error.code)).toEqual(['DUPLICATE']);
  });

  it('a header or argument cannot choose the tenant', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.tokens.admin}`, 'x-tenant-id': b.id },
      body: JSON.stringify({ query: '{ district { id } }' }),
    });
    const body = (await response.json()) as { data: { district: { id: string } } };
    expect(body.data.district.id).toBe(a.id);
  });
});
