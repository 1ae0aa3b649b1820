import { fromGlobalId } from '@xiaoyuan/schema';
import {
  CREATE_COMMUNITY,
  CREATE_COURTYARD,
  CREATE_DISTRICT,
  CREATE_STREET,
  CREATE_USER,
  REGISTER_HOUSEHOLDS,
} from './documents';
import { PLATFORM_EMAIL, PLATFORM_PASSWORD, type GraphqlClient } from './test-app';

/** The row id (uuid) of a global id. */
export const rowId = (globalId: string) => fromGlobalId(globalId)!.id;

// A district with a small hierarchy and one user of each role, built through the API itself.

export const PASSWORD = 'correct-horse-battery';

export interface DistrictFixture {
  id: string;
  code: string;
  tokens: { admin: string; streetOfficer: string; communityWorker: string; courtyardCommittee: string; viewer: string };
  emails: { admin: string; streetOfficer: string; communityWorker: string; courtyardCommittee: string; viewer: string };
  /** street 1 holds community 1 (courtyards 1 and 2) and community 2 (courtyard 3); street 2 holds community 3 (courtyard 4) */
  streets: string[];
  communities: string[];
  courtyards: string[];
  households: string[];
}

async function ok<T = any>(
  client: GraphqlClient,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  key: string,
): Promise<T> {
  const result = await client.request(query, variables, { token });
  const payload = result.data?.[key];
  if (!payload || payload.userErrors?.length) throw new Error(`${key} failed: ${JSON.stringify(result)}`);
  return payload as T;
}

export async function platformToken(client: GraphqlClient): Promise<string> {
  return client.login(PLATFORM_EMAIL, PLATFORM_PASSWORD);
}

export async function createDistrictFixture(client: GraphqlClient, code: string): Promise<DistrictFixture> {
  const operator = await platformToken(client);
  const adminEmail = `admin@${code}.test`;
  const { district } = await ok(
    client,
    operator,
    CREATE_DISTRICT,
    { input: { name: `${code} 区`, code, adminEmail, adminPassword: PASSWORD } },
    'createDistrict',
  );
  const admin = await client.login(adminEmail, PASSWORD);

  const streets: string[] = [];
  for (const n of [1, 2]) {
    streets.push(
      (
        await ok(
          client,
          admin,
          CREATE_STREET,
          { input: { name: `${code} 街道 ${n}`, code: `${code}-S${n}` } },
          'createStreet',
        )
      ).street.id,
    );
  }
  const communities: string[] = [];
  for (const [n, street] of [
    [1, streets[0]],
    [2, streets[0]],
    [3, streets[1]],
  ] as const) {
    communities.push(
      (
        await ok(
          client,
          admin,
          CREATE_COMMUNITY,
          { input: { streetId: street, name: `${code} 社区 ${n}`, code: `${code}-C${n}` } },
          'createCommunity',
        )
      ).community.id,
    );
  }
  const courtyards: string[] = [];
  for (const [n, community] of [
    [1, communities[0]],
    [2, communities[0]],
    [3, communities[1]],
    [4, communities[2]],
  ] as const) {
    courtyards.push(
      (
        await ok(
          client,
          admin,
          CREATE_COURTYARD,
          {
            input: {
              communityId: community,
              name: `${code} 小院 ${n}`,
              code: `${code}-Y${n}`,
              type: 'OLD_COMPOUND',
              householdCount: 10 * n,
              address: `${code} 路 ${n} 号`,
            },
          },
          'createCourtyard',
        )
      ).courtyard.id,
    );
  }
  const { households } = await ok(
    client,
    admin,
    REGISTER_HOUSEHOLDS,
    {
      input: {
        courtyardId: courtyards[0],
        households: [
          { code: '1-101', areaSqm: 80.5, contactName: '张三', contactPhone: '13812345678' },
          { code: '1-102' },
        ],
      },
    },
    'registerHouseholds',
  );

  const users = {
    streetOfficer: { role: 'STREET_OFFICER', scopeId: streets[0] },
    communityWorker: { role: 'COMMUNITY_WORKER', scopeId: communities[0] },
    courtyardCommittee: { role: 'COURTYARD_COMMITTEE', scopeId: courtyards[0] },
    viewer: { role: 'VIEWER', scopeId: null },
  } as const;
  const emails = { admin: adminEmail } as DistrictFixture['emails'];
  const tokens = { admin } as DistrictFixture['tokens'];
  for (const [key, user] of Object.entries(users) as [keyof typeof users, (typeof users)[keyof typeof users]][]) {
    const email = `${key.toLowerCase()}@${code}.test`;
    await ok(
      client,
      admin,
      CREATE_USER,
      { input: { email, password: PASSWORD, displayName: key, role: user.role, scopeId: user.scopeId } },
      'createUser',
    );
    emails[key] = email;
    tokens[key] = await client.login(email, PASSWORD);
  }
  return {
    id: district.id,
    code,
    tokens,
    emails,
    streets,
    communities,
    courtyards,
    households: households.map((h: { id: string }) => h.id),
  };
}
