import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { MilestoneKey, MilestoneStatus } from '@xiaoyuan/domain';
import { evaluateMilestones, type Execute, type PlanForEvaluation } from '../src/rules/milestone-evaluation';
import { connect, createTestDatabase, type TestDatabase } from './test-database';

// Milestones worked by hand from DOMAIN.md §3. The plan starts on 2026-01-10 with a pilot of 3;
// due dates: month 3 → 2026-03-31, 6 → 2026-06-30, 9 → 2026-09-30, 12 → 2026-12-31,
// 15 → 2027-03-31, 24 → 2027-12-31, 30 → 2028-06-30, 42 → 2029-06-30, 54 → 2030-06-30.
let db: TestDatabase;
let app: Client;
const tenant = randomUUID();
const planId = randomUUID();
const plan: PlanForEvaluation = { id: planId, startsOn: '2026-01-10', pilotSize: 3, timezone: 'Asia/Shanghai' };
const courtyard = { Y1: randomUUID(), Y2: randomUUID(), Y3: randomUUID(), Y4: randomUUID(), Y5: randomUUID() };

beforeAll(async () => {
  db = await createTestDatabase();
  const superuser = await connect(db.url);
  const street = randomUUID();
  const community = randomUUID();
  const household = randomUUID();
  const proposal = randomUUID();
  const milestone = randomUUID();
  const user = randomUUID();
  await superuser.query(`
    insert into districts (id, name, code) values ('${tenant}', 'D', 'd');
    insert into streets (tenant_id, id, code, name) values ('${tenant}', '${street}', 'S', 'S');
    insert into communities (tenant_id, id, street_id, code, name) values ('${tenant}', '${community}', '${street}', 'C', 'C');
    insert into courtyards (tenant_id, id, street_id, community_id, code, name, type, household_count)
      select '${tenant}', id::uuid, '${street}', '${community}', code, code, 'OTHER', 10
        from (values ('${courtyard.Y1}', 'Y1'), ('${courtyard.Y2}', 'Y2'), ('${courtyard.Y3}', 'Y3'), ('${courtyard.Y4}', 'Y4'), ('${courtyard.Y5}', 'Y5')) v (id, code);
    insert into users (tenant_id, id, email, password_hash, display_name, role) values ('${tenant}', '${user}', 'a@d.test', 'x', 'A', 'DISTRICT_ADMIN');
    insert into rollout_plans (tenant_id, id, name, starts_on, pilot_size) values ('${tenant}', '${planId}', 'Plan', '2026-01-10', 3);
    insert into milestones (tenant_id, id, plan_id, key, due_month, manual) values ('${tenant}', '${milestone}', '${planId}', 'PILOT_SUMMARY', 12, true);
    insert into milestone_confirmations (tenant_id, milestone_id, met_on, note, confirmed_by) values ('${tenant}', '${milestone}', '2026-12-20', '试点总结大会', '${user}');
    insert into enrollments (tenant_id, plan_id, courtyard_id, batch, enrolled_on) values
      ('${tenant}', '${planId}', '${courtyard.Y1}', 1, '2026-01-15'), ('${tenant}', '${planId}', '${courtyard.Y2}', 1, '2026-01-15'),
      ('${tenant}', '${planId}', '${courtyard.Y3}', 1, '2026-01-15'), ('${tenant}', '${planId}', '${courtyard.Y4}', 2, '2026-04-01');
    -- committees: Y4's was elected before it was enrolled, so it counts from its enrolment
    insert into committee_elections (tenant_id, courtyard_id, elected_on) values
      ('${tenant}', '${courtyard.Y1}', '2026-02-01'), ('${tenant}', '${courtyard.Y2}', '2026-02-20'),
      ('${tenant}', '${courtyard.Y3}', '2026-03-15'), ('${tenant}', '${courtyard.Y4}', '2026-01-05');
    -- charters: Y1 complete 04-10, Y2 02-02, Y3 07-05 (late); Y2 adopts all five by 09-01
    insert into institutions (tenant_id, courtyard_id, kind, adopted_on) values
      ('${tenant}', '${courtyard.Y1}', 'RESPONSIBILITY_LIST', '2026-03-01'), ('${tenant}', '${courtyard.Y1}', 'CONVENTION', '2026-04-10'),
      ('${tenant}', '${courtyard.Y2}', 'RESPONSIBILITY_LIST', '2026-02-01'), ('${tenant}', '${courtyard.Y2}', 'CONVENTION', '2026-02-02'),
      ('${tenant}', '${courtyard.Y2}', 'DELIBERATION_RULES', '2026-08-01'), ('${tenant}', '${courtyard.Y2}', 'FINANCIAL_RULES', '2026-08-15'),
      ('${tenant}', '${courtyard.Y2}', 'SUPERVISORY_BOARD', '2026-09-01'),
      ('${tenant}', '${courtyard.Y3}', 'RESPONSIBILITY_LIST', '2026-05-01'), ('${tenant}', '${courtyard.Y3}', 'CONVENTION', '2026-07-05');
    -- first use: Y1 activity 05-01, Y3 activity 06-15, Y2 a vote cast at 2026-06-30 17:00 UTC = 07-01 in Shanghai
    insert into households (tenant_id, id, courtyard_id, code) values ('${tenant}', '${household}', '${courtyard.Y2}', '1-101');
    insert into activities (tenant_id, courtyard_id, kind, title, held_on) values
      ('${tenant}', '${courtyard.Y1}', 'CULTURAL', 'a', '2026-05-01'), ('${tenant}', '${courtyard.Y3}', 'TRAINING', 'b', '2026-06-15');
    insert into proposals (tenant_id, id, courtyard_id, title, tier, rule) values ('${tenant}', '${proposal}', '${courtyard.Y2}', 'p', 'MINOR', 'SIMPLE_MAJORITY');
    insert into votes (tenant_id, proposal_id, household_id, choice, channel, cast_at) values ('${tenant}', '${proposal}', '${household}', 'FOR', 'ONLINE', '2026-06-30T17:00:00Z');
    insert into demonstration_designations (tenant_id, courtyard_id, since) values
      ('${tenant}', '${courtyard.Y1}', '2027-01-01'), ('${tenant}', '${courtyard.Y2}', '2027-02-01'),
      ('${tenant}', '${courtyard.Y3}', '2027-03-01'), ('${tenant}', '${courtyard.Y4}', '2027-04-01');
  `);
  await superuser.end();
  app = await connect(db.appUrl);
  await app.query('begin');
  await app.query(`select set_config('app.tenant_id', $1, true)`, [tenant]);
});

