import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { rowId } from './helpers/fixtures';
import { startSiblingApp } from './helpers/test-app';
import { startTwoDistricts, type TwoDistricts } from './helpers/two-districts';

// Partner API clients and key authentication (DOMAIN.md §10, issue 9).

const CREATE = `mutation($input: CreateApiClientInput!) {
  createApiClient(input: $input) { apiClient { id name scopes createdAt lastUsedAt revokedAt scope { __typename ... on Street { id } } } secret userErrors { field message code } }
}`;
const REVOKE = `mutation($input: RevokeApiClientInput!) {
  revokeApiClient(input: $input) { apiClient { id revokedAt } userErrors { field message code } }
}`;
const LIST = `query($first: Int, $after: String) {
  apiClients(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name scopes createdAt lastUsedAt revokedAt scope { __typename ... on Street { id } ... on Courtyard { id } } } } }
}`;
const DISTRICT_KPIS = `{ district { id kpis(period: "2026-10") { key status } } }`;
const KPI_TREND = `query($id: ID!) { kpiTrend(scopeId: $id, key: SATISFACTION_SCORE, from: "2026-09", to: "2026-10") { period } }`;
const COURTYARDS = `{ courtyards(first: 100) { totalCount edges { node { id } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id __typename } }`;
const HOUSEHOLDS = `query($id: ID!) { node(id: $id) { ... on Courtyard { households(first: 10) { edges { node { code contactName contactPhone } } } } } }`;
/** A courtyard's fields beyond the hierarchy: records and rollout reads (RECORDS_READ). */
const COURTYARD_RECORDS = [
  'households(first: 5) { totalCount }',
  'enrolledOn',
  'committeeElections { electedOn }',
  'proposals(first: 5) { totalCount }',
  'activities(first: 5) { totalCount }',
  'disputes(first: 5) { totalCount }',
  'serviceRequests(first: 5) { totalCount }',
  'idleSpaces(first: 5) { totalCount }',
  'surveySummary(period: "2026-10") { responses }',
];
const courtyardField = (field: string) => `query($id: ID!) { node(id: $id) { ... on Courtyard { ${field} } } }`;
const ALERTS = `{ alerts(first: 10) { totalCount } }`;
const USERS = `{ users(first: 10) { totalCount } }`;
const ME = `{ me { id } }`;

const KEY_SHAPE = /^xyk_[A-Za-z0-9_-]{32,}$/;

