import { toGlobalId } from '@xiaoyuan/schema';
import { rowId } from './helpers/fixtures';
import { startTwoDistricts, type TwoDistricts } from './helpers/two-districts';

// API clients' writes and the reads of RECORDS_READ (DOMAIN.md §10, issue 9): RECORDS_WRITE writes
// every record of §5, ALERTS_WRITE acknowledges and resolves, both within the client's subtree;
// what a client writes is audited with the client as the actor.

const CREATE_CLIENT = `mutation($input: CreateApiClientInput!) {
  createApiClient(input: $input) { apiClient { id } secret userErrors { code } }
}`;
const ERRORS = 'userErrors { field code }';
const RECORD_ACTIVITY = `mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activity { id } ${ERRORS} } }`;
const REGISTER_DISPUTE = `mutation($input: RegisterDisputeInput!) { registerDispute(input: $input) { dispute { id } ${ERRORS} } }`;
const RESOLVE_DISPUTE = `mutation($input: ResolveDisputeInput!) { resolveDispute(input: $input) { dispute { id status } ${ERRORS} } }`;
const CREATE_REQUEST = `mutation($input: CreateServiceRequestInput!) { createServiceRequest(input: $input) { serviceRequest { id } ${ERRORS} } }`;
const RESPOND_REQUEST = `mutation($input: RespondToServiceRequestInput!) { respondToServiceRequest(input: $input) { serviceRequest { id status } ${ERRORS} } }`;
const RESOLVE_REQUEST = `mutation($input: ResolveServiceRequestInput!) { resolveServiceRequest(input: $input) { serviceRequest { id status } ${ERRORS} } }`;
const REGISTER_SPACE = `mutation($input: RegisterIdleSpaceInput!) { registerIdleSpace(input: $input) { idleSpace { id } ${ERRORS} } }`;
const CHANGE_SPACE = `mutation($input: ChangeIdleSpaceStatusInput!) { changeIdleSpaceStatus(input: $input) { idleSpace { id status } ${ERRORS} } }`;
const RECORD_SURVEY = `mutation($input: RecordSurveyResponsesInput!) { recordSurveyResponses(input: $input) { recordedCount ${ERRORS} } }`;
const RECORD_ENTRY = `mutation($input: RecordLedgerEntryInput!) { recordLedgerEntry(input: $input) { entry { id } ${ERRORS} } }`;
const REVERSE_ENTRY = `mutation($input: ReverseLedgerEntryInput!) { reverseLedgerEntry(input: $input) { entry { id amount } ${ERRORS} } }`;
const CREATE_PROPOSAL = `mutation($input: CreateProposalInput!) { createProposal(input: $input) { proposal { id } ${ERRORS} } }`;
const OPEN_VOTING = `mutation($input: OpenVotingInput!) { openVoting(input: $input) { proposal { id status } ${ERRORS} } }`;
const CAST_VOTE = `mutation($input: CastVoteInput!) { castVote(input: $input) { vote { id } ${ERRORS} } }`;
const CLOSE_VOTING = `mutation($input: CloseVotingInput!) { closeVoting(input: $input) { proposal { id status } ${ERRORS} } }`;
const PUBLISH = `mutation($input: PublishDecisionInput!) { publishDecision(input: $input) { proposal { id } ${ERRORS} } }`;
const RECORD_ELECTION = `mutation($input: RecordCommitteeElectionInput!) { recordCommitteeElection(input: $input) { courtyard { id } ${ERRORS} } }`;
const ADOPT_INSTITUTION = `mutation($input: AdoptInstitutionInput!) { adoptInstitution(input: $input) { courtyard { id } ${ERRORS} } }`;
const ACKNOWLEDGE = `mutation($input: AcknowledgeAlertInput!) { acknowledgeAlert(input: $input) { alert { id status } ${ERRORS} } }`;
const RESOLVE_ALERT = `mutation($input: ResolveAlertInput!) { resolveAlert(input: $input) { alert { id status } ${ERRORS} } }`;
const ALERT_HISTORY = `query($id: ID!) { node(id: $id) { ... on Alert { status history { action note actorKind actorName } } } }`;
const START_IMPORT = `mutation($input: StartImportInput!) { startImport(input: $input) { import { id kind status } job { id } ${ERRORS} } }`;
const IMPORTS = `{ imports(first: 20) { totalCount edges { node { id } } } }`;
const JOB = `query($id: ID!) { job(id: $id) { id } }`;
const NODE = `query($id: ID!) { node(id: $id) { id __typename } }`;
const LEDGER = `query($id: ID!) { node(id: $id) { ... on Courtyard { ledger(period: "2026-11") { incomeTotal entries(first: 10) { totalCount } } } } }`;
const ROLLOUT = `{ rolloutPlan { id milestones(asOf: "2026-11-30") { key status confirmation { note confirmedBy { id } } } enrollments(first: 10) { totalCount } } }`;
const HOUSEHOLDS = `query($id: ID!) { node(id: $id) { ... on Courtyard { households(first: 10) { edges { node { code contactName contactPhone } } } } } }`;

