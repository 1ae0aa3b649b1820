import { toGlobalId } from '@xiaoyuan/schema';
import { CREATE_USER } from './helpers/documents';
import { createDistrictFixture, rowId, PASSWORD, platformToken, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

// Alerts (DOMAIN.md §7): the worker opens them (inserted here with SQL, as its alert engine
// would); users see those of their subtree and acknowledge or resolve those assigned to their unit.

// the contract's operations (05-kpi-alerts.graphql), as partners send them
const ALERTS = `query Alerts($filter: AlertFilter, $first: Int, $after: String) {
  alerts(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        level
        kpi
        period
        value
        target
        status
        openedAt
        courtyard { id name }
        assignedTo { __typename ... on Street { id name } ... on Community { id name } }
        history { at action note actor { id displayName } actorName }
      }
    }
  }
}`;
const ACKNOWLEDGE = `mutation AcknowledgeAlert($input: AcknowledgeAlertInput!) {
  acknowledgeAlert(input: $input) {
    alert { id status }
    userErrors { field message code }
  }
}`;
const RESOLVE = `mutation ResolveAlert($input: ResolveAlertInput!) {
  resolveAlert(input: $input) {
    alert { id status }
    userErrors { field message code }
  }
}`;
const IDS = `query($filter: AlertFilter, $first: Int, $after: String) {
  alerts(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
}`;
const NODE = `query($id: ID!) { node(id: $id) { ... on Alert { id status level acknowledgedAt resolvedAt street { id } community { id } } } }`;
const COUNTS = `query {
  district {
    alertCounts { open acknowledged red yellow }
    streets(first: 10) { edges { node { id alertCounts { open acknowledged red yellow } communities(first: 10) { edges { node { id alertCounts { open red yellow } } } } } } }
  }
}`;

describe('alerts', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let b: DistrictFixture;
  /** more users of A: the officer of street 2 and the worker of community 2 */
  let street2Officer: string;
  let community2Worker: string;
  /** A's alerts, by name: global ids */
  const alert: Record<string, string> = {};
  let bAlert: string;

  async function insertAlert(
    district: DistrictFixture,
    courtyard: number,
    fields: {
      kpi: string;
      level: 'YELLOW' | 'RED';
      period: string;
      value: number;
      target: number;
      openedAt: string;
      status?: string;
      resolvedAt?: string;
    },
  ): Promise<string> {
    const [row] = await t.sql<{ id: string }>(
      `insert into alerts (tenant_id, courtyard_id, kpi, level, status, period, value, target, street_id, community_id, opened_at, resolved_at)
       select c.tenant_id, c.id, $2, $3, $4, $5, $6, $7, c.street_id, c.community_id, $8, $9 from courtyards c where c.id = $1
       returning id`,
      [
        rowId(district.courtyards[courtyard]),
        fields.kpi,
        fields.level,
        fields.status ?? 'OPEN',
        fields.period,
        fields.value,
        fields.target,
        fields.openedAt,
        fields.resolvedAt ?? null,
      ],
    );
    await t.sql(
      `insert into alert_events (tenant_id, alert_id, at, action, level, period) values ($1, $2, $3, 'OPENED', $4, $5)`,
      [rowId(district.id), row.id, fields.openedAt, fields.level, fields.period],
    );
    return toGlobalId('Alert', row.id);
  }

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'al');
    b = await createDistrictFixture(t.client, 'bl');
    for (const [email, role, scopeId] of [
      ['street2@al.test', 'STREET_OFFICER', a.streets[1]],
      ['community2@al.test', 'COMMUNITY_WORKER', a.communities[1]],
    ]) {
      const created = await t.client.request(
        CREATE_USER,
        { input: { email, password: PASSWORD, displayName: email.split('@')[0], role, scopeId } },
        { token: a.tokens.admin },
      );
      expect(created.data!.createUser.userErrors).toEqual([]);
    }
    street2Officer = await t.client.login('street2@al.test', PASSWORD);
    community2Worker = await t.client.login('community2@al.test', PASSWORD);

    // courtyards 0 and 1 in community 0 (street 0), courtyard 2 in community 1 (street 0), courtyard 3 in community 2 (street 1)
    alert.yellow1 = await insertAlert(a, 0, {
      kpi: 'PARTICIPATION_RATE',
      level: 'YELLOW',
      period: '2026-09',
      value: 0.25,
      target: 0.3,
      openedAt: '2026-10-01T00:00:00Z',
    });
    alert.red1 = await insertAlert(a, 0, {
      kpi: 'SATISFACTION_SCORE',
      level: 'RED',
      period: '2026-10',
      value: 60,
      target: 75,
      openedAt: '2026-11-01T00:00:00Z',
    });
    alert.yellow2 = await insertAlert(a, 2, {
      kpi: 'DISPUTE_RESOLUTION_RATE',
      level: 'YELLOW',
      period: '2026-10',
      value: 0.75,
      target: 0.8,
      openedAt: '2026-11-01T01:00:00Z',
    });
    alert.red4 = await insertAlert(a, 3, {
      kpi: 'PARTICIPATION_RATE',
      level: 'RED',
      period: '2026-10',
      value: 0.1,
      target: 0.3,
      openedAt: '2026-11-01T02:00:00Z',
    });
    alert.resolved = await insertAlert(a, 1, {
      kpi: 'PARTICIPATION_RATE',
      level: 'YELLOW',
      period: '2026-08',
      value: 0.22,
      target: 0.3,
      openedAt: '2026-09-01T00:00:00Z',
      status: 'RESOLVED',
      resolvedAt: '2026-10-01T00:00:00Z',
    });
    bAlert = await insertAlert(b, 0, {
      kpi: 'PARTICIPATION_RATE',
      level: 'RED',
      period: '2026-10',
      value: 0.1,
      target: 0.3,
      openedAt: '2026-11-01T00:00:00Z',
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  const ids = async (token: string, filter: Record<string, unknown> | null = null, first?: number, after?: string) => {
    const result = await t.client.request(IDS, { filter, first, after }, { token });
    expect(result.errors).toBeUndefined();
    return result.data!.alerts as {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: { id: string } }[];
    };
  };
  const idList = async (token: string, filter: Record<string, unknown> | null = null) =>
    (await ids(token, filter)).edges.map((edge) => edge.node.id);

  describe('reading', () => {
    it('gives the alert with its courtyard, assigned unit and history (Alerts)', async () => {
      const result = await t.client.request(
        ALERTS,
        { filter: { courtyardId: a.courtyards[0] }, first: 10 },
        { token: a.tokens.admin },
      );
      expect(result.errors).toBeUndefined();
      const [red, yellow] = result.data!.alerts.edges.map((edge: any) => edge.node);
      expect(red).toEqual({
        id: alert.red1,
        level: 'RED',
        kpi: 'SATISFACTION_SCORE',
        period: '2026-10',
        value: 60,
        target: 75,
        status: 'OPEN',
        openedAt: '2026-11-01T00:00:00.000Z',
        courtyard: { id: a.courtyards[0], name: 'al 小院 1' },
        // red: the street (挂牌督办)
        assignedTo: { __typename: 'Street', id: a.streets[0], name: 'al 街道 1' },
        history: [{ at: '2026-11-01T00:00:00.000Z', action: 'OPENED', note: null, actor: null, actorName: null }],
      });
      // yellow: the community
      expect(yellow.assignedTo).toEqual({ __typename: 'Community', id: a.communities[0], name: 'al 社区 1' });
      expect(result.data!.alerts.totalCount).toBe(2);
    });

    it('shows each user the alerts of its subtree, newest first', async () => {
      const all = [alert.red4, alert.yellow2, alert.red1, alert.yellow1, alert.resolved];
      expect(await idList(a.tokens.admin)).toEqual(all);
      expect(await idList(a.tokens.viewer)).toEqual(all);
      expect(await idList(a.tokens.streetOfficer)).toEqual([alert.yellow2, alert.red1, alert.yellow1, alert.resolved]);
      expect(await idList(street2Officer)).toEqual([alert.red4]);
      expect(await idList(a.tokens.communityWorker)).toEqual([alert.red1, alert.yellow1, alert.resolved]);
      expect(await idList(community2Worker)).toEqual([alert.yellow2]);
      expect(await idList(a.tokens.courtyardCommittee)).toEqual([alert.red1, alert.yellow1]);
      // a filter cannot widen the subtree
      expect(await idList(a.tokens.communityWorker, { streetId: a.streets[1] })).toEqual([]);
      // district B sees its own only
      expect(await idList(b.tokens.admin)).toEqual([bAlert]);
      expect(await idList(b.tokens.admin, { courtyardId: a.courtyards[0] })).toEqual([]);
    });

    it('filters by status, level, KPI, unit and period', async () => {
      expect(await idList(a.tokens.admin, { status: 'RESOLVED' })).toEqual([alert.resolved]);
      expect(await idList(a.tokens.admin, { status: 'OPEN', level: 'RED' })).toEqual([alert.red4, alert.red1]);
      expect(await idList(a.tokens.admin, { kpi: 'PARTICIPATION_RATE' })).toEqual([
        alert.red4,
        alert.yellow1,
        alert.resolved,
      ]);
      expect(await idList(a.tokens.admin, { streetId: a.streets[1] })).toEqual([alert.red4]);
      expect(await idList(a.tokens.admin, { communityId: a.communities[0] })).toEqual([
        alert.red1,
        alert.yellow1,
        alert.resolved,
      ]);
      expect(await idList(a.tokens.admin, { period: '2026-10' })).toEqual([alert.red4, alert.yellow2, alert.red1]);
      expect(await idList(a.tokens.admin, { period: '2026-Q3' })).toEqual([alert.yellow1, alert.resolved]);
      expect(await idList(a.tokens.admin, { period: '2026' })).toHaveLength(5);
      const wrongType = await t.client.request(
        IDS,
        { filter: { streetId: a.communities[0] } },
        { token: a.tokens.admin },
      );
      expect(wrongType.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('pages newest first', async () => {
      const first = await ids(a.tokens.admin, null, 2);
      expect(first.totalCount).toBe(5);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await ids(a.tokens.admin, null, 2, first.pageInfo.endCursor!);
      const third = await ids(a.tokens.admin, null, 2, second.pageInfo.endCursor!);
      expect([...first.edges, ...second.edges, ...third.edges].map((edge) => edge.node.id)).toEqual([
        alert.red4,
        alert.yellow2,
        alert.red1,
        alert.yellow1,
        alert.resolved,
      ]);
      expect(third.pageInfo.hasNextPage).toBe(false);
      const tooMany = await t.client.request(IDS, { first: 101 }, { token: a.tokens.admin });
      expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it("node(id) gives an alert within the caller's subtree, null otherwise", async () => {
      const node = await t.client.request(NODE, { id: alert.red1 }, { token: a.tokens.communityWorker });
      expect(node.data!.node).toMatchObject({
        id: alert.red1,
        status: 'OPEN',
        level: 'RED',
        street: { id: a.streets[0] },
        community: { id: a.communities[0] },
      });
      expect((await t.client.request(NODE, { id: alert.red1 }, { token: street2Officer })).data!.node).toBeNull();
      expect((await t.client.request(NODE, { id: alert.red1 }, { token: b.tokens.admin })).data!.node).toBeNull();
      expect((await t.client.request(NODE, { id: bAlert }, { token: a.tokens.admin })).data!.node).toBeNull();
    });

    it('counts unresolved alerts of the district, streets and communities the caller sees', async () => {
      const admin = await t.client.request(COUNTS, {}, { token: a.tokens.admin });
      expect(admin.errors).toBeUndefined();
      expect(admin.data!.district.alertCounts).toEqual({ open: 4, acknowledged: 0, red: 2, yellow: 2 });
      const streets = Object.fromEntries(
        admin.data!.district.streets.edges.map((edge: any) => [edge.node.id, edge.node]),
      );
      expect(streets[a.streets[0]].alertCounts).toEqual({ open: 3, acknowledged: 0, red: 1, yellow: 2 });
      expect(streets[a.streets[1]].alertCounts).toEqual({ open: 1, acknowledged: 0, red: 1, yellow: 0 });
      const communities = Object.fromEntries(
        streets[a.streets[0]].communities.edges.map((edge: any) => [edge.node.id, edge.node.alertCounts]),
      );
      expect(communities[a.communities[0]]).toEqual({ open: 2, red: 1, yellow: 1 });
      expect(communities[a.communities[1]]).toEqual({ open: 1, red: 0, yellow: 1 });
      // a community worker's district: its community's alerts only
      const worker = await t.client.request(
        `query { district { alertCounts { open red yellow } } }`,
        {},
        { token: a.tokens.communityWorker },
      );
      expect(worker.data!.district.alertCounts).toEqual({ open: 2, red: 1, yellow: 1 });
    });
  });

  describe('acknowledging and resolving', () => {
    const act = (mutation: string, token: string, alertId: string, note = '已安排跟进', language?: string) =>
      t.client.request(mutation, { input: { alertId, note } }, { token, language });
    const payload = (result: { data?: any; errors?: unknown }) => {
      if (!result.data) throw new Error(`no data: ${JSON.stringify(result.errors)}`);
      return result.data.acknowledgeAlert ?? result.data.resolveAlert;
    };

    it("a RED alert: the street's officers and the district admin, nobody else", async () => {
      for (const token of [
        a.tokens.communityWorker,
        a.tokens.courtyardCommittee,
        a.tokens.viewer,
        street2Officer,
        community2Worker,
      ]) {
        for (const mutation of [ACKNOWLEDGE, RESOLVE]) {
          expect(payload(await act(mutation, token, alert.red1))).toEqual({
            alert: null,
            userErrors: [{ field: ['input', 'alertId'], message: expect.any(String), code: 'FORBIDDEN' }],
          });
        }
      }
      const acknowledged = await act(ACKNOWLEDGE, a.tokens.streetOfficer, alert.red1, '  街道已挂牌督办，周五前回访  ');
      expect(payload(acknowledged)).toEqual({ alert: { id: alert.red1, status: 'ACKNOWLEDGED' }, userErrors: [] });
      const again = await act(ACKNOWLEDGE, a.tokens.streetOfficer, alert.red1, '再次确认', 'en');
      expect(payload(again).userErrors).toEqual([
        { field: ['input', 'alertId'], message: expect.stringContaining('acknowledged already'), code: 'INVALID' },
      ]);
      const resolved = await act(RESOLVE, a.tokens.admin, alert.red1, '回访满意，解除');
      expect(payload(resolved)).toEqual({ alert: { id: alert.red1, status: 'RESOLVED' }, userErrors: [] });
    });

    it("a YELLOW alert: the community's workers and the district admin; not the street officer", async () => {
      for (const token of [a.tokens.streetOfficer, community2Worker, a.tokens.courtyardCommittee, a.tokens.viewer]) {
        expect(payload(await act(ACKNOWLEDGE, token, alert.yellow1)).userErrors[0].code).toBe('FORBIDDEN');
      }
      expect(payload(await act(ACKNOWLEDGE, a.tokens.communityWorker, alert.yellow1)).alert.status).toBe(
        'ACKNOWLEDGED',
      );
      expect(payload(await act(RESOLVE, a.tokens.communityWorker, alert.yellow1, '已召开议事会')).alert.status).toBe(
        'RESOLVED',
      );
      // OPEN → RESOLVED directly, by the community's worker and by the district admin
      expect(payload(await act(RESOLVE, community2Worker, alert.yellow2, '已化解')).alert.status).toBe('RESOLVED');
      expect(payload(await act(RESOLVE, a.tokens.admin, alert.red4, '区级督办完成')).alert.status).toBe('RESOLVED');
    });

    it('needs a note, and refuses a resolved alert', async () => {
      const before = await t.sql(`select count(*)::int as n from alert_events`);
      for (const note of ['', '   ']) {
        expect(payload(await act(ACKNOWLEDGE, a.tokens.admin, alert.resolved, note)).userErrors).toEqual(
          expect.arrayContaining([{ field: ['input', 'note'], message: expect.any(String), code: 'INVALID' }]),
        );
      }
      expect(payload(await act(ACKNOWLEDGE, a.tokens.admin, alert.resolved)).userErrors).toEqual([
        { field: ['input', 'alertId'], message: expect.stringContaining('已于'), code: 'INVALID' },
      ]);
      expect(payload(await act(RESOLVE, a.tokens.admin, alert.red1, 'again', 'en')).userErrors).toEqual([
        { field: ['input', 'alertId'], message: expect.stringContaining('resolved already'), code: 'INVALID' },
      ]);
      expect(
        payload(await act(RESOLVE, a.tokens.admin, alert.red1, 'x'.repeat(2001))).userErrors.map(
          (error: { code: string }) => error.code,
        ),
      ).toContain('INVALID');
      expect(await t.sql(`select count(*)::int as n from alert_events`)).toEqual(before);
    });

    it('keeps every change with who, when and the note', async () => {
      const history = async (token: string) => {
        const result = await t.client.request(
          ALERTS,
          { filter: { courtyardId: a.courtyards[0], kpi: 'SATISFACTION_SCORE' } },
          { token },
        );
        expect(result.errors).toBeUndefined();
        return result.data!.alerts.edges[0].node;
      };
      const users = await t.sql<{ id: string; display_name: string }>(
        `select id, display_name from users where email in ('streetofficer@al.test', 'admin@al.test')`,
      );
      const officer = users.find((user) => user.display_name === 'streetOfficer')!;
      const admin = users.find((user) => user.display_name !== 'streetOfficer')!;
      // the district admin manages users: every actor with its id
      const node = await history(a.tokens.admin);
      expect(node.status).toBe('RESOLVED');
      expect(node.history).toEqual([
        { at: '2026-11-01T00:00:00.000Z', action: 'OPENED', note: null, actor: null, actorName: null },
        {
          at: expect.any(String),
          action: 'ACKNOWLEDGED',
          note: '街道已挂牌督办，周五前回访',
          actor: { id: toGlobalId('User', officer.id), displayName: 'streetOfficer' },
          actorName: 'streetOfficer',
        },
        {
          at: expect.any(String),
          action: 'RESOLVED',
          note: '回访满意，解除',
          actor: { id: toGlobalId('User', admin.id), displayName: admin.display_name },
          actorName: admin.display_name,
        },
      ]);
      // a VIEWER sees who acted by name only: no user id or account to aim at
      const viewed = await history(a.tokens.viewer);
      expect(viewed.history.map((event: { actor: unknown; actorName: string | null }) => event)).toEqual(
        node.history.map((event: Record<string, unknown>) => ({ ...event, actor: null })),
      );
      // the street officer sees itself, not the district admin (not a user of its street)
      const officerView = await history(a.tokens.streetOfficer);
      expect(officerView.history.map((event: { actor: { id: string } | null }) => event.actor?.id ?? null)).toEqual([
        null,
        toGlobalId('User', officer.id),
        null,
      ]);
      const [acknowledgedAt, resolvedAt] = [Date.parse(node.history[1].at), Date.parse(node.history[2].at)];
      expect(Date.now() - acknowledgedAt).toBeLessThan(120_000);
      expect(resolvedAt).toBeGreaterThanOrEqual(acknowledgedAt);
      const [row] = await t.sql(`select status, acknowledged_at, resolved_at from alerts where id = $1`, [
        rowId(alert.red1),
      ]);
      expect(row.status).toBe('RESOLVED');
      expect(row.acknowledged_at.getTime()).toBe(acknowledgedAt);
      expect(row.resolved_at.getTime()).toBe(resolvedAt);
      const nodeView = await t.client.request(NODE, { id: alert.red1 }, { token: a.tokens.admin });
      expect(nodeView.data!.node).toMatchObject({ acknowledgedAt: node.history[1].at, resolvedAt: node.history[2].at });
      // the counts follow
      const counts = await t.client.request(
        `query { district { alertCounts { open acknowledged red yellow } } }`,
        {},
        { token: a.tokens.admin },
      );
      expect(counts.data!.district.alertCounts).toEqual({ open: 0, acknowledged: 0, red: 0, yellow: 0 });
    });

    it('audits every attempt', async () => {
      const rows = await t.sql<{
        operation: string;
        target_id: string | null;
        detail: { ok: boolean; userErrors?: string[] };
      }>(
        `select operation, target_id, detail from audit_log where tenant_id = $1 and operation in ('acknowledgeAlert', 'resolveAlert') order by at`,
        [rowId(a.id)],
      );
      expect(rows.find((row) => row.operation === 'acknowledgeAlert' && row.detail.ok)?.target_id).toBe(
        rowId(alert.red1),
      );
      expect(rows.some((row) => !row.detail.ok && row.detail.userErrors?.includes('FORBIDDEN'))).toBe(true);
    });

    it("district A cannot see or change district B's alerts", async () => {
      for (const mutation of [ACKNOWLEDGE, RESOLVE]) {
        for (const token of [a.tokens.admin, a.tokens.streetOfficer]) {
          expect(payload(await act(mutation, token, bAlert))).toEqual({
            alert: null,
            userErrors: [{ field: ['input', 'alertId'], message: expect.any(String), code: 'NOT_FOUND' }],
          });
        }
      }
      expect(payload(await act(ACKNOWLEDGE, a.tokens.admin, 'not-an-id'))).toEqual({
        alert: null,
        userErrors: [{ field: ['input', 'alertId'], message: expect.any(String), code: 'NOT_FOUND' }],
      });
      const [row] = await t.sql(`select status from alerts where id = $1`, [rowId(bAlert)]);
      expect(row.status).toBe('OPEN');
      expect(await t.sql(`select count(*)::int as n from alert_events where alert_id = $1`, [rowId(bAlert)])).toEqual([
        { n: 1 },
      ]);
      // B's admin still can
      expect(payload(await act(ACKNOWLEDGE, b.tokens.admin, bAlert)).alert.status).toBe('ACKNOWLEDGED');
    });

    it('the platform operator and anonymous callers get nothing', async () => {
      const anonymous = await t.client.request(IDS, {});
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const operator = await platformToken(t.client);
      expect((await t.client.request(IDS, {}, { token: operator })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await act(ACKNOWLEDGE, operator, bAlert)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });
});
