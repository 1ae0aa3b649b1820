import { REGISTER_HOUSEHOLDS } from './helpers/documents';
import { createDistrictFixture, platformToken, type DistrictFixture } from './helpers/fixtures';
import { expectNoNode } from './helpers/expectations';
import { startTestApp, type TestApp } from './helpers/test-app';

// Every record mutation run by district A's users with district B's ids: NOT_FOUND, nothing of
// B in the answer and nothing of B changed. Then the scopes inside A: a courtyard committee
// records in its courtyard and nowhere else, a community worker in its community, a street
// officer in its street; VIEWER and the platform operator never.

const ERRORS = 'userErrors { field message code }';
const MUTATIONS = {
  recordActivity: `mutation($input: RecordActivityInput!) { recordActivity(input: $input) { activity { id title } ${ERRORS} } }`,
  registerDispute: `mutation($input: RegisterDisputeInput!) { registerDispute(input: $input) { dispute { id status } ${ERRORS} } }`,
  resolveDispute: `mutation($input: ResolveDisputeInput!) { resolveDispute(input: $input) { dispute { id status } ${ERRORS} } }`,
  createServiceRequest: `mutation($input: CreateServiceRequestInput!) { createServiceRequest(input: $input) { serviceRequest { id status } ${ERRORS} } }`,
  respondToServiceRequest: `mutation($input: RespondToServiceRequestInput!) { respondToServiceRequest(input: $input) { serviceRequest { id status } ${ERRORS} } }`,
  resolveServiceRequest: `mutation($input: ResolveServiceRequestInput!) { resolveServiceRequest(input: $input) { serviceRequest { id status } ${ERRORS} } }`,
  registerIdleSpace: `mutation($input: RegisterIdleSpaceInput!) { registerIdleSpace(input: $input) { idleSpace { id status } ${ERRORS} } }`,
  changeIdleSpaceStatus: `mutation($input: ChangeIdleSpaceStatusInput!) { changeIdleSpaceStatus(input: $input) { idleSpace { id status } ${ERRORS} } }`,
  recordSurveyResponses: `mutation($input: RecordSurveyResponsesInput!) { recordSurveyResponses(input: $input) { recordedCount ${ERRORS} } }`,
} as const;
type Operation = keyof typeof MUTATIONS;

const NODE = `query($id: ID!) { node(id: $id) { id __typename } }`;
const COURTYARD_RECORDS = `query($id: ID!) { node(id: $id) { ... on Courtyard {
  activities { totalCount edges { node { id } } } disputes { totalCount edges { node { id } } }
  serviceRequests { totalCount edges { node { id } } } idleSpaces { totalCount edges { node { id } } }
  surveySummary(period: "2026") { responses }
} } }`;

interface Records {
  courtyard: string;
  activity: string;
  dispute: string;
  serviceRequest: string;
  idleSpace: string;
}

/** Inputs of every record mutation, aimed at a courtyard and its records. */
function inputs(records: Records): [Operation, Record<string, unknown>][] {
  const courtyardId = records.courtyard;
  return [
    [
      'recordActivity',
      {
        courtyardId,
        kind: 'CULTURAL',
        title: '中秋晚会',
        heldOn: '2026-09-25',
        attendance: [{ householdCode: '1-101' }],
      },
    ],
    ['registerDispute', { courtyardId, category: 'PETS', reportedOn: '2026-09-01' }],
    ['resolveDispute', { disputeId: records.dispute, resolvedOn: '2026-09-03', channel: 'MEDIATION' }],
    ['createServiceRequest', { courtyardId, category: '水电', householdCode: '1-101' }],
    ['respondToServiceRequest', { serviceRequestId: records.serviceRequest }],
    ['resolveServiceRequest', { serviceRequestId: records.serviceRequest }],
    ['registerIdleSpace', { courtyardId, name: '地下室', areaSqm: 40, registeredOn: '2026-05-01' }],
    ['changeIdleSpaceStatus', { idleSpaceId: records.idleSpace, status: 'RENOVATING', changedOn: '2026-06-01' }],
    [
      'recordSurveyResponses',
      { courtyardId, takenOn: '2026-09-30', responses: [{ householdCode: '1-101', score: 88 }] },
    ],
  ];
}

