import { CREATE_COMMUNITY, CREATE_COURTYARD, CREATE_STREET, REGISTER_HOUSEHOLDS } from './helpers/documents';
import { createDistrictFixture, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

// Scoped roles stay inside their subtree, for reads and for writes (DOMAIN.md §8).

const NODE = `query($id: ID!) { node(id: $id) { id __typename } }`;
const COURTYARD_IDS = `{ courtyards(first: 100) { totalCount edges { node { id } } } }`;
const STREETS = `{ district { id streets(first: 100) { totalCount edges { node { id communityCount communities(first: 100) { edges { node { id courtyardCount } } } } } } } }`;
const UPDATE_COURTYARD = `mutation($input: UpdateCourtyardInput!) { updateCourtyard(input: $input) { courtyard { id name } userErrors { field code } } }`;
const UPDATE_STREET = `mutation($input: UpdateStreetInput!) { updateStreet(input: $input) { street { id name } userErrors { field code } } }`;

describe('roles and scopes', () => {
  let t: TestApp;
  let d: DistrictFixture;

  beforeAll(async () => {
    t = await startTestApp();
    d = await createDistrictFixture(t.client, 'sc');
  });
  afterAll(async () => {
    await t?.close();
  });

  const codes = (payload: { userErrors: { code: string }[] }) => payload.userErrors.map((error) => error.code);
  const readable = async (token: string, ids: string[]) => {
    const visible: string[] = [];
    for (const id of ids) if ((await t.client.request(NODE, { id }, { token })).data?.node) visible.push(id);
    return visible;
  };

  it('each role reads its subtree (and the ancestors of its unit) only', async () => {
    const all = [...d.streets, ...d.communities, ...d.courtyards];
    const expected = {
      admin: all,
      viewer: all,
      streetOfficer: [
        d.streets[0],
        d.communities[0],
        d.communities[1],
        d.courtyards[0],
        d.courtyards[1],
        d.courtyards[2],
      ],
      communityWorker: [d.streets[0], d.communities[0], d.courtyards[0], d.courtyards[1]],
      courtyardCommittee: [d.streets[0], d.communities[0], d.courtyards[0]],
    };
    for (const [role, ids] of Object.entries(expected) as [keyof DistrictFixture['tokens'], string[]][]) {
      expect({ role, visible: await readable(d.tokens[role], all) }).toEqual({ role, visible: ids });
      const list = await t.client.request(COURTYARD_IDS, {}, { token: d.tokens[role] });
      expect({
        role,
        list: list.data!.courtyards.edges.map((edge: { node: { id: string } }) => edge.node.id).sort(),
      }).toEqual({
        role,
        list: ids.filter((id) => d.courtyards.includes(id)).sort(),
      });
      expect(list.data!.courtyards.totalCount).toBe(ids.filter((id) => d.courtyards.includes(id)).length);
    }
    const tree = await t.client.request(STREETS, {}, { token: d.tokens.communityWorker });
    expect(tree.data!.district.streets).toMatchObject({
      totalCount: 1,
      edges: [
        {
          node: {
            id: d.streets[0],
            communityCount: 1,
            communities: { edges: [{ node: { id: d.communities[0], courtyardCount: 2 } }] },
          },
        },
      ],
    });
  });

  it('street officers create communities in their street only; streets are the district admin’s', async () => {
    const officer = d.tokens.streetOfficer;
    expect(
      codes(
        (await t.client.request(CREATE_STREET, { input: { name: 'x', code: 'sc-S9' } }, { token: officer })).data!
          .createStreet,
      ),
    ).toEqual(['FORBIDDEN']);
    const own = await t.client.request(
      CREATE_COMMUNITY,
      { input: { streetId: d.streets[0], name: '新社区', code: 'sc-C9' } },
      { token: officer },
    );
    expect(own.data!.createCommunity.userErrors).toEqual([]);
    const other = await t.client.request(
      CREATE_COMMUNITY,
      { input: { streetId: d.streets[1], name: '别的', code: 'sc-C8' } },
      { token: officer },
    );
    expect(codes(other.data!.createCommunity)).toEqual(['FORBIDDEN']);
    expect(
      codes(
        (await t.client.request(UPDATE_STREET, { input: { id: d.streets[1], name: 'x' } }, { token: officer })).data!
          .updateStreet,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      (await t.client.request(UPDATE_STREET, { input: { id: d.streets[0], name: '改名街道' } }, { token: officer }))
        .data!.updateStreet.userErrors,
    ).toEqual([]);
  });

  it('community workers create courtyards in their community only, and no communities', async () => {
    const worker = d.tokens.communityWorker;
    const input = (communityId: string, code: string) => ({
      input: { communityId, name: '新小院', code, type: 'COMMERCIAL_HOUSING', householdCount: 5 },
    });
    expect(
      (await t.client.request(CREATE_COURTYARD, input(d.communities[0], 'sc-Y9'), { token: worker })).data!
        .createCourtyard.userErrors,
    ).toEqual([]);
    expect(
      codes(
        (await t.client.request(CREATE_COURTYARD, input(d.communities[1], 'sc-Y8'), { token: worker })).data!
          .createCourtyard,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        (
          await t.client.request(
            CREATE_COMMUNITY,
            { input: { streetId: d.streets[0], name: 'x', code: 'sc-C7' } },
            { token: worker },
          )
        ).data!.createCommunity,
      ),
    ).toEqual(['FORBIDDEN']);
  });

  it('courtyard committees register households in their courtyard only', async () => {
    const committee = d.tokens.courtyardCommittee;
    const own = await t.client.request(
      REGISTER_HOUSEHOLDS,
      { input: { courtyardId: d.courtyards[0], households: [{ code: '2-201' }] } },
      { token: committee },
    );
    expect(own.data!.registerHouseholds.userErrors).toEqual([]);
    const other = await t.client.request(
      REGISTER_HOUSEHOLDS,
      { input: { courtyardId: d.courtyards[1], households: [{ code: '2-201' }] } },
      { token: committee },
    );
    expect(codes(other.data!.registerHouseholds)).toEqual(['FORBIDDEN']);
    expect(
      codes(
        (await t.client.request(UPDATE_COURTYARD, { input: { id: d.courtyards[3], name: 'x' } }, { token: committee }))
          .data!.updateCourtyard,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        (
          await t.client.request(
            CREATE_COURTYARD,
            { input: { communityId: d.communities[0], name: 'x', code: 'sc-Y7', type: 'OTHER', householdCount: 1 } },
            { token: committee },
          )
        ).data!.createCourtyard,
      ),
    ).toEqual(['FORBIDDEN']);
  });

  it('viewers read everything and write nothing', async () => {
    const viewer = d.tokens.viewer;
    const before = await t.sql(
      `select (select count(*) from streets)::int s, (select count(*) from communities)::int c, (select count(*) from courtyards)::int y, (select count(*) from households)::int h`,
    );
    expect(
      codes(
        (await t.client.request(CREATE_STREET, { input: { name: 'x', code: 'sc-S8' } }, { token: viewer })).data!
          .createStreet,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        (
          await t.client.request(
            CREATE_COMMUNITY,
            { input: { streetId: d.streets[0], name: 'x', code: 'sc-C6' } },
            { token: viewer },
          )
        ).data!.createCommunity,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        (
          await t.client.request(
            CREATE_COURTYARD,
            { input: { communityId: d.communities[0], name: 'x', code: 'sc-Y6', type: 'OTHER', householdCount: 1 } },
            { token: viewer },
          )
        ).data!.createCourtyard,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        (
          await t.client.request(
            REGISTER_HOUSEHOLDS,
            { input: { courtyardId: d.courtyards[0], households: [{ code: '9-9' }] } },
            { token: viewer },
          )
        ).data!.registerHouseholds,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        (
          await t.client.request(
            UPDATE_COURTYARD,
            { input: { id: d.courtyards[0], householdCount: 1 } },
            { token: viewer },
          )
        ).data!.updateCourtyard,
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      await t.sql(
        `select (select count(*) from streets)::int s, (select count(*) from communities)::int c, (select count(*) from courtyards)::int y, (select count(*) from households)::int h`,
      ),
    ).toEqual(before);
    const users = await t.client.request(`{ users { totalCount } }`, {}, { token: viewer });
    expect(users.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('the district admin lists users with their scope', async () => {
    const users = await t.client.request(
      `{ users(first: 10) { totalCount edges { node { email role scope { __typename ... on Street { id } } } } } }`,
      {},
      { token: d.tokens.admin },
    );
    expect(users.errors).toBeUndefined();
    expect(users.data!.users.totalCount).toBe(5);
    expect(users.data!.users.edges).toContainEqual({
      node: {
        email: d.emails.streetOfficer,
        role: 'STREET_OFFICER',
        scope: { __typename: 'Street', id: d.streets[0] },
      },
    });
  });
});
