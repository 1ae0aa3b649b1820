import { localDate } from '@xiaoyuan/schema';
import { REGISTER_HOUSEHOLDS } from './helpers/documents';
import { createDistrictFixture, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

// Activities and their attendance (DOMAIN.md §5), worked by hand on district A's courtyard 1,
// which has the households 1-101, 1-102 (fixture), 1-103 and 1-104.

const RECORD_ACTIVITY = `mutation RecordActivity($input: RecordActivityInput!) {
  recordActivity(input: $input) {
    activity { id kind title heldOn attendeeHouseholdCount participants youthParticipants }
    userErrors { field message code }
  }
}`;
const ACTIVITY = `query Activity($id: ID!, $first: Int, $after: String) { node(id: $id) { id ... on Activity {
  kind title heldOn attendeeHouseholdCount participants youthParticipants courtyard { id }
  attendance(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { householdCode participants youthParticipants household { id code } } } }
} } }`;
const COURTYARD_ACTIVITIES = `query CourtyardActivities($id: ID!, $period: Period, $first: Int, $after: String) { node(id: $id) { ... on Courtyard {
  activities(period: $period, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id title heldOn attendeeHouseholdCount } } }
} } }`;

function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

describe('recordActivity', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let courtyard: string;
  let districtRowId: string;
  const today = () => localDate('Asia/Shanghai');

  const counts = async () =>
    (
      await t.sql<{ activities: number; attendance: number }>(
        `select (select count(*) from activities)::int as activities, (select count(*) from activity_attendance)::int as attendance`,
      )
    )[0];
  const record = (input: Record<string, unknown>, token = a.tokens.admin, language?: string) =>
    t.client.request(
      RECORD_ACTIVITY,
      {
        input: {
          courtyardId: courtyard,
          kind: 'DELIBERATION_MEETING',
          title: '议事会',
          heldOn: '2026-10-08',
          attendance: [],
          ...input,
        },
      },
      { token, language },
    );

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'acta');
    courtyard = a.courtyards[0];
    const result = await t.client.request(
      REGISTER_HOUSEHOLDS,
      { input: { courtyardId: courtyard, households: [{ code: '1-103' }, { code: '1-104' }] } },
      { token: a.tokens.admin },
    );
    expect(result.data?.registerHouseholds.userErrors).toEqual([]);
    districtRowId = (await t.sql<{ id: string }>(`select id from districts where code = 'acta'`))[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores the activity and its attendance, with defaults 1 participant and 0 youth', async () => {
    const result = await record({
      title: '  十月议事会 ',
      attendance: [
        { householdCode: '1-101', participants: 3, youthParticipants: 1 },
        { householdCode: '1-102' },
        { householdCode: ' 1-103 ', participants: 2, youthParticipants: 2 },
      ],
    });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.recordActivity;
    expect(payload.userErrors).toEqual([]);
    // 3 + 1 + 2 participants, 1 + 0 + 2 youth, 3 households
    expect(payload.activity).toMatchObject({
      kind: 'DELIBERATION_MEETING',
      title: '十月议事会',
      heldOn: '2026-10-08',
      attendeeHouseholdCount: 3,
      participants: 6,
      youthParticipants: 3,
    });
    expect(
      await t.sql(
        `select h.code, a.participants, a.youth_participants from activity_attendance a join households h on h.id = a.household_id order by h.code`,
      ),
    ).toEqual([
      { code: '1-101', participants: 3, youth_participants: 1 },
      { code: '1-102', participants: 1, youth_participants: 0 },
      { code: '1-103', participants: 2, youth_participants: 2 },
    ]);

    // the attendance by household code, two to a page
    const first = await t.client.request(ACTIVITY, { id: payload.activity.id, first: 2 }, { token: a.tokens.viewer });
    expect(first.errors).toBeUndefined();
    const attendance = first.data!.node.attendance;
    expect(attendance.totalCount).toBe(3);
    expect(attendance.pageInfo.hasNextPage).toBe(true);
    expect(
      attendance.edges.map((edge: any) => [
        edge.node.householdCode,
        edge.node.participants,
        edge.node.youthParticipants,
        edge.node.household.code,
      ]),
    ).toEqual([
      ['1-101', 3, 1, '1-101'],
      ['1-102', 1, 0, '1-102'],
    ]);
    expect(first.data!.node.courtyard.id).toBe(courtyard);
    const second = await t.client.request(
      ACTIVITY,
      { id: payload.activity.id, first: 2, after: attendance.pageInfo.endCursor },
      { token: a.tokens.viewer },
    );
    expect(second.data!.node.attendance.edges.map((edge: any) => edge.node.householdCode)).toEqual(['1-103']);
    expect(second.data!.node.attendance.pageInfo.hasNextPage).toBe(false);

    const audit = await t.sql(
      `select operation, target_type, target_id::text, detail->>'ok' as ok from audit_log where operation = 'recordActivity'`,
    );
    expect(audit).toEqual([
      { operation: 'recordActivity', target_type: 'Activity', target_id: expect.any(String), ok: 'true' },
    ]);
  });

  it('allows an activity without recorded attendance', async () => {
    const result = await record({ kind: 'TRAINING', title: '消防培训', heldOn: '2026-09-20', attendance: [] });
    expect(result.data!.recordActivity).toMatchObject({
      userErrors: [],
      activity: { attendeeHouseholdCount: 0, participants: 0, youthParticipants: 0 },
    });
  });

  it('rejects the whole record when a household is unknown, naming every unknown code', async () => {
    const before = await counts();
    const result = await record(
      {
        attendance: [
          { householdCode: '1-101' },
          { householdCode: '9-999' },
          { householdCode: '1-102' },
          { householdCode: '8-888' },
        ],
      },
      a.tokens.admin,
      'en',
    );
    const payload = result.data!.recordActivity;
    expect(payload.activity).toBeNull();
    expect(payload.userErrors).toEqual([
      {
        field: ['input', 'attendance', '1', 'householdCode'],
        code: 'UNKNOWN_HOUSEHOLD',
        message: 'The courtyard has no household with the code "9-999"',
      },
      {
        field: ['input', 'attendance', '3', 'householdCode'],
        code: 'UNKNOWN_HOUSEHOLD',
        message: 'The courtyard has no household with the code "8-888"',
      },
    ]);
    expect(await counts()).toEqual(before);
    // the record is audited as refused
    const [audit] = await t.sql(
      `select target_type, detail from audit_log where operation = 'recordActivity' order by at desc limit 1`,
    );
    expect(audit).toMatchObject({
      target_type: 'Courtyard',
      detail: { ok: false, userErrors: ['UNKNOWN_HOUSEHOLD', 'UNKNOWN_HOUSEHOLD'] },
    });
  });

  it('names an unknown household in zh-CN by default; a household of another courtyard is unknown here', async () => {
    await t.client.request(
      REGISTER_HOUSEHOLDS,
      { input: { courtyardId: a.courtyards[1], households: [{ code: '2-101' }] } },
      { token: a.tokens.admin },
    );
    const before = await counts();
    const result = await record({ attendance: [{ householdCode: '2-101' }] });
    expect(result.data!.recordActivity.userErrors).toEqual([
      {
        field: ['input', 'attendance', '0', 'householdCode'],
        code: 'UNKNOWN_HOUSEHOLD',
        message: '该小院没有户编码为“2-101”的住户',
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses the same household twice, naming the second line', async () => {
    const before = await counts();
    const result = await record({
      attendance: [{ householdCode: '1-101' }, { householdCode: '1-102' }, { householdCode: '1-101', participants: 2 }],
    });
    expect(result.data!.recordActivity.userErrors).toEqual([
      {
        field: ['input', 'attendance', '2', 'householdCode'],
        code: 'DUPLICATE',
        message: expect.stringContaining('1-101'),
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses youth above participants and participants below 1', async () => {
    const before = await counts();
    const result = await record(
      {
        attendance: [
          { householdCode: '1-101', participants: 2, youthParticipants: 3 },
          { householdCode: '1-102', participants: 0 },
          { householdCode: '1-103', youthParticipants: 2 },
          { householdCode: '1-104', participants: 1, youthParticipants: -1 },
        ],
      },
      a.tokens.admin,
      'en',
    );
    expect(result.data!.recordActivity.userErrors).toEqual([
      {
        field: ['input', 'attendance', '0', 'youthParticipants'],
        code: 'INVALID',
        message: 'Youth participants must be an integer from 0 to the participants (2)',
      },
      {
        field: ['input', 'attendance', '1', 'participants'],
        code: 'INVALID',
        message: 'Participants must be an integer from 1 to 1000',
      },
      // one participant by default, so two youth are too many
      {
        field: ['input', 'attendance', '2', 'youthParticipants'],
        code: 'INVALID',
        message: 'Youth participants must be an integer from 0 to the participants (1)',
      },
      {
        field: ['input', 'attendance', '3', 'youthParticipants'],
        code: 'INVALID',
        message: 'Youth participants must be an integer from 0 to the participants (1)',
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a date after today in the district time zone, and an empty title', async () => {
    const before = await counts();
    const tomorrow = addDays(today(), 1);
    const result = await record({ heldOn: tomorrow, title: '   ' });
    expect(result.data!.recordActivity.userErrors).toEqual([
      { field: ['input', 'title'], code: 'INVALID', message: '标题不能为空，且不超过 200 个字符' },
      { field: ['input', 'heldOn'], code: 'INVALID', message: `日期不能晚于今天（${today()}）` },
    ]);
    expect(await counts()).toEqual(before);

    // today is fine; "today" is the district's: in Pago Pago (UTC−11) Kiritimati's today (UTC+14) is always in the future
    try {
      await t.sql(`update districts set timezone = 'Pacific/Pago_Pago' where id = $1`, [districtRowId]);
      const ahead = await record({ heldOn: localDate('Pacific/Kiritimati') });
      expect(ahead.data!.recordActivity.userErrors.map((error: any) => [error.code, error.field])).toEqual([
        ['INVALID', ['input', 'heldOn']],
      ]);
      const local = await record({ heldOn: localDate('Pacific/Pago_Pago'), title: '今天的活动' });
      expect(local.data!.recordActivity.userErrors).toEqual([]);
    } finally {
      await t.sql(`update districts set timezone = 'Asia/Shanghai' where id = $1`, [districtRowId]);
    }
  });

  it('malformed dates are GraphQL input errors', async () => {
    const result = await record({ heldOn: '2026-02-30' });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists the courtyard activities latest first, by period, in pages', async () => {
    const all = await t.client.request(
      COURTYARD_ACTIVITIES,
      { id: courtyard, first: 100 },
      { token: a.tokens.courtyardCommittee },
    );
    expect(all.errors).toBeUndefined();
    const dates = all.data!.node.activities.edges.map((edge: any) => edge.node.heldOn);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(all.data!.node.activities.totalCount).toBe(dates.length);

    const october = await t.client.request(
      COURTYARD_ACTIVITIES,
      { id: courtyard, period: '2026-10' },
      { token: a.tokens.admin },
    );
    expect(october.data!.node.activities).toMatchObject({
      totalCount: 1,
      edges: [{ node: { title: '十月议事会', attendeeHouseholdCount: 3 } }],
    });
    const q3 = await t.client.request(
      COURTYARD_ACTIVITIES,
      { id: courtyard, period: '2026-Q3' },
      { token: a.tokens.admin },
    );
    expect(q3.data!.node.activities.edges.map((edge: any) => edge.node.title)).toEqual(['消防培训']);

    const page1 = await t.client.request(COURTYARD_ACTIVITIES, { id: courtyard, first: 1 }, { token: a.tokens.admin });
    const page2 = await t.client.request(
      COURTYARD_ACTIVITIES,
      { id: courtyard, first: 1, after: page1.data!.node.activities.pageInfo.endCursor },
      { token: a.tokens.admin },
    );
    expect(page1.data!.node.activities.pageInfo.hasNextPage).toBe(true);
    expect(page2.data!.node.activities.edges[0].node.heldOn <= page1.data!.node.activities.edges[0].node.heldOn).toBe(
      true,
    );
    expect(page2.data!.node.activities.edges[0].node.id).not.toBe(page1.data!.node.activities.edges[0].node.id);

    const badPeriod = await t.client.request(
      COURTYARD_ACTIVITIES,
      { id: courtyard, period: '2026-13' },
      { token: a.tokens.admin },
    );
    expect(badPeriod.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
