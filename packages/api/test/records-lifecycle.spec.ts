import { localDate } from '@xiaoyuan/schema';
import { REGISTER_HOUSEHOLDS } from './helpers/documents';
import { createDistrictFixture, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

// Disputes, service requests, idle spaces and satisfaction surveys (DOMAIN.md §5), worked by hand
// on district A's courtyard 1 (households 1-101, 1-102, 1-103).

const ERRORS = 'userErrors { field message code }';
const DISPUTE_FIELDS = 'id category reportedOn summary status resolvedOn channel resolutionNote selfGoverned';
const REGISTER_DISPUTE = `mutation($input: RegisterDisputeInput!) { registerDispute(input: $input) { dispute { ${DISPUTE_FIELDS} } ${ERRORS} } }`;
const RESOLVE_DISPUTE = `mutation($input: ResolveDisputeInput!) { resolveDispute(input: $input) { dispute { ${DISPUTE_FIELDS} } ${ERRORS} } }`;
const COURTYARD_DISPUTES = `query($id: ID!, $status: DisputeStatus) { node(id: $id) { ... on Courtyard { disputes(status: $status) { totalCount edges { node { id status reportedOn } } } } } }`;

const REQUEST_FIELDS =
  'id category description status createdAt firstResponseAt resolvedAt responseHours slaMet slaDueAt household { code } courtyard { id }';
const CREATE_REQUEST = `mutation($input: CreateServiceRequestInput!) { createServiceRequest(input: $input) { serviceRequest { ${REQUEST_FIELDS} } ${ERRORS} } }`;
const RESPOND_REQUEST = `mutation($input: RespondToServiceRequestInput!) { respondToServiceRequest(input: $input) { serviceRequest { ${REQUEST_FIELDS} } ${ERRORS} } }`;
const RESOLVE_REQUEST = `mutation($input: ResolveServiceRequestInput!) { resolveServiceRequest(input: $input) { serviceRequest { ${REQUEST_FIELDS} } ${ERRORS} } }`;
const COURTYARD_REQUESTS = `query($id: ID!, $status: ServiceRequestStatus) { node(id: $id) { ... on Courtyard { serviceRequests(status: $status) { totalCount edges { node { id status slaMet } } } } } }`;

const SPACE_FIELDS = 'id name areaSqm status currentUse registeredOn history { status changedOn newUse }';
const REGISTER_SPACE = `mutation($input: RegisterIdleSpaceInput!) { registerIdleSpace(input: $input) { idleSpace { ${SPACE_FIELDS} } ${ERRORS} } }`;
const CHANGE_SPACE = `mutation($input: ChangeIdleSpaceStatusInput!) { changeIdleSpaceStatus(input: $input) { idleSpace { ${SPACE_FIELDS} } ${ERRORS} } }`;
const COURTYARD_SPACES = `query($id: ID!) { node(id: $id) { ... on Courtyard { idleSpaces { totalCount edges { node { name status areaSqm } } } } } }`;

const RECORD_SURVEY = `mutation($input: RecordSurveyResponsesInput!) { recordSurveyResponses(input: $input) { recordedCount ${ERRORS} } }`;
const SURVEY_SUMMARY = `query($id: ID!, $period: Period!) { node(id: $id) { ... on Courtyard { surveySummary(period: $period) { period responses households averageScore } } } }`;

const HOUR = 3_600_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('records lifecycle', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let courtyard: string;
  const today = () => localDate('Asia/Shanghai');
  const gql = (query: string, input: Record<string, unknown>, language?: string) =>
    t.client.request(query, { input }, { token: a.tokens.communityWorker, language });
  const audit = (operation: string) =>
    t.sql(`select target_type, detail->>'ok' as ok from audit_log where operation = $1 order by at`, [operation]);

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'lifa');
    courtyard = a.courtyards[0];
    await t.client.request(
      REGISTER_HOUSEHOLDS,
      { input: { courtyardId: courtyard, households: [{ code: '1-103' }] } },
      { token: a.tokens.admin },
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('disputes', () => {
    let disputeId: string;

    it('registers an open dispute; a future report date is refused', async () => {
      const future = await gql(
        REGISTER_DISPUTE,
        { courtyardId: courtyard, category: 'PARKING', reportedOn: addDays(today(), 1) },
        'en',
      );
      expect(future.data!.registerDispute.userErrors).toEqual([
        {
          field: ['input', 'reportedOn'],
          code: 'INVALID',
          message: `The date may not be later than today (${today()})`,
        },
      ]);

      const result = await gql(REGISTER_DISPUTE, {
        courtyardId: courtyard,
        category: 'PARKING',
        reportedOn: '2026-10-02',
        summary: '占用消防通道停车',
      });
      expect(result.data!.registerDispute).toMatchObject({
        userErrors: [],
        dispute: {
          category: 'PARKING',
          reportedOn: '2026-10-02',
          summary: '占用消防通道停车',
          status: 'OPEN',
          resolvedOn: null,
          channel: null,
          resolutionNote: null,
          selfGoverned: null,
        },
      });
      disputeId = result.data!.registerDispute.dispute.id;
      expect(await audit('registerDispute')).toEqual([
        { target_type: 'Courtyard', ok: 'false' },
        { target_type: 'Dispute', ok: 'true' },
      ]);
    });

    it('refuses a resolution before the report or in the future', async () => {
      const before = await gql(RESOLVE_DISPUTE, { disputeId, resolvedOn: '2026-10-01', channel: 'COMMITTEE' });
      expect(before.data!.resolveDispute.userErrors).toEqual([
        { field: ['input', 'resolvedOn'], code: 'INVALID', message: '日期不能早于 2026-10-02' },
      ]);
      const future = await gql(RESOLVE_DISPUTE, { disputeId, resolvedOn: addDays(today(), 1), channel: 'COMMITTEE' });
      expect(future.data!.resolveDispute.userErrors.map((error: any) => error.field)).toEqual([
        ['input', 'resolvedOn'],
      ]);
      expect(await t.sql(`select resolved_on, channel from disputes`)).toEqual([{ resolved_on: null, channel: null }]);
    });

    it('resolves once, on the report date at the earliest, and refuses a second resolution', async () => {
      const result = await gql(RESOLVE_DISPUTE, {
        disputeId,
        resolvedOn: '2026-10-02',
        channel: 'COMMITTEE',
        note: '议事会协调，划定临时车位',
      });
      expect(result.data!.resolveDispute).toMatchObject({
        userErrors: [],
        dispute: {
          id: disputeId,
          status: 'RESOLVED',
          resolvedOn: '2026-10-02',
          channel: 'COMMITTEE',
          resolutionNote: '议事会协调，划定临时车位',
          selfGoverned: true,
        },
      });
      const again = await gql(RESOLVE_DISPUTE, { disputeId, resolvedOn: '2026-10-09', channel: 'ESCALATED' }, 'en');
      expect(again.data!.resolveDispute).toEqual({
        dispute: null,
        userErrors: [
          {
            field: ['input', 'disputeId'],
            code: 'INVALID',
            message: 'This dispute was resolved already, on 2026-10-02',
          },
        ],
      });
      expect(await t.sql(`select to_char(resolved_on, 'YYYY-MM-DD') as resolved_on, channel from disputes`)).toEqual([
        { resolved_on: '2026-10-02', channel: 'COMMITTEE' },
      ]);
    });

    it('lists the courtyard disputes by status', async () => {
      await gql(REGISTER_DISPUTE, { courtyardId: courtyard, category: 'NOISE', reportedOn: '2026-10-05' });
      const all = await t.client.request(COURTYARD_DISPUTES, { id: courtyard }, { token: a.tokens.viewer });
      expect(all.data!.node.disputes.edges.map((edge: any) => [edge.node.reportedOn, edge.node.status])).toEqual([
        ['2026-10-05', 'OPEN'],
        ['2026-10-02', 'RESOLVED'],
      ]);
      const open = await t.client.request(
        COURTYARD_DISPUTES,
        { id: courtyard, status: 'OPEN' },
        { token: a.tokens.viewer },
      );
      expect(open.data!.node.disputes).toMatchObject({
        totalCount: 1,
        edges: [{ node: { reportedOn: '2026-10-05' } }],
      });
      const resolved = await t.client.request(
        COURTYARD_DISPUTES,
        { id: courtyard, status: 'RESOLVED' },
        { token: a.tokens.viewer },
      );
      expect(resolved.data!.node.disputes).toMatchObject({ totalCount: 1, edges: [{ node: { id: disputeId } }] });
    });
  });

  describe('service requests', () => {
    const iso = (time: number) => new Date(time).toISOString();

    it('measures the first response against the 8-hour SLA', async () => {
      const raised = Date.now() - 20 * HOUR;
      const created = await gql(CREATE_REQUEST, {
        courtyardId: courtyard,
        category: ' 水电 ',
        description: '楼道灯不亮',
        householdCode: '1-101',
        createdAt: iso(raised),
      });
      const request = created.data!.createServiceRequest.serviceRequest;
      expect(created.data!.createServiceRequest.userErrors).toEqual([]);
      // unanswered 20 hours after it was raised: the SLA is missed already
      expect(request).toMatchObject({
        category: '水电',
        status: 'OPEN',
        createdAt: iso(raised),
        firstResponseAt: null,
        responseHours: null,
        slaMet: false,
        slaDueAt: iso(raised + 8 * HOUR),
        household: { code: '1-101' },
        courtyard: { id: courtyard },
      });

      const early = await gql(RESPOND_REQUEST, { serviceRequestId: request.id, respondedAt: iso(raised - 1000) });
      expect(early.data!.respondToServiceRequest.userErrors).toEqual([
        { field: ['input', 'respondedAt'], code: 'INVALID', message: `时间不能早于 ${iso(raised)}` },
      ]);
      const future = await gql(
        RESPOND_REQUEST,
        { serviceRequestId: request.id, respondedAt: iso(Date.now() + HOUR) },
        'en',
      );
      expect(future.data!.respondToServiceRequest.userErrors).toEqual([
        { field: ['input', 'respondedAt'], code: 'INVALID', message: 'The time may not be later than now' },
      ]);

      // answered after 7.5 hours: within the SLA
      const answered = await gql(RESPOND_REQUEST, {
        serviceRequestId: request.id,
        respondedAt: iso(raised + 7.5 * HOUR),
      });
      expect(answered.data!.respondToServiceRequest.serviceRequest).toMatchObject({
        status: 'RESPONDED',
        firstResponseAt: iso(raised + 7.5 * HOUR),
        responseHours: 7.5,
        slaMet: true,
      });
      const twice = await gql(RESPOND_REQUEST, { serviceRequestId: request.id });
      expect(twice.data!.respondToServiceRequest.userErrors).toEqual([
        {
          field: ['input', 'serviceRequestId'],
          code: 'INVALID',
          message: `该报修已于 ${iso(raised + 7.5 * HOUR)} 首次响应`,
        },
      ]);

      const resolvedEarly = await gql(RESOLVE_REQUEST, {
        serviceRequestId: request.id,
        resolvedAt: iso(raised + 7 * HOUR),
      });
      expect(resolvedEarly.data!.resolveServiceRequest.userErrors.map((error: any) => error.field)).toEqual([
        ['input', 'resolvedAt'],
      ]);
      const resolved = await gql(RESOLVE_REQUEST, {
        serviceRequestId: request.id,
        resolvedAt: iso(raised + 12 * HOUR),
      });
      expect(resolved.data!.resolveServiceRequest.serviceRequest).toMatchObject({
        status: 'RESOLVED',
        resolvedAt: iso(raised + 12 * HOUR),
        responseHours: 7.5,
        slaMet: true,
      });
      const resolvedTwice = await gql(RESOLVE_REQUEST, { serviceRequestId: request.id });
      expect(resolvedTwice.data!.resolveServiceRequest.userErrors.map((error: any) => error.code)).toEqual(['INVALID']);
    });

    it('a late first response misses the SLA; an unanswered request within 8 hours is pending (null)', async () => {
      const raised = Date.now() - 10 * HOUR;
      const late = (await gql(CREATE_REQUEST, { courtyardId: courtyard, category: '门禁', createdAt: iso(raised) }))
        .data!.createServiceRequest.serviceRequest;
      const answered = await gql(RESPOND_REQUEST, { serviceRequestId: late.id, respondedAt: iso(raised + 9 * HOUR) });
      expect(answered.data!.respondToServiceRequest.serviceRequest).toMatchObject({ responseHours: 9, slaMet: false });

      const fresh = await gql(CREATE_REQUEST, { courtyardId: courtyard, category: '绿化' });
      expect(fresh.data!.createServiceRequest.serviceRequest).toMatchObject({
        status: 'OPEN',
        responseHours: null,
        slaMet: null,
        household: null,
      });
      // resolving an unanswered request answers it at the same time
      const resolved = await gql(RESOLVE_REQUEST, {
        serviceRequestId: fresh.data!.createServiceRequest.serviceRequest.id,
      });
      const view = resolved.data!.resolveServiceRequest.serviceRequest;
      expect(view).toMatchObject({ status: 'RESOLVED', slaMet: true });
      expect(view.firstResponseAt).toBe(view.resolvedAt);
    });

    it('refuses an unknown household, a future creation time and an empty category', async () => {
      const before = await t.sql(`select count(*)::int as n from service_requests`);
      const result = await gql(CREATE_REQUEST, {
        courtyardId: courtyard,
        category: '',
        householdCode: '9-999',
        createdAt: iso(Date.now() + 2 * HOUR),
      });
      expect(
        result.data!.createServiceRequest.userErrors.map((error: any) => [error.code, error.field.join('.')]),
      ).toEqual([
        ['INVALID', 'input.category'],
        ['INVALID', 'input.createdAt'],
        ['UNKNOWN_HOUSEHOLD', 'input.householdCode'],
      ]);
      expect(await t.sql(`select count(*)::int as n from service_requests`)).toEqual(before);
    });

    it('lists the courtyard requests by status', async () => {
      const all = await t.client.request(COURTYARD_REQUESTS, { id: courtyard }, { token: a.tokens.viewer });
      expect(all.data!.node.serviceRequests.totalCount).toBe(3);
      const resolved = await t.client.request(
        COURTYARD_REQUESTS,
        { id: courtyard, status: 'RESOLVED' },
        { token: a.tokens.viewer },
      );
      expect(resolved.data!.node.serviceRequests.totalCount).toBe(2);
      const responded = await t.client.request(
        COURTYARD_REQUESTS,
        { id: courtyard, status: 'RESPONDED' },
        { token: a.tokens.viewer },
      );
      expect(responded.data!.node.serviceRequests.edges.map((edge: any) => edge.node.slaMet)).toEqual([false]);
      expect((await audit('respondToServiceRequest')).map((row: any) => row.target_type)).toEqual(
        expect.arrayContaining(['ServiceRequest']),
      );
    });
  });

  describe('idle spaces', () => {
    let spaceId: string;
    const changes = async () =>
      (await t.sql<{ n: number }>(`select count(*)::int as n from idle_space_status_changes`))[0].n;

    it('registers a space IDLE from its registration date', async () => {
      const bad = await gql(
        REGISTER_SPACE,
        { courtyardId: courtyard, name: '', areaSqm: 12.345, registeredOn: addDays(today(), 1) },
        'en',
      );
      expect(bad.data!.registerIdleSpace.userErrors).toEqual([
        { field: ['input', 'name'], code: 'INVALID', message: 'A name holds 1–100 characters' },
        {
          field: ['input', 'areaSqm'],
          code: 'INVALID',
          message: 'The area must be greater than 0, with at most two decimals',
        },
        {
          field: ['input', 'registeredOn'],
          code: 'INVALID',
          message: `The date may not be later than today (${today()})`,
        },
      ]);
      const zero = await gql(REGISTER_SPACE, {
        courtyardId: courtyard,
        name: '车棚',
        areaSqm: 0,
        registeredOn: '2026-03-01',
      });
      expect(zero.data!.registerIdleSpace.userErrors.map((error: any) => error.field.join('.'))).toEqual([
        'input.areaSqm',
      ]);
      expect(await t.sql(`select count(*)::int as n from idle_spaces`)).toEqual([{ n: 0 }]);

      const result = await gql(REGISTER_SPACE, {
        courtyardId: courtyard,
        name: '废弃锅炉房',
        areaSqm: 120.5,
        registeredOn: '2026-03-01',
      });
      expect(result.data!.registerIdleSpace).toEqual({
        userErrors: [],
        idleSpace: {
          id: expect.any(String),
          name: '废弃锅炉房',
          areaSqm: 120.5,
          status: 'IDLE',
          currentUse: null,
          registeredOn: '2026-03-01',
          history: [{ status: 'IDLE', changedOn: '2026-03-01', newUse: null }],
        },
      });
      spaceId = result.data!.registerIdleSpace.idleSpace.id;
    });

    it('refuses a change before the registration, to the current status, in the future, or UTILIZED without a use', async () => {
      const before = await changes();
      const early = await gql(CHANGE_SPACE, { idleSpaceId: spaceId, status: 'RENOVATING', changedOn: '2026-02-28' });
      expect(early.data!.changeIdleSpaceStatus.userErrors).toEqual([
        { field: ['input', 'changedOn'], code: 'INVALID', message: '日期不能早于 2026-03-01' },
      ]);
      const same = await gql(CHANGE_SPACE, { idleSpaceId: spaceId, status: 'IDLE', changedOn: '2026-03-05' }, 'en');
      expect(same.data!.changeIdleSpaceStatus.userErrors).toEqual([
        { field: ['input', 'status'], code: 'INVALID', message: 'The new status is the current status' },
      ]);
      const noUse = await gql(CHANGE_SPACE, {
        idleSpaceId: spaceId,
        status: 'UTILIZED',
        changedOn: '2026-03-05',
        newUse: '  ',
      });
      expect(noUse.data!.changeIdleSpaceStatus.userErrors).toEqual([
        { field: ['input', 'newUse'], code: 'INVALID', message: '状态为“已利用”时须填写新用途' },
      ]);
      const future = await gql(CHANGE_SPACE, {
        idleSpaceId: spaceId,
        status: 'RENOVATING',
        changedOn: addDays(today(), 1),
      });
      expect(future.data!.changeIdleSpaceStatus.userErrors.map((error: any) => error.field.join('.'))).toEqual([
        'input.changedOn',
      ]);
      expect(await changes()).toBe(before);
    });

    it('appends dated changes: the status and the current use are the latest change', async () => {
      const renovating = await gql(CHANGE_SPACE, {
        idleSpaceId: spaceId,
        status: 'RENOVATING',
        changedOn: '2026-04-10',
        newUse: '儿童乐园',
      });
      expect(renovating.data!.changeIdleSpaceStatus.idleSpace).toMatchObject({
        status: 'RENOVATING',
        currentUse: null,
      });

      const beforeLatest = await gql(CHANGE_SPACE, {
        idleSpaceId: spaceId,
        status: 'UTILIZED',
        changedOn: '2026-04-01',
        newUse: '儿童乐园',
      });
      expect(beforeLatest.data!.changeIdleSpaceStatus.userErrors).toEqual([
        { field: ['input', 'changedOn'], code: 'INVALID', message: '日期不能早于 2026-04-10' },
      ]);

      const utilized = await gql(CHANGE_SPACE, {
        idleSpaceId: spaceId,
        status: 'UTILIZED',
        changedOn: '2026-06-01',
        newUse: '儿童乐园',
      });
      expect(utilized.data!.changeIdleSpaceStatus.idleSpace).toMatchObject({
        status: 'UTILIZED',
        currentUse: '儿童乐园',
      });

      // a second change on the same day comes after the first
      const idleAgain = await gql(CHANGE_SPACE, { idleSpaceId: spaceId, status: 'IDLE', changedOn: '2026-06-01' });
      expect(idleAgain.data!.changeIdleSpaceStatus.idleSpace).toMatchObject({
        status: 'IDLE',
        currentUse: null,
        history: [
          { status: 'IDLE', changedOn: '2026-03-01', newUse: null },
          { status: 'RENOVATING', changedOn: '2026-04-10', newUse: '儿童乐园' },
          { status: 'UTILIZED', changedOn: '2026-06-01', newUse: '儿童乐园' },
          { status: 'IDLE', changedOn: '2026-06-01', newUse: null },
        ],
      });
      const list = await t.client.request(COURTYARD_SPACES, { id: courtyard }, { token: a.tokens.courtyardCommittee });
      expect(list.data!.node.idleSpaces).toEqual({
        totalCount: 1,
        edges: [{ node: { name: '废弃锅炉房', status: 'IDLE', areaSqm: 120.5 } }],
      });
      expect((await audit('changeIdleSpaceStatus')).filter((row: any) => row.ok === 'true')).toHaveLength(3);
    });
  });

  describe('satisfaction surveys', () => {
    const stored = async () => (await t.sql<{ n: number }>(`select count(*)::int as n from survey_responses`))[0].n;

    it('stores a survey and summarises it in SQL by period', async () => {
      const result = await gql(RECORD_SURVEY, {
        courtyardId: courtyard,
        takenOn: '2026-10-15',
        responses: [
          { householdCode: '1-101', score: 80 },
          { householdCode: '1-102', score: 90 },
          { householdCode: '1-103', score: 100 },
        ],
      });
      expect(result.data!.recordSurveyResponses).toEqual({ recordedCount: 3, userErrors: [] });
      await gql(RECORD_SURVEY, {
        courtyardId: courtyard,
        takenOn: '2026-11-02',
        responses: [{ householdCode: '1-101', score: 65 }],
      });

      const summary = async (period: string) =>
        (await t.client.request(SURVEY_SUMMARY, { id: courtyard, period }, { token: a.tokens.viewer })).data!.node
          .surveySummary;
      // (80 + 90 + 100) / 3 = 90; with November's 65: 335 / 4 = 83.75 from 3 households
      expect(await summary('2026-10')).toEqual({ period: '2026-10', responses: 3, households: 3, averageScore: 90 });
      expect(await summary('2026-Q4')).toEqual({ period: '2026-Q4', responses: 4, households: 3, averageScore: 83.75 });
      expect(await summary('2026-09')).toEqual({ period: '2026-09', responses: 0, households: 0, averageScore: null });
    });

    it('is all or nothing, naming every bad response', async () => {
      const before = await stored();
      const result = await gql(
        RECORD_SURVEY,
        {
          courtyardId: courtyard,
          takenOn: '2026-12-01',
          responses: [
            { householdCode: '1-102', score: 101 },
            { householdCode: '9-999', score: 50 },
            { householdCode: '1-103', score: 70 },
            { householdCode: '1-103', score: -1 },
          ],
        },
        'en',
      );
      expect(result.data!.recordSurveyResponses).toEqual({
        recordedCount: 0,
        userErrors: [
          {
            field: ['input', 'responses', '0', 'score'],
            code: 'INVALID',
            message: 'A score is an integer from 0 to 100',
          },
          {
            field: ['input', 'responses', '1', 'householdCode'],
            code: 'UNKNOWN_HOUSEHOLD',
            message: 'The courtyard has no household with the code "9-999"',
          },
          {
            field: ['input', 'responses', '3', 'householdCode'],
            code: 'DUPLICATE',
            message: 'The code "1-103" appears more than once in this input',
          },
          {
            field: ['input', 'responses', '3', 'score'],
            code: 'INVALID',
            message: 'A score is an integer from 0 to 100',
          },
        ],
      });
      expect(await stored()).toBe(before);
    });

    it('refuses a second response of a household to the survey of the same date, an empty survey and a future date', async () => {
      const before = await stored();
      const again = await gql(RECORD_SURVEY, {
        courtyardId: courtyard,
        takenOn: '2026-10-15',
        responses: [{ householdCode: '1-102', score: 60 }],
      });
      expect(again.data!.recordSurveyResponses.userErrors).toEqual([
        {
          field: ['input', 'responses', '0', 'householdCode'],
          code: 'DUPLICATE',
          message: '该户在 2026-10-15 已有满意度评价',
        },
      ]);
      const empty = await gql(RECORD_SURVEY, { courtyardId: courtyard, takenOn: '2026-10-15', responses: [] });
      expect(empty.data!.recordSurveyResponses.userErrors).toEqual([
        { field: ['input', 'responses'], code: 'INVALID', message: '至少需要一条' },
      ]);
      const future = await gql(RECORD_SURVEY, {
        courtyardId: courtyard,
        takenOn: addDays(today(), 1),
        responses: [{ householdCode: '1-102', score: 60 }],
      });
      expect(future.data!.recordSurveyResponses.userErrors.map((error: any) => error.field.join('.'))).toEqual([
        'input.takenOn',
      ]);
      expect(await stored()).toBe(before);
      expect((await audit('recordSurveyResponses')).map((row: any) => row.ok)).toEqual([
        'true',
        'true',
        'false',
        'false',
        'false',
        'false',
      ]);
    });
  });
});