afterAll(async () => {
  await app?.query('rollback');
  await app?.end();
  await db?.drop();
});

const execute: Execute = async (sql, params) => {
  let index = 0;
  const result = await app.query(
    sql.replace(/\?/g, () => `$${++index}`),
    params,
  );
  return result.rows;
};

async function milestone(key: MilestoneKey, asOf: string) {
  const all = await evaluateMilestones(execute, plan, asOf);
  const found = all.find((candidate) => candidate.key === key)!;
  return { status: found.status, metOn: found.metOn, dueOn: found.dueOn };
}

it('lists all twelve milestones with their due dates', async () => {
  const all = await evaluateMilestones(execute, plan, '2026-01-20');
  expect(all.map((m) => [m.key, m.dueOn])).toEqual([
    ['PILOT_COMMITTEES_ELECTED', '2026-03-31'],
    ['PILOT_CHARTERS_ADOPTED', '2026-06-30'],
    ['DIGITAL_PLATFORM_LIVE', '2026-09-30'],
    ['PILOT_SUMMARY', '2026-12-31'],
    ['SECOND_BATCH_ENROLLED', '2027-03-31'],
    ['DEMONSTRATION_COURTYARDS', '2027-12-31'],
    ['PLATFORM_FULL_COVERAGE', '2028-06-30'],
    ['MIDTERM_EVALUATION', '2028-12-31'],
    ['ALL_COURTYARDS_ENROLLED', '2029-06-30'],
    ['ALLIANCE_FORMED', '2029-12-31'],
    ['LONG_TERM_MECHANISMS', '2030-06-30'],
    ['FINAL_ACCEPTANCE', '2030-12-31'],
  ]);
  expect(all.every((m) => m.status === MilestoneStatus.PENDING)).toBe(true);
});

it('elects the pilot committees: pending, at risk within 31 days, met on the third election', async () => {
  const key = MilestoneKey.PILOT_COMMITTEES_ELECTED;
  expect(await milestone(key, '2026-02-15')).toMatchObject({ status: 'PENDING', metOn: null }); // 44 days ahead
  expect(await milestone(key, '2026-02-28')).toMatchObject({ status: 'AT_RISK', metOn: null }); // 31 days ahead
  expect(await milestone(key, '2026-03-14')).toMatchObject({ status: 'AT_RISK', metOn: null });
  expect(await milestone(key, '2026-03-15')).toMatchObject({ status: 'MET', metOn: '2026-03-15' });
  expect(await milestone(key, '2027-01-01')).toMatchObject({ status: 'MET', metOn: '2026-03-15' });
});

