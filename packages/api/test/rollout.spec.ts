import { localDate, toGlobalId } from '@xiaoyuan/schema';
import { CREATE_COURTYARD } from './helpers/documents';
import { createDistrictFixture, platformToken, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

// The rollout plan of DOMAIN.md §3 through the API, worked by hand. District A's plan starts on
// 2025-01-15, so plan month 1 is January 2025: PILOT Jan–Dec 2025 (months 1–12), PROMOTION
// Jan 2026–Dec 2027 (13–36), CONSOLIDATION Jan 2028–Dec 2029 (37–60). A has five courtyards, so the
// promotion targets ceil(0.5 × 5) = 3 and consolidation 5; the pilot targets its pilotSize, 2.

const CREATE_PLAN = `mutation CreateRolloutPlan($input: CreateRolloutPlanInput!) {
  createRolloutPlan(input: $input) {
    rolloutPlan { id name startsOn pilotSize phases { key startMonth endMonth } milestones { key dueMonth dueOn } }
    userErrors { field message code }
  }
}`;
const ENROLL = `mutation EnrollCourtyards($input: EnrollCourtyardsInput!) {
  enrollCourtyards(input: $input) { enrollments { batch enrolledOn courtyard { id } } userErrors { field message code } }
}`;
const ELECT = `mutation RecordCommitteeElection($input: RecordCommitteeElectionInput!) {
  recordCommitteeElection(input: $input) { courtyard { id committeeElectedOn } userErrors { field message code } }
}`;
const CONFIRM = `mutation ConfirmMilestone($input: ConfirmMilestoneInput!) {
  confirmMilestone(input: $input) { milestone { key status metOn } userErrors { field message code } }
}`;
const PROGRESS = `query RolloutProgress($asOf: Date) {
  rolloutPlan {
    id name startsOn
    currentPhase(asOf: $asOf) { key }
    phases { key startMonth endMonth targetCourtyards enrolledCourtyards(asOf: $asOf) }
    milestones(asOf: $asOf) { key dueMonth dueOn status metOn }
  }
}`;
const BOARD = `query Board($asOf: Date, $first: Int, $after: String, $batch: Int) {
  rolloutPlan {
    id
    batches { number enrolledOn courtyardCount }
    enrollments(first: $first, after: $after, batch: $batch) { totalCount pageInfo { hasNextPage endCursor } edges { node { batch enrolledOn courtyard { id code enrolledOn batch } } } }
    milestones(asOf: $asOf) { key status metOn manual confirmation { metOn note evidenceUrl confirmedBy { displayName } confirmedAt } }
  }
}`;

describe('rollout plan', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let b: DistrictFixture;
  /** A's fifth courtyard (community 3) */
  let y5: string;
  let tomorrow: string;

  const errorsOf = (payload: { userErrors: { code: string; field: string[] | null }[] }) =>
    payload.userErrors.map((error) => [error.code, error.field]);
  const count = async (table: string, tenant: DistrictFixture) =>
    (
      await t.sql<{ n: number }>(
        `select count(*)::int n from ${table} where tenant_id = (select id from districts where code = $1)`,
        [tenant.code],
      )
    )[0].n;
  const progress = async (asOf: string | null, token = a.tokens.admin) => {
    const result = await t.client.request(PROGRESS, { asOf }, { token });
    expect(result.errors).toBeUndefined();
    return result.data!.rolloutPlan;
  };
  const milestone = async (key: string, asOf: string) =>
    (await progress(asOf)).milestones.find((m: { key: string }) => m.key === key);

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'roa');
    b = await createDistrictFixture(t.client, 'rob');
    const created = await t.client.request(
      CREATE_COURTYARD,
      {
        input: {
          communityId: a.communities[2],
          name: 'roa 小院 5',
          code: 'roa-Y5',
          type: 'COMMERCIAL_HOUSING',
          householdCount: 50,
        },
      },
      { token: a.tokens.admin },
    );
    y5 = created.data!.createCourtyard.courtyard.id;
    const today = localDate('Asia/Shanghai');
    tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 24 * 3600 * 1000).toISOString().slice(0, 10);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has no plan before one is created, and refuses enrolment then', async () => {
    expect(await progress(null)).toBeNull();
    const result = await t.client.request(
      ENROLL,
      { input: { batch: 1, courtyardIds: [a.courtyards[0]], enrolledOn: '2025-02-01' } },
      { token: a.tokens.admin },
    );
    expect(errorsOf(result.data!.enrollCourtyards)).toEqual([['INVALID', ['input']]]);
    expect(await count('enrollments', a)).toBe(0);
  });

  it('lets only the district admin create a plan, and checks its input', async () => {
    for (const role of ['streetOfficer', 'communityWorker', 'courtyardCommittee', 'viewer'] as const) {
      const result = await t.client.request(
        CREATE_PLAN,
        { input: { name: '计划', startsOn: '2025-01-15' } },
        { token: a.tokens[role] },
      );
      expect({ role, errors: errorsOf(result.data!.createRolloutPlan) }).toEqual({
        role,
        errors: [['FORBIDDEN', ['input']]],
      });
    }
    const platform = await t.client.request(
      CREATE_PLAN,
      { input: { name: '计划', startsOn: '2025-01-15' } },
      { token: await platformToken(t.client) },
    );
    expect(platform.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await t.client.request(
      CREATE_PLAN,
      { input: { name: ' ', startsOn: '2025-01-15', pilotSize: 0 } },
      { token: a.tokens.admin },
    );
    expect(errorsOf(bad.data!.createRolloutPlan)).toEqual([
      ['INVALID', ['input', 'name']],
      ['INVALID', ['input', 'pilotSize']],
    ]);
    const malformed = await t.client.request(
      CREATE_PLAN,
      { input: { name: '计划', startsOn: '2025-02-30' } },
      { token: a.tokens.admin },
    );
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count('rollout_plans', a)).toBe(0);
  });

  it('creates the plan with its three phases and twelve milestones; one active plan per district', async () => {
    const result = await t.client.request(
      CREATE_PLAN,
      { input: { name: '小院自治推进计划', startsOn: '2025-01-15', pilotSize: 2 } },
      { token: a.tokens.admin },
    );
    const payload = result.data!.createRolloutPlan;
    expect(payload.userErrors).toEqual([]);
    expect(payload.rolloutPlan).toMatchObject({
      name: '小院自治推进计划',
      startsOn: '2025-01-15',
      pilotSize: 2,
      phases: [
        { key: 'PILOT', startMonth: 1, endMonth: 12 },
        { key: 'PROMOTION', startMonth: 13, endMonth: 36 },
        { key: 'CONSOLIDATION', startMonth: 37, endMonth: 60 },
      ],
    });
    // each milestone is due on the last day of its month: month 3 = March 2025, month 60 = December 2029
    expect(
      payload.rolloutPlan.milestones.map((m: { key: string; dueMonth: number; dueOn: string }) => [
        m.key,
        m.dueMonth,
        m.dueOn,
      ]),
    ).toEqual([
      ['PILOT_COMMITTEES_ELECTED', 3, '2025-03-31'],
      ['PILOT_CHARTERS_ADOPTED', 6, '2025-06-30'],
      ['DIGITAL_PLATFORM_LIVE', 9, '2025-09-30'],
      ['PILOT_SUMMARY', 12, '2025-12-31'],
      ['SECOND_BATCH_ENROLLED', 15, '2026-03-31'],
      ['DEMONSTRATION_COURTYARDS', 24, '2026-12-31'],
      ['PLATFORM_FULL_COVERAGE', 30, '2027-06-30'],
      ['MIDTERM_EVALUATION', 36, '2027-12-31'],
      ['ALL_COURTYARDS_ENROLLED', 42, '2028-06-30'],
      ['ALLIANCE_FORMED', 48, '2028-12-31'],
      ['LONG_TERM_MECHANISMS', 54, '2029-06-30'],
      ['FINAL_ACCEPTANCE', 60, '2029-12-31'],
    ]);
    const phases = await t.sql(
      `select key, start_month, end_month, target_courtyards, target_share::text from rollout_phases p join districts d on d.id = p.tenant_id where d.code = 'roa' order by start_month`,
    );
    expect(phases).toEqual([
      { key: 'PILOT', start_month: 1, end_month: 12, target_courtyards: 2, target_share: null },
      { key: 'PROMOTION', start_month: 13, end_month: 36, target_courtyards: null, target_share: '0.5000' },
      { key: 'CONSOLIDATION', start_month: 37, end_month: 60, target_courtyards: null, target_share: '1.0000' },
    ]);
    const manual = await t.sql(
      `select key from milestones m join districts d on d.id = m.tenant_id where d.code = 'roa' and manual order by due_month`,
    );
    expect(manual.map((row) => row.key)).toEqual([
      'PILOT_SUMMARY',
      'MIDTERM_EVALUATION',
      'ALLIANCE_FORMED',
      'FINAL_ACCEPTANCE',
    ]);
    expect(await count('milestones', a)).toBe(12);

    const second = await t.client.request(
      CREATE_PLAN,
      { input: { name: '第二个计划', startsOn: '2026-01-01' } },
      { token: a.tokens.admin },
    );
    expect(errorsOf(second.data!.createRolloutPlan)).toEqual([['DUPLICATE', ['input']]]);
    expect(await count('rollout_plans', a)).toBe(1);
    expect(await count('rollout_phases', a)).toBe(3);

    // B's plan takes the default pilot size of 30
    const inB = await t.client.request(
      CREATE_PLAN,
      { input: { name: 'B 计划', startsOn: '2025-03-01' } },
      { token: b.tokens.admin },
    );
    expect(inB.data!.createRolloutPlan.rolloutPlan.pilotSize).toBe(30);
  });

  it('gives the current phase on any date: null before month 1, then PILOT, PROMOTION, CONSOLIDATION', async () => {
    for (const [asOf, key] of [
      ['2024-12-31', null], // month 0
      ['2025-01-01', 'PILOT'], // month 1 is the month containing startsOn
      ['2025-12-31', 'PILOT'], // month 12
      ['2026-01-01', 'PROMOTION'], // month 13
      ['2027-12-31', 'PROMOTION'], // month 36
      ['2028-01-01', 'CONSOLIDATION'], // month 37
      ['2031-06-01', 'CONSOLIDATION'], // after month 60 the plan stays in consolidation
    ] as const) {
      const plan = await progress(asOf);
      expect({ asOf, phase: plan.currentPhase?.key ?? null }).toEqual({ asOf, phase: key });
    }
  });

  it('enrols courtyards all or nothing, refusing enrolled, repeated, unknown and badly dated ones', async () => {
    const admin = a.tokens.admin;
    const first = await t.client.request(
      ENROLL,
      { input: { batch: 1, courtyardIds: a.courtyards.slice(0, 3), enrolledOn: '2025-01-20' } },
      { token: admin },
    );
    expect(first.data!.enrollCourtyards.userErrors).toEqual([]);
    expect(first.data!.enrollCourtyards.enrollments).toEqual(
      a.courtyards.slice(0, 3).map((id) => ({ batch: 1, enrolledOn: '2025-01-20', courtyard: { id } })),
    );

    const attempts: [Record<string, unknown>, [string, string[]][]][] = [
      [
        { batch: 2, courtyardIds: [y5, a.courtyards[0]], enrolledOn: '2025-06-01' },
        [['ALREADY_ENROLLED', ['input', 'courtyardIds', '1']]],
      ],
      [
        { batch: 2, courtyardIds: [y5, a.courtyards[3], y5], enrolledOn: '2025-06-01' },
        [['DUPLICATE', ['input', 'courtyardIds', '2']]],
      ],
      [
        {
          batch: 2,
          courtyardIds: [y5, 'bm9wZQ', toGlobalId('Street', '00000000-0000-4000-8000-000000000000')],
          enrolledOn: '2025-06-01',
        },
        [
          ['NOT_FOUND', ['input', 'courtyardIds', '1']],
          ['NOT_FOUND', ['input', 'courtyardIds', '2']],
        ],
      ],
      [{ batch: 2, courtyardIds: [y5], enrolledOn: tomorrow }, [['INVALID', ['input', 'enrolledOn']]]],
      [{ batch: 2, courtyardIds: [y5], enrolledOn: '2025-01-14' }, [['INVALID', ['input', 'enrolledOn']]]],
      [{ batch: 0, courtyardIds: [y5], enrolledOn: '2025-06-01' }, [['INVALID', ['input', 'batch']]]],
      [{ batch: 2, courtyardIds: [], enrolledOn: '2025-06-01' }, [['INVALID', ['input', 'courtyardIds']]]],
    ];
    for (const [input, expected] of attempts) {
      const result = await t.client.request(ENROLL, { input }, { token: admin });
      expect({ input, errors: errorsOf(result.data!.enrollCourtyards) }).toEqual({ input, errors: expected });
      expect(result.data!.enrollCourtyards.enrollments).toEqual([]);
    }
    expect(await count('enrollments', a)).toBe(3);
    const english = await t.client.request(
      ENROLL,
      { input: { batch: 2, courtyardIds: [a.courtyards[1]], enrolledOn: '2025-06-01' } },
      { token: admin, language: 'en' },
    );
    expect(english.data!.enrollCourtyards.userErrors[0].message).toBe('The courtyard is enrolled already (batch 1)');
    const future = await t.client.request(
      ENROLL,
      { input: { batch: 2, courtyardIds: [y5], enrolledOn: tomorrow } },
      { token: admin, language: 'en' },
    );
    expect(future.data!.enrollCourtyards.userErrors[0].message).toMatch(
      /^The date may not be later than today \(\d{4}-\d\d-\d\d\)$/,
    );

    const second = await t.client.request(
      ENROLL,
      { input: { batch: 2, courtyardIds: [a.courtyards[3]], enrolledOn: '2025-06-01' } },
      { token: admin },
    );
    expect(second.data!.enrollCourtyards.userErrors).toEqual([]);
    expect(await count('enrollments', a)).toBe(4);
  });

  it('lets no one but the district admin enrol', async () => {
    for (const role of ['streetOfficer', 'communityWorker', 'courtyardCommittee', 'viewer'] as const) {
      const result = await t.client.request(
        ENROLL,
        { input: { batch: 3, courtyardIds: [y5], enrolledOn: '2025-07-01' } },
        { token: a.tokens[role] },
      );
      expect({ role, errors: errorsOf(result.data!.enrollCourtyards) }).toEqual({
        role,
        errors: [['FORBIDDEN', ['input']]],
      });
    }
    expect(await count('enrollments', a)).toBe(4);
  });

  it('shows phase targets, enrolment counts as of a date, batches and enrolments', async () => {
    const targets = (plan: { phases: { key: string; targetCourtyards: number; enrolledCourtyards: number }[] }) =>
      plan.phases.map((phase) => [phase.key, phase.targetCourtyards, phase.enrolledCourtyards]);
    expect(targets(await progress('2025-01-19'))).toEqual([
      ['PILOT', 2, 0],
      ['PROMOTION', 3, 0],
      ['CONSOLIDATION', 5, 0],
    ]);
    expect(targets(await progress('2025-01-20'))).toEqual([
      ['PILOT', 2, 3],
      ['PROMOTION', 3, 3],
      ['CONSOLIDATION', 5, 3],
    ]);
    expect(targets(await progress(null))).toEqual([
      ['PILOT', 2, 4],
      ['PROMOTION', 3, 4],
      ['CONSOLIDATION', 5, 4],
    ]);

    const board = await t.client.request(BOARD, { first: 2 }, { token: a.tokens.admin });
    expect(board.errors).toBeUndefined();
    const plan = board.data!.rolloutPlan;
    expect(plan.batches).toEqual([
      { number: 1, enrolledOn: '2025-01-20', courtyardCount: 3 },
      { number: 2, enrolledOn: '2025-06-01', courtyardCount: 1 },
    ]);
    expect(plan.enrollments.totalCount).toBe(4);
    expect(plan.enrollments.pageInfo.hasNextPage).toBe(true);
    const next = await t.client.request(
      BOARD,
      { first: 2, after: plan.enrollments.pageInfo.endCursor },
      { token: a.tokens.admin },
    );
    const all = [...plan.enrollments.edges, ...next.data!.rolloutPlan.enrollments.edges].map(
      (edge: { node: { courtyard: { id: string } } }) => edge.node.courtyard.id,
    );
    expect(all.sort()).toEqual(a.courtyards.slice().sort());
    expect(next.data!.rolloutPlan.enrollments.pageInfo.hasNextPage).toBe(false);
    const batchTwo = await t.client.request(BOARD, { batch: 2 }, { token: a.tokens.admin });
    expect(batchTwo.data!.rolloutPlan.enrollments.edges).toEqual([
      {
        node: {
          batch: 2,
          enrolledOn: '2025-06-01',
          courtyard: { id: a.courtyards[3], code: 'roa-Y4', enrolledOn: '2025-06-01', batch: 2 },
        },
      },
    ]);
    // a community worker lists the enrolments of its community only; the counts stay district-wide
    const worker = await t.client.request(BOARD, {}, { token: a.tokens.communityWorker });
    expect(worker.data!.rolloutPlan.enrollments.totalCount).toBe(2);
    expect(worker.data!.rolloutPlan.batches[0].courtyardCount).toBe(3);
  });

  it('evaluates PILOT_COMMITTEES_ELECTED from elections recorded through the API: pending, at risk, met', async () => {
    // due 2025-03-31; it needs pilotSize = 2 enrolled courtyards with a committee elected by then
    const elect = async (token: string, courtyardId: string, electedOn: string) => {
      const result = await t.client.request(ELECT, { input: { courtyardId, electedOn } }, { token });
      expect(result.data!.recordCommitteeElection.userErrors).toEqual([]);
    };
    await elect(a.tokens.communityWorker, a.courtyards[0], '2025-02-10');
    await elect(a.tokens.admin, a.courtyards[1], '2025-03-05');
    await elect(a.tokens.admin, y5, '2025-02-01'); // not enrolled: does not count

    expect(await milestone('PILOT_COMMITTEES_ELECTED', '2025-02-27')).toMatchObject({ status: 'PENDING', metOn: null }); // 32 days before
    expect(await milestone('PILOT_COMMITTEES_ELECTED', '2025-02-28')).toMatchObject({ status: 'AT_RISK', metOn: null }); // 31 days before
    expect(await milestone('PILOT_COMMITTEES_ELECTED', '2025-03-04')).toMatchObject({ status: 'AT_RISK', metOn: null }); // one committee only
    expect(await milestone('PILOT_COMMITTEES_ELECTED', '2025-03-05')).toMatchObject({
      status: 'MET',
      metOn: '2025-03-05',
    });
    expect(await milestone('PILOT_COMMITTEES_ELECTED', '2025-04-30')).toMatchObject({
      status: 'MET',
      metOn: '2025-03-05',
    });
    // the charters were never adopted: missed once its due date (2025-06-30) has passed
    expect(await milestone('PILOT_CHARTERS_ADOPTED', '2025-06-30')).toMatchObject({ status: 'AT_RISK', metOn: null });
    expect(await milestone('PILOT_CHARTERS_ADOPTED', '2025-07-01')).toMatchObject({ status: 'MISSED', metOn: null });
    // SECOND_BATCH_ENROLLED needs pilotSize + 20 = 22 courtyards: A has 5
    expect(await milestone('SECOND_BATCH_ENROLLED', '2026-04-01')).toMatchObject({ status: 'MISSED', metOn: null });
  });

  it('confirms manual milestones by hand only, with a note and an http(s) evidence link', async () => {
    const admin = a.tokens.admin;
    const automatic = await t.client.request(
      CONFIRM,
      { input: { key: 'PILOT_COMMITTEES_ELECTED', metOn: '2025-03-01', note: '已完成' } },
      { token: admin, language: 'en' },
    );
    expect(errorsOf(automatic.data!.confirmMilestone)).toEqual([['INVALID', ['input', 'key']]]);
    expect(automatic.data!.confirmMilestone.userErrors[0].message).toBe(
      'This milestone is evaluated automatically from the records: it cannot be confirmed by hand',
    );
    const bad = await t.client.request(
      CONFIRM,
      { input: { key: 'PILOT_SUMMARY', metOn: tomorrow, note: '  ', evidenceUrl: 'javascript:alert(1)' } },
      { token: admin },
    );
    expect(errorsOf(bad.data!.confirmMilestone)).toEqual([
      ['INVALID', ['input', 'metOn']],
      ['INVALID', ['input', 'note']],
      ['INVALID', ['input', 'evidenceUrl']],
    ]);
    const ftp = await t.client.request(
      CONFIRM,
      { input: { key: 'PILOT_SUMMARY', metOn: '2026-01-10', note: '总结', evidenceUrl: 'ftp://example.org/a' } },
      { token: admin },
    );
    expect(errorsOf(ftp.data!.confirmMilestone)).toEqual([['INVALID', ['input', 'evidenceUrl']]]);
    for (const role of ['streetOfficer', 'communityWorker', 'viewer'] as const) {
      const result = await t.client.request(
        CONFIRM,
        { input: { key: 'PILOT_SUMMARY', metOn: '2026-01-10', note: '总结' } },
        { token: a.tokens[role] },
      );
      expect(errorsOf(result.data!.confirmMilestone)).toEqual([['FORBIDDEN', ['input']]]);
    }
    expect(await count('milestone_confirmations', a)).toBe(0);

    // PILOT_SUMMARY is due 2025-12-31: at risk from 2025-11-30, missed from 2026-01-01
    expect(await milestone('PILOT_SUMMARY', '2025-11-29')).toMatchObject({ status: 'PENDING' });
    expect(await milestone('PILOT_SUMMARY', '2025-11-30')).toMatchObject({ status: 'AT_RISK' });
    expect(await milestone('PILOT_SUMMARY', '2026-01-01')).toMatchObject({ status: 'MISSED' });
    const confirmed = await t.client.request(
      CONFIRM,
      {
        input: {
          key: 'PILOT_SUMMARY',
          metOn: '2026-01-10',
          note: ' 试点总结大会，印发《小院自治工作手册》 ',
          evidenceUrl: 'https://example.org/summary.pdf',
        },
      },
      { token: admin },
    );
    expect(confirmed.data!.confirmMilestone).toEqual({
      milestone: { key: 'PILOT_SUMMARY', status: 'MET', metOn: '2026-01-10' },
      userErrors: [],
    });
    // met late: missed as of a date before the confirmation's metOn
    expect(await milestone('PILOT_SUMMARY', '2026-01-09')).toMatchObject({ status: 'MISSED', metOn: null });
    const board = await t.client.request(BOARD, { asOf: '2026-02-01' }, { token: a.tokens.viewer });
    const summary = board.data!.rolloutPlan.milestones.find((m: { key: string }) => m.key === 'PILOT_SUMMARY');
    expect(summary).toMatchObject({
      status: 'MET',
      metOn: '2026-01-10',
      manual: true,
      confirmation: {
        metOn: '2026-01-10',
        note: '试点总结大会，印发《小院自治工作手册》',
        evidenceUrl: 'https://example.org/summary.pdf',
        // a VIEWER is not shown who confirmed it: users are for the roles that manage them
        confirmedBy: null,
      },
    });
    expect(Date.parse(summary.confirmation.confirmedAt)).toBeGreaterThan(Date.now() - 60_000);
    const early = await t.client.request(BOARD, { asOf: '2026-01-09' }, { token: admin });
    expect(
      early.data!.rolloutPlan.milestones.find((m: { key: string }) => m.key === 'PILOT_SUMMARY').confirmation,
    ).toBeNull();
    expect(
      board.data!.rolloutPlan.milestones.find((m: { key: string }) => m.key === 'PILOT_COMMITTEES_ELECTED'),
    ).toMatchObject({ manual: false, confirmation: null });
    // the district admin (who manages users) is
    const adminBoard = await t.client.request(BOARD, { asOf: '2026-02-01' }, { token: admin });
    expect(
      adminBoard.data!.rolloutPlan.milestones.find((m: { key: string }) => m.key === 'PILOT_SUMMARY').confirmation
        .confirmedBy,
    ).toEqual({ displayName: 'roa 区 管理员' });

    const again = await t.client.request(
      CONFIRM,
      { input: { key: 'PILOT_SUMMARY', metOn: '2026-01-05', note: '再次确认' } },
      { token: admin },
    );
    expect(errorsOf(again.data!.confirmMilestone)).toEqual([['DUPLICATE', ['input', 'key']]]);
    expect(await count('milestone_confirmations', a)).toBe(1);
  });

  it('answers the board in a bounded number of queries, whatever the number of courtyards and milestones', async () => {
    const knex = t.app.services.orm.em.getConnection().getKnex();
    const queriesOf = async (query: string, variables: Record<string, unknown>) => {
      let queries = 0;
      const counter = () => queries++;
      knex.on('query', counter);
      const result = await t.client.request(query, variables, { token: a.tokens.admin });
      knex.off('query', counter);
      expect(result.errors).toBeUndefined();
      return queries;
    };
    // begin, scope, caller, plan, batches, page + count, time zone, courtyards, 4 facts, 2 for the milestones, confirmations + users, commit
    expect(await queriesOf(BOARD, { first: 100 })).toBeLessThanOrEqual(18);
    // begin, scope, caller, plan, phases, time zone, enrolment counts, 2 for the milestones, commit
    expect(await queriesOf(PROGRESS, {})).toBeLessThanOrEqual(10);
  });

  it("keeps districts apart: A's users with B's ids get NOT_FOUND or FORBIDDEN, and nothing of B changes", async () => {
    const bEnrolled = await t.client.request(
      ENROLL,
      { input: { batch: 1, courtyardIds: [b.courtyards[0]], enrolledOn: '2025-03-02' } },
      { token: b.tokens.admin },
    );
    expect(bEnrolled.data!.enrollCourtyards.userErrors).toEqual([]);
    const before = {
      enrollments: await count('enrollments', b),
      plans: await count('rollout_plans', b),
      confirmations: await count('milestone_confirmations', b),
    };
    const bIds = [...b.courtyards, b.id];
    const leaks = (value: unknown) => bIds.filter((id) => JSON.stringify(value).includes(id));

    const enrol = await t.client.request(
      ENROLL,
      { input: { batch: 3, courtyardIds: [b.courtyards[1]], enrolledOn: '2025-07-01' } },
      { token: a.tokens.admin },
    );
    expect(errorsOf(enrol.data!.enrollCourtyards)).toEqual([['NOT_FOUND', ['input', 'courtyardIds', '0']]]);
    for (const role of ['streetOfficer', 'communityWorker', 'viewer'] as const) {
      const result = await t.client.request(
        ENROLL,
        { input: { batch: 3, courtyardIds: [b.courtyards[1]], enrolledOn: '2025-07-01' } },
        { token: a.tokens[role] },
      );
      expect(errorsOf(result.data!.enrollCourtyards)).toEqual([['FORBIDDEN', ['input']]]);
    }
    // B's plan by node id is nothing to A; A's board shows A's plan and A's courtyards only
    const [bPlan] = await t.sql<{ id: string }>(
      `select p.id from rollout_plans p join districts d on d.id = p.tenant_id where d.code = 'rob'`,
    );
    const node = await t.client.request(
      `query($id: ID!) { node(id: $id) { id ... on RolloutPlan { name } } }`,
      { id: toGlobalId('RolloutPlan', bPlan.id) },
      { token: a.tokens.admin },
    );
    expect(node.data!.node).toBeNull();
    const [aPlan] = await t.sql<{ id: string }>(
      `select p.id from rollout_plans p join districts d on d.id = p.tenant_id where d.code = 'roa'`,
    );
    const own = await t.client.request(
      `query($id: ID!) { node(id: $id) { id ... on RolloutPlan { name pilotSize } } }`,
      { id: toGlobalId('RolloutPlan', aPlan.id) },
      { token: a.tokens.viewer },
    );
    expect(own.data!.node).toEqual({ id: toGlobalId('RolloutPlan', aPlan.id), name: '小院自治推进计划', pilotSize: 2 });
    for (const role of ['admin', 'streetOfficer', 'communityWorker', 'courtyardCommittee', 'viewer'] as const) {
      const board = await t.client.request(BOARD, { first: 100 }, { token: a.tokens[role] });
      expect(board.errors).toBeUndefined();
      expect(board.data!.rolloutPlan.id).toBe(toGlobalId('RolloutPlan', aPlan.id));
      expect(leaks(board.data)).toEqual([]);
    }
    const bProgress = await progress(null, b.tokens.admin);
    expect(bProgress.phases.map((phase: { enrolledCourtyards: number }) => phase.enrolledCourtyards)).toEqual([
      1, 1, 1,
    ]);
    expect(bProgress.phases.map((phase: { targetCourtyards: number }) => phase.targetCourtyards)).toEqual([30, 2, 4]);
    expect({
      enrollments: await count('enrollments', b),
      plans: await count('rollout_plans', b),
      confirmations: await count('milestone_confirmations', b),
    }).toEqual(before);
  });

  it('audits every rollout mutation with its target and outcome', async () => {
    const rows = await t.sql<{ operation: string; target_type: string | null; ok: string; codes: string | null }>(
      `select l.operation, l.target_type, l.detail->>'ok' as ok, l.detail->>'userErrors' as codes
         from audit_log l join districts d on d.id = l.tenant_id
        where d.code = 'roa' and l.operation in ('createRolloutPlan', 'enrollCourtyards', 'confirmMilestone') order by l.at, l.id`,
    );
    const summary = (operation: string) => rows.filter((row) => row.operation === operation);
    expect(summary('createRolloutPlan').filter((row) => row.ok === 'true')).toEqual([
      { operation: 'createRolloutPlan', target_type: 'RolloutPlan', ok: 'true', codes: null },
    ]);
    expect(summary('createRolloutPlan').some((row) => row.codes === '["DUPLICATE"]')).toBe(true);
    expect(summary('enrollCourtyards').filter((row) => row.ok === 'true')).toHaveLength(2);
    expect(
      summary('enrollCourtyards').some(
        (row) => row.codes === '["ALREADY_ENROLLED"]' && row.target_type === 'RolloutPlan',
      ),
    ).toBe(true);
    expect(summary('confirmMilestone').filter((row) => row.ok === 'true')).toEqual([
      { operation: 'confirmMilestone', target_type: 'Milestone', ok: 'true', codes: null },
    ]);
    const [detail] = await t.sql<{ detail: Record<string, unknown> }>(
      `select l.detail from audit_log l join districts d on d.id = l.tenant_id where d.code = 'roa' and l.operation = 'enrollCourtyards' and l.detail->>'ok' = 'true' order by l.at limit 1`,
    );
    expect(detail.detail).toMatchObject({ batch: 1, enrolledOn: '2025-01-20', courtyards: 3 });
  });
});