const RECORD_TABLES = [
  'activities',
  'activity_attendance',
  'disputes',
  'service_requests',
  'idle_spaces',
  'idle_space_status_changes',
  'survey_responses',
];

describe('records: isolation and scopes', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let b: DistrictFixture;
  let bRecords: Records;
  const roles = ['admin', 'streetOfficer', 'communityWorker', 'courtyardCommittee', 'viewer'] as const;

  async function ok(token: string, operation: Operation, input: Record<string, unknown>) {
    const result = await t.client.request(MUTATIONS[operation], { input }, { token });
    const payload = result.data?.[operation];
    if (!payload || payload.userErrors.length) throw new Error(`${operation} failed: ${JSON.stringify(result)}`);
    return payload;
  }

  /** Records of a courtyard whose first household is 1-101, made by the district admin. */
  async function seed(fixture: DistrictFixture, courtyard: string): Promise<Records> {
    const token = fixture.tokens.admin;
    const activity = await ok(token, 'recordActivity', {
      courtyardId: courtyard,
      kind: 'VOLUNTEER_SERVICE',
      title: '清扫楼道',
      heldOn: '2026-08-01',
      attendance: [{ householdCode: '1-101' }],
    });
    const dispute = await ok(token, 'registerDispute', {
      courtyardId: courtyard,
      category: 'NOISE',
      reportedOn: '2026-08-02',
    });
    const request = await ok(token, 'createServiceRequest', { courtyardId: courtyard, category: '门禁' });
    const space = await ok(token, 'registerIdleSpace', {
      courtyardId: courtyard,
      name: '自行车棚',
      areaSqm: 30.25,
      registeredOn: '2026-04-01',
    });
    return {
      courtyard,
      activity: activity.activity.id,
      dispute: dispute.dispute.id,
      serviceRequest: request.serviceRequest.id,
      idleSpace: space.idleSpace.id,
    };
  }

  const snapshot = async (tenantCode: string) => {
    const result: Record<string, string> = {};
    for (const table of RECORD_TABLES) {
      const [row] = await t.sql<{ digest: string }>(
        `select count(*) || ':' || md5(coalesce(string_agg(r::text, ',' order by r::text), '')) as digest from ${table} r where tenant_id = (select id from districts where code = $1)`,
        [tenantCode],
      );
      result[table] = row.digest;
    }
    return result;
  };

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'reca');
    b = await createDistrictFixture(t.client, 'recb');
    // every courtyard of A has a household 1-101 (the fixture registers it in courtyard 1 only)
    for (const courtyard of a.courtyards.slice(1)) {
      await t.client.request(
        REGISTER_HOUSEHOLDS,
        { input: { courtyardId: courtyard, households: [{ code: '1-101' }] } },
        { token: a.tokens.admin },
      );
    }
    bRecords = await seed(b, b.courtyards[0]);
    await ok(b.tokens.admin, 'recordSurveyResponses', {
      courtyardId: b.courtyards[0],
      takenOn: '2026-08-03',
      responses: [{ householdCode: '1-101', score: 70 }],
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("every record mutation with B's ids answers NOT_FOUND to every role of A and changes nothing of B", async () => {
    const before = await snapshot('recb');
    const bIds = Object.values(bRecords);
    for (const role of roles) {
      for (const [operation, input] of inputs(bRecords)) {
        const result = await t.client.request(MUTATIONS[operation], { input }, { token: a.tokens[role] });
        expect({ role, operation, errors: result.errors }).toEqual({ role, operation, errors: undefined });
        const payload = result.data![operation];
        expect({ role, operation, codes: payload.userErrors.map((error: any) => error.code) }).toEqual({
          role,
          operation,
          codes: ['NOT_FOUND'],
        });
        const text = JSON.stringify(result.data);
        expect(bIds.filter((id) => text.includes(id))).toEqual([]);
      }
    }
    expect(await snapshot('recb')).toEqual(before);
    // and nothing was written in A either
    expect(Object.values(await snapshot('reca')).every((digest) => digest.startsWith('0:'))).toBe(true);
  });

  it("node(id) of B's records is null for A, and B's courtyard shows nothing", async () => {
    for (const role of roles) {
      for (const id of Object.values(bRecords)) {
        await expectNoNode(t.client, NODE, { id, role, token: a.tokens[role] });
      }
      const courtyard = await t.client.request(COURTYARD_RECORDS, { id: b.courtyards[0] }, { token: a.tokens[role] });
      expect(courtyard.data?.node).toBeNull();
    }
    // B sees its own
    const own = await t.client.request(NODE, { id: bRecords.dispute }, { token: b.tokens.viewer });
    expect(own.data!.node).toEqual({ id: bRecords.dispute, __typename: 'Dispute' });
  });

  describe('scopes inside A', () => {
    // courtyard 1 and 2 are in community 1 of street 1, courtyard 3 in community 2 of street 1, courtyard 4 in street 2
    let recordsOf: Records[];

    beforeAll(async () => {
      recordsOf = [];
      for (const courtyard of a.courtyards) recordsOf.push(await seed(a, courtyard));
    });

    const attempt = async (token: string, records: Records) => {
      const codes: Record<string, string[]> = {};
      for (const [operation, input] of inputs(records)) {
        const result = await t.client.request(MUTATIONS[operation], { input }, { token });
        expect(result.errors).toBeUndefined();
        codes[operation] = result.data![operation].userErrors.map((error: any) => error.code);
      }
      return codes;
    };
    const every = (codes: string[]) =>
      Object.fromEntries(Object.keys(MUTATIONS).map((operation) => [operation, codes]));

    it('a courtyard committee records in its courtyard only', async () => {
      expect(await attempt(a.tokens.courtyardCommittee, recordsOf[1])).toEqual(every(['FORBIDDEN']));
      expect(await attempt(a.tokens.courtyardCommittee, recordsOf[3])).toEqual(every(['FORBIDDEN']));
      expect(await attempt(a.tokens.courtyardCommittee, recordsOf[0])).toEqual(every([]));
    });

    it('a community worker records in its community, a street officer in its street', async () => {
      expect(await attempt(a.tokens.communityWorker, recordsOf[2])).toEqual(every(['FORBIDDEN']));
      expect(await attempt(a.tokens.communityWorker, recordsOf[1])).toEqual(every([]));
      expect(await attempt(a.tokens.streetOfficer, recordsOf[3])).toEqual(every(['FORBIDDEN']));
      expect(await attempt(a.tokens.streetOfficer, recordsOf[2])).toEqual(every([]));
    });

    it('VIEWER writes nothing, and the refusals store nothing', async () => {
      const before = await snapshot('reca');
      for (const records of recordsOf) expect(await attempt(a.tokens.viewer, records)).toEqual(every(['FORBIDDEN']));
      expect(await snapshot('reca')).toEqual(before);
      const [audit] = await t.sql(
        `select count(*)::int as n from audit_log where detail->'userErrors' ? 'FORBIDDEN' and operation = 'recordActivity'`,
      );
      expect(audit.n).toBeGreaterThanOrEqual(4);
    });

    it('the platform operator gets FORBIDDEN', async () => {
      const token = await platformToken(t.client);
      for (const [operation, input] of inputs(recordsOf[0])) {
        const result = await t.client.request(MUTATIONS[operation], { input }, { token });
        expect({ operation, code: result.errors?.[0].extensions?.code }).toEqual({ operation, code: 'FORBIDDEN' });
      }
    });

    it("a committee reads its courtyard's records only", async () => {
      const own = await t.client.request(
        COURTYARD_RECORDS,
        { id: a.courtyards[0] },
        { token: a.tokens.courtyardCommittee },
      );
      expect(own.errors).toBeUndefined();
      expect(own.data!.node.disputes.totalCount).toBeGreaterThan(0);
      for (const id of [
        recordsOf[1].activity,
        recordsOf[1].dispute,
        recordsOf[1].serviceRequest,
        recordsOf[1].idleSpace,
      ]) {
        const other = await t.client.request(NODE, { id }, { token: a.tokens.courtyardCommittee });
        expect(other.data!.node).toBeNull();
      }
      const mine = await t.client.request(NODE, { id: recordsOf[0].activity }, { token: a.tokens.courtyardCommittee });
      expect(mine.data!.node).toEqual({ id: recordsOf[0].activity, __typename: 'Activity' });
    });
  });
});