it('adopts the pilot charters late: at risk on the due date, missed after it, met late in July', async () => {
  const key = MilestoneKey.PILOT_CHARTERS_ADOPTED;
  expect(await milestone(key, '2026-06-30')).toMatchObject({ status: 'AT_RISK', metOn: null });
  expect(await milestone(key, '2026-07-01')).toMatchObject({ status: 'MISSED', metOn: null });
  expect(await milestone(key, '2026-07-05')).toMatchObject({ status: 'MET', metOn: '2026-07-05' });
});

it("dates a vote by the district's local day", async () => {
  const key = MilestoneKey.DIGITAL_PLATFORM_LIVE;
  expect(await milestone(key, '2026-06-30')).toMatchObject({ status: 'PENDING', metOn: null });
  expect(await milestone(key, '2026-07-01')).toMatchObject({ status: 'MET', metOn: '2026-07-01' });
});

it('takes a manual milestone from its confirmation, not before the confirmed date', async () => {
  const key = MilestoneKey.PILOT_SUMMARY;
  expect(await milestone(key, '2026-12-15')).toMatchObject({ status: 'AT_RISK', metOn: null });
  expect(await milestone(key, '2026-12-20')).toMatchObject({ status: 'MET', metOn: '2026-12-20' });
  expect(await milestone(MilestoneKey.MIDTERM_EVALUATION, '2029-01-01')).toMatchObject({
    status: 'MISSED',
    metOn: null,
  });
});

it('counts enrolments, designations and coverage', async () => {
  expect(await milestone(MilestoneKey.SECOND_BATCH_ENROLLED, '2027-04-01')).toMatchObject({ status: 'MISSED' }); // 4 of 23
  expect(await milestone(MilestoneKey.DEMONSTRATION_COURTYARDS, '2027-12-01')).toMatchObject({ status: 'AT_RISK' }); // 4 of 5
  expect(await milestone(MilestoneKey.PLATFORM_FULL_COVERAGE, '2028-06-01')).toMatchObject({ status: 'AT_RISK' }); // Y4 unused
  expect(await milestone(MilestoneKey.ALL_COURTYARDS_ENROLLED, '2029-07-01')).toMatchObject({ status: 'MISSED' }); // Y5 not enrolled
  expect(await milestone(MilestoneKey.LONG_TERM_MECHANISMS, '2030-07-01')).toMatchObject({ status: 'MISSED' }); // 1 of 4 complete
});

it('meets the count milestones once the records arrive, on their own dates', async () => {
  await app.query('savepoint more');
  await app.query(`
    insert into enrollments (tenant_id, plan_id, courtyard_id, batch, enrolled_on) values ('${tenant}', '${planId}', '${courtyard.Y5}', 3, '2026-08-01');
    insert into demonstration_designations (tenant_id, courtyard_id, since) values ('${tenant}', '${courtyard.Y5}', '2027-06-30');
    insert into activities (tenant_id, courtyard_id, kind, title, held_on) values
      ('${tenant}', '${courtyard.Y4}', 'OTHER', 'c', '2026-10-01'), ('${tenant}', '${courtyard.Y5}', 'OTHER', 'd', '2026-09-01');
    insert into institutions (tenant_id, courtyard_id, kind, adopted_on)
      select '${tenant}', c.id, k.kind, '2027-05-05'
        from courtyards c cross join (values ('RESPONSIBILITY_LIST'), ('CONVENTION'), ('DELIBERATION_RULES'), ('FINANCIAL_RULES'), ('SUPERVISORY_BOARD')) k (kind)
       where not exists (select 1 from institutions i where i.courtyard_id = c.id and i.kind = k.kind);
  `);
  try {
    expect(await milestone(MilestoneKey.ALL_COURTYARDS_ENROLLED, '2026-09-01')).toMatchObject({
      status: 'MET',
      metOn: '2026-08-01',
    });
    expect(await milestone(MilestoneKey.DEMONSTRATION_COURTYARDS, '2028-01-01')).toMatchObject({
      status: 'MET',
      metOn: '2027-06-30',
    });
    expect(await milestone(MilestoneKey.PLATFORM_FULL_COVERAGE, '2028-01-01')).toMatchObject({
      status: 'MET',
      metOn: '2026-10-01',
    });
    expect(await milestone(MilestoneKey.LONG_TERM_MECHANISMS, '2028-01-01')).toMatchObject({
      status: 'MET',
      metOn: '2027-05-05',
    });
    // the pilot's charters once met stay met on the first date, whatever came later
    expect(await milestone(MilestoneKey.PILOT_CHARTERS_ADOPTED, '2028-01-01')).toMatchObject({
      status: 'MET',
      metOn: '2026-07-05',
    });
  } finally {
    await app.query('rollback to savepoint more');
  }
});