describe('API clients and key authentication', () => {
  let two: TwoDistricts;

  beforeAll(async () => {
    two = await startTwoDistricts('pa', 'pb');
  });
  afterAll(async () => {
    await two?.close();
  });

  const request = (query: string, variables: Record<string, unknown>, token: string) =>
    two.t.client.request(query, variables, { token });
  const create = async (input: Record<string, unknown>, token = two.a.tokens.admin) =>
    (await request(CREATE, { input }, token)).data!.createApiClient;
  /** A client of district A, with its key. */
  const client = async (scopes: string[], scopeId: string | null = null) => {
    const payload = await create({ name: `partner ${scopes.join('+')}`, scopes, scopeId });
    expect(payload.userErrors).toEqual([]);
    return { id: payload.apiClient.id as string, key: payload.secret as string };
  };
  const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.[0]?.extensions?.code;

  it('lets the district admin create a client: the key is shown once and only its hash is stored', async () => {
    const payload = await create({ name: '议事厅小程序', scopes: ['RECORDS_WRITE', 'KPI_READ', 'KPI_READ'] });
    expect(payload.userErrors).toEqual([]);
    expect(payload.secret).toMatch(KEY_SHAPE);
    expect(payload.apiClient).toMatchObject({
      name: '议事厅小程序',
      scopes: ['RECORDS_WRITE', 'KPI_READ'],
      lastUsedAt: null,
      revokedAt: null,
      scope: null,
    });
    const [row] = await two.t.sql<{ secret_hash: string; created_by: string }>(
      `select secret_hash, created_by from api_clients where id = $1`,
      [rowId(payload.apiClient.id)],
    );
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.secret_hash).not.toContain(payload.secret.slice(4));

    // never readable again: the type has no such field, and the list does not carry it
    const listed = await request(LIST, {}, two.a.tokens.admin);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.apiClients.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(
      payload.apiClient.id,
    );
    expect(JSON.stringify(listed.data)).not.toContain(payload.secret);
    const asked = await request(
      `{ apiClients(first: 5) { edges { node { secret secretHash } } } }`,
      {},
      two.a.tokens.admin,
    );
    expect(codeOf(asked)).toBe('GRAPHQL_VALIDATION_FAILED');

    const [audit] = await two.t.sql<{ actor_kind: string; target_id: string }>(
      `select actor_kind, target_id from audit_log where operation = 'createApiClient' and target_id = $1`,
      [rowId(payload.apiClient.id)],
    );
    expect(audit).toEqual({ actor_kind: 'USER', target_id: rowId(payload.apiClient.id) });
  });

  it('checks the input: a name, at least one scope, a unit of its own district', async () => {
    const bad = await create({ name: ' ', scopes: [] });
    expect(bad.userErrors.map((error: { field: string[] }) => error.field.join('.')).sort()).toEqual([
      'input.name',
      'input.scopes',
    ]);
    expect(bad.secret).toBeNull();
    const elsewhere = await create({ name: 'x', scopes: ['KPI_READ'], scopeId: two.b.streets[0] });
    expect(elsewhere.userErrors.map((error: { code: string }) => error.code)).toEqual(['NOT_FOUND']);
    const district = await create({ name: 'x', scopes: ['KPI_READ'], scopeId: two.a.id });
    expect(district.userErrors.map((error: { code: string }) => error.code)).toEqual(['INVALID']);
  });

  it('refuses every other role', async () => {
    const { id } = await client(['KPI_READ']);
    for (const role of ['streetOfficer', 'communityWorker', 'courtyardCommittee', 'viewer'] as const) {
      const token = two.a.tokens[role];
      const created = await create({ name: 'x', scopes: ['KPI_READ'] }, token);
      expect({ role, codes: created.userErrors.map((error: { code: string }) => error.code) }).toEqual({
        role,
        codes: ['FORBIDDEN'],
      });
      const revoked = (await request(REVOKE, { input: { apiClientId: id } }, token)).data!.revokeApiClient;
      expect({ role, codes: revoked.userErrors.map((error: { code: string }) => error.code) }).toEqual({
        role,
        codes: ['FORBIDDEN'],
      });
      expect({ role, code: codeOf(await request(LIST, {}, token)) }).toEqual({ role, code: 'FORBIDDEN' });
      expect({ role, node: (await request(NODE, { id }, token)).data?.node }).toEqual({ role, node: null });
    }
    expect(codeOf(await request(LIST, {}, two.b.tokens.admin))).toBeUndefined();
    expect((await request(NODE, { id }, two.b.tokens.admin)).data?.node).toBeNull();
    const otherDistrict = (await request(REVOKE, { input: { apiClientId: id } }, two.b.tokens.admin)).data!
      .revokeApiClient;
    expect(otherDistrict.userErrors.map((error: { code: string }) => error.code)).toEqual(['NOT_FOUND']);
  });

  it('authenticates a key as its client: reads within its scopes, FORBIDDEN outside them', async () => {
    const { id, key } = await client(['KPI_READ']);
    const kpis = await request(DISTRICT_KPIS, {}, key);
    expect(kpis.errors).toBeUndefined();
    expect(kpis.data!.district.id).toBe(two.a.id);
    expect(kpis.data!.district.kpis).toHaveLength(10);
    expect((await request(KPI_TREND, { id: two.a.courtyards[0] }, key)).errors).toBeUndefined();
    expect((await request(COURTYARDS, {}, key)).data!.courtyards.totalCount).toBe(4);

    for (const query of [ALERTS, USERS, ME, LIST])
      expect({ query, code: codeOf(await request(query, {}, key)) }).toEqual({ query, code: 'FORBIDDEN' });
    expect(codeOf(await request(HOUSEHOLDS, { id: two.a.courtyards[0] }, key))).toBe('FORBIDDEN');
    const write = await request(CREATE, { input: { name: 'mine', scopes: ['KPI_READ'] } }, key);
    expect(codeOf(write)).toBe('FORBIDDEN');
    const street = await request(
      `mutation { createStreet(input: { name: "x", code: "pa-SX" }) { street { id } userErrors { code } } }`,
      {},
      key,
    );
    expect(codeOf(street)).toBe('FORBIDDEN');

    // another district's ids: not found, never a hint
    expect((await request(NODE, { id: two.b.courtyards[0] }, key)).data?.node).toBeNull();
    expect(codeOf(await request(KPI_TREND, { id: two.b.courtyards[0] }, key))).toBe('NOT_FOUND');

    const [row] = await two.t.sql<{ last_used_at: Date | null }>(`select last_used_at from api_clients where id = $1`, [
      rowId(id),
    ]);
    expect(row.last_used_at).not.toBeNull();
  });

  it('reads households with RECORDS_READ, contacts always masked', async () => {
    const { key } = await client(['RECORDS_READ']);
    const result = await request(HOUSEHOLDS, { id: two.a.courtyards[0] }, key);
    expect(result.errors).toBeUndefined();
    expect(result.data!.node.households.edges[0].node).toEqual({
      code: '1-101',
      contactName: '张*',
      contactPhone: '138****5678',
    });
    expect(codeOf(await request(DISTRICT_KPIS, {}, key))).toBe('FORBIDDEN');
  });

  it("reads a courtyard's records only with RECORDS_READ", async () => {
    const reader = (await client(['RECORDS_READ'])).key;
    const other = (await client(['KPI_READ', 'ALERTS_READ'])).key;
    for (const field of COURTYARD_RECORDS) {
      const allowed = await request(courtyardField(field), { id: two.a.courtyards[0] }, reader);
      const refused = await request(courtyardField(field), { id: two.a.courtyards[0] }, other);
      expect({ field, allowed: codeOf(allowed) ?? 'OK', refused: codeOf(refused) }).toEqual({
        field,
        allowed: 'OK',
        refused: 'FORBIDDEN',
      });
    }
  });

  it('reads alerts with ALERTS_READ, and no KPIs without KPI_READ', async () => {
    const { key } = await client(['ALERTS_READ']);
    const alerts = await request(ALERTS, {}, key);
    expect(alerts.errors).toBeUndefined();
    expect(alerts.data!.alerts.totalCount).toBe(0);
    expect(codeOf(await request(DISTRICT_KPIS, {}, key))).toBe('FORBIDDEN');
  });

  it('limits a client to its subtree, as a scoped user', async () => {
    const payload = await create({ name: 'street 2 partner', scopes: ['KPI_READ'], scopeId: two.a.streets[1] });
    expect(payload.apiClient.scope).toEqual({ __typename: 'Street', id: two.a.streets[1] });
    const key = payload.secret as string;
    const courtyards = (await request(COURTYARDS, {}, key)).data!.courtyards;
    expect(courtyards.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([two.a.courtyards[3]]);
    expect((await request(NODE, { id: two.a.courtyards[0] }, key)).data?.node).toBeNull();
    expect((await request(NODE, { id: two.a.courtyards[3] }, key)).data?.node).toEqual({
      id: two.a.courtyards[3],
      __typename: 'Courtyard',
    });
    expect(codeOf(await request(KPI_TREND, { id: two.a.courtyards[0] }, key))).toBe('FORBIDDEN');
    expect((await request(KPI_TREND, { id: two.a.courtyards[3] }, key)).errors).toBeUndefined();
  });

  it('downloads a report with KPI_READ, and refuses one without it', async () => {
    const get = (key: string) =>
      fetch(`${two.t.url}/reports/2026-10.xlsx`, { headers: { authorization: `Bearer ${key}` } });
    const reader = await get((await client(['KPI_READ'])).key);
    expect(reader.status).toBe(200);
    expect(reader.headers.get('content-type')).toContain('spreadsheetml');
    expect((await get((await client(['RECORDS_READ'])).key)).status).toBe(403);
    const unknown = await get(`xyk_${randomBytes(32).toString('base64url')}`);
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('ends a key at once in every API process, though each remembers the clients it has seen', async () => {
    const { id, key } = await client(['KPI_READ']);
    const sibling = await startSiblingApp(two.t);
    try {
      // both processes have authenticated the key (the second request of each uses what it remembers)
      for (const api of [two.t.client, sibling.client]) {
        for (let n = 0; n < 2; n++) expect((await api.request(DISTRICT_KPIS, {}, { token: key })).status).toBe(200);
      }
      // its last use is written at most once a minute, by a remembered key too
      await two.t.sql(`update api_clients set last_used_at = now() - interval '2 minutes' where id = $1`, [rowId(id)]);
      expect((await sibling.client.request(DISTRICT_KPIS, {}, { token: key })).status).toBe(200);
      const [touched] = await two.t.sql<{ recent: boolean }>(
        `select last_used_at > now() - interval '1 minute' as recent from api_clients where id = $1`,
        [rowId(id)],
      );
      expect(touched.recent).toBe(true);

      // a request of the same key while another transaction holds the row (a long request writing
      // its last use) is answered without waiting for it, and leaves the write to that one
      await two.t.sql(`update api_clients set last_used_at = now() - interval '2 minutes' where id = $1`, [rowId(id)]);
      const holder = new Client({ connectionString: two.t.env.databaseUrl });
      await holder.connect();
      try {
        await holder.query('begin');
        await holder.query('select id from api_clients where id = $1 for update', [rowId(id)]);
        expect((await sibling.client.request(DISTRICT_KPIS, {}, { token: key })).status).toBe(200);
        await holder.query('rollback');
      } finally {
        await holder.end();
      }

      const revoked = (await request(REVOKE, { input: { apiClientId: id } }, two.a.tokens.admin)).data!.revokeApiClient;
      expect(revoked.userErrors).toEqual([]);
      for (const api of [sibling.client, two.t.client, sibling.client]) {
        const result = await api.request(DISTRICT_KPIS, {}, { token: key });
        expect({ status: result.status, code: codeOf(result) }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      }
    } finally {
      await sibling.close();
    }
  });

  it('answers 401 UNAUTHENTICATED to a revoked, unknown or malformed key', async () => {
    const { id, key } = await client(['KPI_READ']);
    expect((await request(DISTRICT_KPIS, {}, key)).status).toBe(200);
    const revoked = (await request(REVOKE, { input: { apiClientId: id } }, two.a.tokens.admin)).data!.revokeApiClient;
    expect(revoked.userErrors).toEqual([]);
    expect(revoked.apiClient.revokedAt).not.toBeNull();
    const again = (await request(REVOKE, { input: { apiClientId: id } }, two.a.tokens.admin)).data!.revokeApiClient;
    expect(again.userErrors.map((error: { code: string }) => error.code)).toEqual(['INVALID']);

    for (const [what, token] of [
      ['revoked', key],
      ['unknown', `xyk_${randomBytes(32).toString('base64url')}`],
      ['malformed', 'xyk_short'],
      ['malformed', 'xyk_' + '!'.repeat(40)],
    ]) {
      const result = await request(DISTRICT_KPIS, {}, token);
      expect({ what, status: result.status, code: codeOf(result), data: result.data ?? null }).toEqual({
        what,
        status: 401,
        code: 'UNAUTHENTICATED',
        data: null,
      });
    }
    const listed = (await request(LIST, { first: 100 }, two.a.tokens.admin)).data!.apiClients.edges.find(
      (edge: { node: { id: string } }) => edge.node.id === id,
    );
    expect(listed.node.revokedAt).not.toBeNull();
    const [audit] = await two.t.sql<{ actor_kind: string }>(
      `select actor_kind from audit_log where operation = 'revokeApiClient' and target_id = $1`,
      [rowId(id)],
    );
    expect(audit.actor_kind).toBe('USER');
  });
});