const DAY = '2026-11-15';

type Result = { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[] };
type Payload = { userErrors: { field: string[] | null; code: string }[] } & Record<string, any>;

describe('API clients: writes, and the reads of RECORDS_READ', () => {
  let two: TwoDistricts;
  /** A's clients by name: [key, client row id] */
  const clients: Record<string, { key: string; id: string }> = {};

  const request = (query: string, variables: Record<string, unknown>, token: string): Promise<Result> =>
    two.t.client.request(query, variables, { token });
  const codeOf = (result: Result) => result.errors?.[0]?.extensions?.code;
  /** The mutation's payload (its only field); throws with the GraphQL errors when there is none. */
  const payload = async (query: string, input: Record<string, unknown>, token: string): Promise<Payload> => {
    const result = await request(query, { input }, token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return Object.values(result.data!)[0] as Payload;
  };
  const ok = async (query: string, input: Record<string, unknown>, token: string): Promise<Payload> => {
    const answer = await payload(query, input, token);
    expect(answer.userErrors).toEqual([]);
    return answer;
  };
  const codes = (answer: Payload) => answer.userErrors.map((error) => error.code);
  const client = async (name: string, scopes: string[], scopeId: string | null = null) => {
    const created = (await request(CREATE_CLIENT, { input: { name, scopes, scopeId } }, two.a.tokens.admin)).data!
      .createApiClient;
    expect(created.userErrors).toEqual([]);
    clients[name] = { key: created.secret, id: rowId(created.apiClient.id) };
    return created.secret as string;
  };
  const activity = (courtyardId: string) => ({
    courtyardId,
    kind: 'DELIBERATION_MEETING',
    title: '议事会',
    heldOn: DAY,
    attendance: [],
  });
  const income = (courtyardId: string) => ({
    courtyardId,
    direction: 'INCOME',
    incomeSource: 'RESIDENT_CONTRIBUTION',
    amount: '120.50',
    occurredOn: DAY,
  });
  const proposal = (courtyardId: string) => ({
    courtyardId,
    title: '加装电梯',
    tier: 'MINOR',
    rule: 'SIMPLE_MAJORITY',
  });
  /** A proposal of courtyard 1 of A open for votes, created by the district admin. */
  const openProposal = async () => {
    const created = await ok(CREATE_PROPOSAL, proposal(two.a.courtyards[0]), two.a.tokens.admin);
    const closesAt = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    await ok(OPEN_VOTING, { proposalId: created.proposal.id, closesAt }, two.a.tokens.admin);
    return created.proposal.id as string;
  };
  const vote = (proposalId: string, householdCode = '1-101') => ({
    proposalId,
    householdCode,
    choice: 'FOR',
    channel: 'ONLINE',
  });
  /** An alert on courtyard `courtyard` of a district, as the worker's alert engine would open it. */
  const insertAlert = async (district: 'a' | 'b', courtyard: number, level: 'YELLOW' | 'RED', kpi: string) => {
    const [row] = await two.t.sql<{ id: string }>(
      `insert into alerts (tenant_id, courtyard_id, kpi, level, status, period, value, target, street_id, community_id, opened_at)
       select c.tenant_id, c.id, $2, $3, 'OPEN', '2026-10', 0.1, 0.3, c.street_id, c.community_id, now() from courtyards c where c.id = $1
       returning id`,
      [rowId(two[district].courtyards[courtyard]), kpi, level],
    );
    await two.t.sql(
      `insert into alert_events (tenant_id, alert_id, action, level, period) select tenant_id, id, 'OPENED', level, period from alerts where id = $1`,
      [row.id],
    );
    return toGlobalId('Alert', row.id);
  };
  const audits = (operation: string, clientId: string) =>
    two.t.sql<{ actor_kind: string; actor_id: string }>(
      `select actor_kind, actor_id from audit_log where operation = $1 and actor_id = $2`,
      [operation, clientId],
    );

  beforeAll(async () => {
    two = await startTwoDistricts('wa', 'wb');
    await client('writer', ['RECORDS_WRITE']);
    await client('everything', ['KPI_READ', 'RECORDS_READ', 'RECORDS_WRITE', 'ALERTS_READ', 'ALERTS_WRITE']);
    await client('street writer', ['RECORDS_WRITE', 'ALERTS_WRITE'], two.a.streets[0]);
    await client('community writer', ['RECORDS_WRITE', 'ALERTS_WRITE'], two.a.communities[0]);
    await client('courtyard writer', ['RECORDS_WRITE', 'ALERTS_WRITE'], two.a.courtyards[0]);
    for (const scope of ['KPI_READ', 'RECORDS_READ', 'ALERTS_READ', 'ALERTS_WRITE']) await client(scope, [scope]);
    await client('alert handler', ['ALERTS_WRITE']);
  });
  afterAll(async () => {
    await two?.close();
  });

  it('writes every record of §5 with RECORDS_WRITE, audited with the client as the actor', async () => {
    const { key, id } = clients.writer;
    const courtyardId = two.a.courtyards[0];
    await ok(RECORD_ACTIVITY, { ...activity(courtyardId), attendance: [{ householdCode: '1-101' }] }, key);
    const dispute = await ok(
      REGISTER_DISPUTE,
      { courtyardId, category: 'PARKING', reportedOn: '2026-11-01', summary: '占道停车' },
      key,
    );
    await ok(RESOLVE_DISPUTE, { disputeId: dispute.dispute.id, resolvedOn: DAY, channel: 'COMMITTEE' }, key);
    const requestId = (await ok(CREATE_REQUEST, { courtyardId, category: '水管' }, key)).serviceRequest.id;
    await ok(RESPOND_REQUEST, { serviceRequestId: requestId }, key);
    await ok(RESOLVE_REQUEST, { serviceRequestId: requestId }, key);
    const space = await ok(
      REGISTER_SPACE,
      { courtyardId, name: '地下室', areaSqm: 40, registeredOn: '2026-11-01' },
      key,
    );
    await ok(
      CHANGE_SPACE,
      { idleSpaceId: space.idleSpace.id, status: 'UTILIZED', changedOn: DAY, newUse: '老年活动室' },
      key,
    );
    expect(
      (await ok(RECORD_SURVEY, { courtyardId, takenOn: DAY, responses: [{ householdCode: '1-101', score: 90 }] }, key))
        .recordedCount,
    ).toBe(1);
    const entry = await ok(RECORD_ENTRY, income(courtyardId), key);
    const reversal = await ok(REVERSE_ENTRY, { entryId: entry.entry.id, reason: '录入错误' }, key);
    expect(reversal.entry.amount).toBe('-120.50');
    const created = await ok(CREATE_PROPOSAL, proposal(courtyardId), key);
    const proposalId = created.proposal.id;
    const closesAt = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    await ok(OPEN_VOTING, { proposalId, closesAt }, key);
    await ok(CAST_VOTE, vote(proposalId), key);
    expect((await ok(CLOSE_VOTING, { proposalId }, key)).proposal.status).toBe('CLOSED');
    await ok(PUBLISH, { proposalId }, key);
    await ok(RECORD_ELECTION, { courtyardId, electedOn: '2026-11-02', committeeMemberCount: 3 }, key);
    await ok(ADOPT_INSTITUTION, { courtyardId, kind: 'CONVENTION', adoptedOn: '2026-11-03' }, key);

    // the ledger keeps which client recorded each entry, instead of a user
    const entries = await two.t.sql<{ recorded_by: string | null; recorded_by_client: string | null }>(
      `select recorded_by, recorded_by_client from ledger_entries where courtyard_id = $1 order by recorded_at`,
      [rowId(courtyardId)],
    );
    expect(entries).toEqual([
      { recorded_by: null, recorded_by_client: id },
      { recorded_by: null, recorded_by_client: id },
    ]);
    for (const operation of [
      'recordActivity',
      'registerDispute',
      'resolveDispute',
      'createServiceRequest',
      'respondToServiceRequest',
      'resolveServiceRequest',
      'registerIdleSpace',
      'changeIdleSpaceStatus',
      'recordSurveyResponses',
      'recordLedgerEntry',
      'reverseLedgerEntry',
      'createProposal',
      'openVoting',
      'castVote',
      'closeVoting',
      'publishDecision',
      'recordCommitteeElection',
      'adoptInstitution',
    ]) {
      expect({ operation, audits: await audits(operation, id) }).toEqual({
        operation,
        audits: [{ actor_kind: 'API_CLIENT', actor_id: id }],
      });
    }
  });

  it('refuses writes without RECORDS_WRITE (FORBIDDEN), and stores nothing', async () => {
    const proposalId = await openProposal();
    const before = await two.t.sql(
      `select (select count(*) from activities)::int a, (select count(*) from ledger_entries)::int l, (select count(*) from votes)::int v`,
    );
    for (const scope of ['KPI_READ', 'RECORDS_READ', 'ALERTS_READ', 'ALERTS_WRITE']) {
      const key = clients[scope].key;
      for (const [name, query, input] of [
        ['recordActivity', RECORD_ACTIVITY, activity(two.a.courtyards[0])],
        ['recordLedgerEntry', RECORD_ENTRY, income(two.a.courtyards[0])],
        ['castVote', CAST_VOTE, vote(proposalId)],
      ] as const) {
        expect({ scope, name, code: codeOf(await request(query, { input }, key)) }).toEqual({
          scope,
          name,
          code: 'FORBIDDEN',
        });
      }
    }
    expect(
      await two.t.sql(
        `select (select count(*) from activities)::int a, (select count(*) from ledger_entries)::int l, (select count(*) from votes)::int v`,
      ),
    ).toEqual(before);
  });

  it("limits a client's writes to its subtree: street, community, courtyard", async () => {
    const { courtyards } = two.a;
    // street 1: courtyards 1–3; community 1: courtyards 1–2; courtyard 1
    const cases = [
      ['street writer', courtyards[2], courtyards[3]],
      ['community writer', courtyards[1], courtyards[2]],
      ['courtyard writer', courtyards[0], courtyards[1]],
    ] as const;
    for (const [name, inside, outside] of cases) {
      const key = clients[name].key;
      await ok(RECORD_ACTIVITY, activity(inside), key);
      await ok(RECORD_ENTRY, income(inside), key);
      const refused = [
        await payload(RECORD_ACTIVITY, activity(outside), key),
        await payload(RECORD_ENTRY, income(outside), key),
        await payload(CREATE_PROPOSAL, proposal(outside), key),
      ];
      expect({ name, codes: refused.map(codes) }).toEqual({
        name,
        codes: [['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN']],
      });
      // another district's courtyard: not found, never a hint that it exists
      const elsewhere = await payload(RECORD_ACTIVITY, activity(two.b.courtyards[0]), key);
      expect({ name, codes: codes(elsewhere) }).toEqual({ name, codes: ['NOT_FOUND'] });
    }

    // records by id follow the same rule: a vote, and the reversal of an entry, outside the subtree
    const proposalId = await openProposal();
    const outsideEntry = (await ok(RECORD_ENTRY, income(courtyards[3]), two.a.tokens.admin)).entry.id;
    const street2 = await client('street 2 writer', ['RECORDS_WRITE'], two.a.streets[1]);
    expect(codes(await payload(CAST_VOTE, vote(proposalId), street2))).toEqual(['FORBIDDEN']);
    expect(
      codes(await payload(REVERSE_ENTRY, { entryId: outsideEntry, reason: 'x' }, clients['courtyard writer'].key)),
    ).toEqual(['FORBIDDEN']);
    await ok(CAST_VOTE, vote(proposalId, '1-102'), clients['courtyard writer'].key);
    await ok(REVERSE_ENTRY, { entryId: outsideEntry, reason: '重复录入' }, street2);
    const bEntry = (await ok(RECORD_ENTRY, income(two.b.courtyards[0]), two.b.tokens.admin)).entry.id;
    expect(codes(await payload(REVERSE_ENTRY, { entryId: bEntry, reason: 'x' }, clients.writer.key))).toEqual([
      'NOT_FOUND',
    ]);
  });

  it('acknowledges and resolves alerts with ALERTS_WRITE; the history shows the client', async () => {
    const { key, id } = clients['alert handler'];
    const alert = await insertAlert('a', 0, 'RED', 'PARTICIPATION_RATE');
    expect((await ok(ACKNOWLEDGE, { alertId: alert, note: '已派人跟进' }, key)).alert.status).toBe('ACKNOWLEDGED');
    expect((await ok(RESOLVE_ALERT, { alertId: alert, note: '已整改' }, key)).alert.status).toBe('RESOLVED');
    const events = await two.t.sql<{ action: string; actor_id: string | null; actor_client_id: string | null }>(
      `select action, actor_id, actor_client_id from alert_events where alert_id = $1 order by at, id`,
      [rowId(alert)],
    );
    expect(events).toEqual([
      { action: 'OPENED', actor_id: null, actor_client_id: null },
      { action: 'ACKNOWLEDGED', actor_id: null, actor_client_id: id },
      { action: 'RESOLVED', actor_id: null, actor_client_id: id },
    ]);
    const history = await request(ALERT_HISTORY, { id: alert }, two.a.tokens.admin);
    expect(history.errors).toBeUndefined();
    expect(history.data!.node.history).toEqual([
      { action: 'OPENED', note: null, actorKind: 'SYSTEM', actorName: null },
      { action: 'ACKNOWLEDGED', note: '已派人跟进', actorKind: 'API_CLIENT', actorName: 'alert handler' },
      { action: 'RESOLVED', note: '已整改', actorKind: 'API_CLIENT', actorName: 'alert handler' },
    ]);
    for (const operation of ['acknowledgeAlert', 'resolveAlert'])
      expect(await audits(operation, id)).toEqual([{ actor_kind: 'API_CLIENT', actor_id: id }]);

    // a user's acknowledgement shows the user's name to users
    const other = await insertAlert('a', 1, 'YELLOW', 'PARTICIPATION_RATE');
    await ok(ACKNOWLEDGE, { alertId: other, note: '收到' }, two.a.tokens.communityWorker);
    const byUser = await request(ALERT_HISTORY, { id: other }, two.a.tokens.admin);
    expect(byUser.data!.node.history[1]).toEqual({
      action: 'ACKNOWLEDGED',
      note: '收到',
      actorKind: 'USER',
      actorName: 'communityWorker',
    });

    // without ALERTS_WRITE: FORBIDDEN, and the alert is unchanged
    for (const scope of ['ALERTS_READ', 'RECORDS_WRITE']) {
      const refusedKey = scope === 'RECORDS_WRITE' ? clients.writer.key : clients[scope].key;
      expect(codeOf(await request(RESOLVE_ALERT, { input: { alertId: other, note: 'x' } }, refusedKey))).toBe(
        'FORBIDDEN',
      );
    }
    const [row] = await two.t.sql<{ status: string }>(`select status from alerts where id = $1`, [rowId(other)]);
    expect(row.status).toBe('ACKNOWLEDGED');
  });

  it('handles only alerts assigned to a unit of its subtree; another district’s: NOT_FOUND', async () => {
    // courtyard 1: street 1, community 1; courtyard 4: street 2, community 3
    const red1 = await insertAlert('a', 0, 'RED', 'SATISFACTION_SCORE');
    const yellow1 = await insertAlert('a', 0, 'YELLOW', 'SELF_FUNDING_RATE');
    const red4 = await insertAlert('a', 3, 'RED', 'SATISFACTION_SCORE');
    const yellow4 = await insertAlert('a', 3, 'YELLOW', 'SELF_FUNDING_RATE');
    const handle = async (name: string, alertId: string) =>
      codes(await payload(ACKNOWLEDGE, { alertId, note: '跟进' }, clients[name].key));
    // the community's client: its community's yellow alerts, not the street's red ones
    expect(await handle('community writer', red1)).toEqual(['FORBIDDEN']);
    expect(await handle('community writer', yellow4)).toEqual(['FORBIDDEN']);
    expect(await handle('community writer', yellow1)).toEqual([]);
    // a courtyard's client: no unit of its subtree is assigned alerts
    expect(await handle('courtyard writer', red1)).toEqual(['FORBIDDEN']);
    // the street's client: its street's red and yellow alerts
    expect(await handle('street writer', red4)).toEqual(['FORBIDDEN']);
    expect(await handle('street writer', red1)).toEqual([]);
    expect(await handle('street writer', yellow4)).toEqual(['FORBIDDEN']);
    // a client of the whole district
    expect(await handle('alert handler', yellow4)).toEqual([]);
    const bAlert = await insertAlert('b', 0, 'RED', 'SATISFACTION_SCORE');
    expect(await handle('alert handler', bAlert)).toEqual(['NOT_FOUND']);
    expect(await handle('alert handler', red4)).toEqual([]);
  });

  it('reads ledgers, records by id and the rollout with RECORDS_READ only', async () => {
    const courtyardId = two.a.courtyards[0];
    const recorded = await ok(RECORD_ACTIVITY, activity(courtyardId), two.a.tokens.admin);
    const entry = await ok(RECORD_ENTRY, income(courtyardId), two.a.tokens.admin);
    const proposalId = await openProposal();
    const voteId = (await ok(CAST_VOTE, vote(proposalId, '1-102'), two.a.tokens.admin)).vote.id;
    const plan = await request(
      `mutation { createRolloutPlan(input: { name: "试点", startsOn: "2026-01-01" }) { rolloutPlan { id } userErrors { code } } }`,
      {},
      two.a.tokens.admin,
    );
    expect(plan.data!.createRolloutPlan.userErrors).toEqual([]);
    const planId = plan.data!.createRolloutPlan.rolloutPlan.id;

    const reader = clients.RECORDS_READ.key;
    const ids = [recorded.activity.id, entry.entry.id, proposalId, voteId, planId];
    for (const id of ids) {
      const found = await request(NODE, { id }, reader);
      expect({ id, node: found.data?.node?.id ?? codeOf(found) }).toEqual({ id, node: id });
      const refused = await request(NODE, { id }, clients.KPI_READ.key);
      expect({ id, code: codeOf(refused) }).toEqual({ id, code: 'FORBIDDEN' });
    }
    const ledger = await request(LEDGER, { id: courtyardId }, reader);
    expect(ledger.errors).toBeUndefined();
    expect(ledger.data!.node.ledger.entries.totalCount).toBeGreaterThan(0);
    expect(codeOf(await request(LEDGER, { id: courtyardId }, clients.writer.key))).toBe('FORBIDDEN');
    const rollout = await request(ROLLOUT, {}, reader);
    expect(rollout.errors).toBeUndefined();
    expect(rollout.data!.rolloutPlan.id).toBe(planId);
    expect(rollout.data!.rolloutPlan.milestones).toHaveLength(12);
    expect(codeOf(await request(ROLLOUT, {}, clients.ALERTS_READ.key))).toBe('FORBIDDEN');

    // within its subtree only: a courtyard's client does not see another courtyard's records
    const limited = await client('courtyard 2 reader', ['RECORDS_READ'], two.a.courtyards[1]);
    expect((await request(NODE, { id: recorded.activity.id }, limited)).data!.node).toBeNull();
    expect((await request(NODE, { id: entry.entry.id }, limited)).data!.node).toBeNull();
    // another district's: null
    const bActivity = (await ok(RECORD_ACTIVITY, activity(two.b.courtyards[0]), two.b.tokens.admin)).activity.id;
    expect((await request(NODE, { id: bActivity }, reader)).data!.node).toBeNull();
  });

  it('masks contacts for a client with every scope', async () => {
    const result = await request(HOUSEHOLDS, { id: two.a.courtyards[0] }, clients.everything.key);
    expect(result.errors).toBeUndefined();
    expect(result.data!.node.households.edges[0].node).toEqual({
      code: '1-101',
      contactName: '张*',
      contactPhone: '138****5678',
    });
  });

  it('never manages users, clients, the hierarchy, targets or the plan, whatever its scopes', async () => {
    const key = clients.everything.key;
    const attempts: [string, string][] = [
      [
        'createUser',
        `mutation { createUser(input: { email: "x@wa.test", password: "correct-horse-battery", displayName: "x", role: VIEWER }) { userErrors { code } } }`,
      ],
      [
        'createApiClient',
        `mutation { createApiClient(input: { name: "x", scopes: [KPI_READ] }) { userErrors { code } } }`,
      ],
      ['createStreet', `mutation { createStreet(input: { name: "x", code: "wa-S9" }) { userErrors { code } } }`],
      [
        'registerHouseholds',
        `mutation { registerHouseholds(input: { courtyardId: "${two.a.courtyards[0]}", households: [{ code: "9-9" }] }) { userErrors { code } } }`,
      ],
      [
        'setKpiTarget',
        `mutation { setKpiTarget(input: { kpi: SATISFACTION_SCORE, phase: PILOT, target: 70 }) { userErrors { code } } }`,
      ],
      [
        'createRolloutPlan',
        `mutation { createRolloutPlan(input: { name: "x", startsOn: "2026-01-01" }) { userErrors { code } } }`,
      ],
      [
        'designateDemonstration',
        `mutation { designateDemonstration(input: { courtyardId: "${two.a.courtyards[0]}", since: "2026-11-01" }) { userErrors { code } } }`,
      ],
      ['users', `{ users(first: 5) { totalCount } }`],
      ['apiClients', `{ apiClients(first: 5) { totalCount } }`],
    ];
    for (const [name, query] of attempts) {
      const result = await request(query, {}, key);
      expect({ name, code: codeOf(result) ?? result.errors ?? 'OK' }).toEqual({ name, code: 'FORBIDDEN' });
    }
  });

  it('imports attendance with RECORDS_WRITE over the whole district, and reads its own imports only', async () => {
    const csv = Buffer.from('courtyard_code,activity_title,held_on,household_code\n', 'utf8').toString('base64');
    const input = { kind: 'ATTENDANCE', filename: 'attendance.csv', contentBase64: csv };
    const started = await ok(START_IMPORT, input, clients.writer.key);
    const importId = started.import.id;
    const [row] = await two.t.sql<{ created_by: string | null; created_by_client: string | null }>(
      `select created_by, created_by_client from imports where id = $1`,
      [rowId(importId)],
    );
    expect(row).toEqual({ created_by: null, created_by_client: clients.writer.id });
    expect(await audits('startImport', clients.writer.id)).toEqual([
      { actor_kind: 'API_CLIENT', actor_id: clients.writer.id },
    ]);

    // its own uploads, and their jobs; not the district admin's
    await ok(START_IMPORT, input, two.a.tokens.admin);
    const listed = await request(IMPORTS, {}, clients.writer.key);
    expect(listed.data!.imports.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([importId]);
    expect((await request(JOB, { id: started.job.id }, clients.writer.key)).data!.job).toEqual({ id: started.job.id });
    expect((await request(NODE, { id: importId }, clients.writer.key)).data!.node).toEqual({
      id: importId,
      __typename: 'Import',
    });
    expect((await request(IMPORTS, {}, clients.everything.key)).data!.imports.totalCount).toBe(0);
    expect((await request(NODE, { id: importId }, clients.everything.key)).data!.node).toBeNull();
    expect((await request(JOB, { id: started.job.id }, clients.everything.key)).data!.job).toBeNull();
    expect(codeOf(await request(IMPORTS, {}, clients.RECORDS_READ.key))).toBe('FORBIDDEN');

    // courtyards and households are the hierarchy; a client limited to a subtree imports nothing
    for (const kind of ['COURTYARDS', 'HOUSEHOLDS'])
      expect(codes(await payload(START_IMPORT, { ...input, kind }, clients.writer.key))).toEqual(['FORBIDDEN']);
    expect(codes(await payload(START_IMPORT, input, clients['street writer'].key))).toEqual(['FORBIDDEN']);
    expect(codeOf(await request(START_IMPORT, { input }, clients.RECORDS_READ.key))).toBe('FORBIDDEN');
  });
});
