import type { MikroORM } from '@mikro-orm/postgresql';
import {
  CourtyardType,
  DEFAULT_TIMEZONE,
  MILESTONES,
  MilestoneKey,
  DistrictClock,
  MilestoneStatus,
  QUEUES,
  VotingRule,
  decideVote,
  evaluateMilestones,
  firstDayOfPlanMonth,
  lastDayOfPlanMonth,
  withTenant,
} from '@xiaoyuan/schema';
import { firstDayMonthsBefore } from '../src/demo/demo-calendar';
import { planDemoRecords } from '../src/demo/demo-records.plan';
import type { DemoCourtyard } from '../src/demo/demo-records.types';
import type { GenerateDemoDistrictResult } from '../src/jobs/generate-demo-district.job';
import type { TestProducer } from './support/test-environment';
import { WorkerHarness, generateDemoDistrict } from './support/worker-harness';

describe('the demo district records', () => {
  let harness: WorkerHarness;
  let producer: TestProducer;
  let orm: MikroORM;
  let result: GenerateDemoDistrictResult;
  const today = new DistrictClock(DEFAULT_TIMEZONE).today();
  const startsOn = firstDayMonthsBefore(today, 14);

  const run = (jobId: string) => generateDemoDistrict(producer, { jobId });
  const query = <T = Record<string, string>>(sql: string, params: unknown[] = []) =>
    withTenant(orm.em, { tenantId: result.districtId }, (em) => em.execute<T[]>(sql, params));

  beforeAll(async () => {
    harness = await WorkerHarness.open();
    await harness.startWorker();
    producer = await harness.producer(QUEUES.demo);
    orm = harness.orm;
    result = await run('demo-records-first');
  });

  afterAll(() => harness?.close());

  it('generates the whole demo', () => {
    expect(result.created).toBe(true);
    expect(result.records.activities).toBeGreaterThan(1000);
    expect(result.records.votes).toBeGreaterThan(1000);
  });

  it('writes the rollout plan: started 14 months ago, three phases, twelve milestones, the pilot summary confirmed', async () => {
    const plans = await query<{ id: string; name: string; starts_on: string; pilot_size: number; active: boolean }>(
      `select id, name, to_char(starts_on, 'YYYY-MM-DD') as starts_on, pilot_size, active from rollout_plans`,
    );
    expect(plans).toEqual([
      { id: expect.any(String), name: '小院自治三年行动', starts_on: startsOn, pilot_size: 30, active: true },
    ]);
    const phases = await query(
      `select key, start_month, end_month, target_courtyards, target_share::float8 as target_share from rollout_phases order by start_month`,
    );
    expect(phases).toEqual([
      { key: 'PILOT', start_month: 1, end_month: 12, target_courtyards: 30, target_share: null },
      { key: 'PROMOTION', start_month: 13, end_month: 36, target_courtyards: null, target_share: 0.5 },
      { key: 'CONSOLIDATION', start_month: 37, end_month: 60, target_courtyards: null, target_share: 1 },
    ]);
    const milestones = await query<{ key: string; due_month: number; manual: boolean }>(
      `select key, due_month, manual from milestones order by due_month`,
    );
    expect(milestones).toEqual(
      MILESTONES.map((milestone) => ({ key: milestone.key, due_month: milestone.dueMonth, manual: milestone.manual })),
    );
    const confirmations = await query(
      `select m.key, to_char(c.met_on, 'YYYY-MM-DD') as met_on, c.note, u.role
         from milestone_confirmations c join milestones m on m.id = c.milestone_id join users u on u.id = c.confirmed_by`,
    );
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]).toMatchObject({
      key: 'PILOT_SUMMARY',
      note: '试点总结大会已召开',
      role: 'DISTRICT_ADMIN',
    });
    expect(
      confirmations[0].met_on >= firstDayOfPlanMonth(startsOn, 12) &&
        confirmations[0].met_on <= lastDayOfPlanMonth(startsOn, 12),
    ).toBe(true);
  });

  it('enrols 60+ courtyards in three batches, the pilot of mixed types in month 1', async () => {
    const batches = await query<{ batch: number; courtyards: number; types: number; first: string; last: string }>(
      `select e.batch, count(*)::int as courtyards, count(distinct c.type)::int as types,
              to_char(min(e.enrolled_on), 'YYYY-MM-DD') as first, to_char(max(e.enrolled_on), 'YYYY-MM-DD') as last
         from enrollments e join courtyards c on c.id = e.courtyard_id group by e.batch order by e.batch`,
    );
    expect(batches.map((batch) => batch.batch)).toEqual([1, 2, 3]);
    expect(batches.reduce((sum, batch) => sum + batch.courtyards, 0)).toBeGreaterThanOrEqual(60);
    expect(batches[0]).toMatchObject({ courtyards: 30, types: 4 });
    const inMonth = (day: string, month: number) =>
      day >= firstDayOfPlanMonth(startsOn, month) && day <= lastDayOfPlanMonth(startsOn, month);
    expect(inMonth(batches[0].first, 1) && inMonth(batches[0].last, 1)).toBe(true);
    expect(inMonth(batches[1].first, 13) && inMonth(batches[1].last, 13)).toBe(true);
    expect(inMonth(batches[2].first, 14)).toBe(true);
  });

  it('makes the milestones tell the pilot story: committees, platform, summary, second batch and demonstrations met, charters missed', async () => {
    const [plan] = await query<{ id: string }>(`select id from rollout_plans`);
    const evaluated = await withTenant(orm.em, { tenantId: result.districtId }, (em) =>
      evaluateMilestones(
        (sql, params) => em.execute(sql, params),
        { id: plan.id, startsOn, pilotSize: 30, timezone: DEFAULT_TIMEZONE },
        today,
      ),
    );
    const status = Object.fromEntries(evaluated.map((milestone) => [milestone.key, milestone.status]));
    expect(status).toMatchObject({
      [MilestoneKey.PILOT_COMMITTEES_ELECTED]: MilestoneStatus.MET,
      [MilestoneKey.PILOT_CHARTERS_ADOPTED]: MilestoneStatus.MISSED,
      [MilestoneKey.DIGITAL_PLATFORM_LIVE]: MilestoneStatus.MET,
      [MilestoneKey.PILOT_SUMMARY]: MilestoneStatus.MET,
      [MilestoneKey.SECOND_BATCH_ENROLLED]: MilestoneStatus.MET,
      [MilestoneKey.DEMONSTRATION_COURTYARDS]: MilestoneStatus.MET,
      [MilestoneKey.PLATFORM_FULL_COVERAGE]: MilestoneStatus.MET, // early: every enrolled courtyard is active
    });
    const [governance] = await query(
      `select (select count(*)::int from demonstration_designations) as demonstrations,
              (select count(*)::int from (select courtyard_id from institutions group by courtyard_id having count(*) = 5) x) as complete,
              (select count(*)::int from committee_elections) as committees`,
    );
    expect(governance.demonstrations).toBeGreaterThanOrEqual(5);
    expect(governance.demonstrations).toBeLessThanOrEqual(6);
    expect(governance.complete).toBeGreaterThanOrEqual(5);
    expect(governance.committees).toBeGreaterThanOrEqual(50);
  });

  it('has activities, ledger entries and disputes in each of the 14 months that have passed', async () => {
    const months = await query<{
      month: number;
      activities: number;
      ledger: number;
      disputes: number;
      requests: number;
    }>(
      `select m as month,
              (select count(*)::int from activities where held_on between f and l) as activities,
              (select count(*)::int from ledger_entries where occurred_on between f and l) as ledger,
              (select count(*)::int from disputes where reported_on between f and l) as disputes,
              (select count(*)::int from service_requests where (created_at at time zone ?)::date between f and l) as requests
         from generate_series(1, 14) m,
              lateral (select (?::date + (m - 1) * interval '1 month')::date as f) first_day,
              lateral (select (f + interval '1 month' - interval '1 day')::date as l) last_day
        order by m`,
      [DEFAULT_TIMEZONE, startsOn],
    );
    expect(months).toHaveLength(14);
    for (const month of months) {
      expect(month.activities).toBeGreaterThan(0);
      expect(month.ledger).toBeGreaterThan(0);
      expect(month.disputes).toBeGreaterThan(0);
      expect(month.requests).toBeGreaterThan(0);
    }
    // the pilot's months are busier once the second batch has joined
    expect(months[13].activities).toBeGreaterThan(months[11].activities);
  });

  it('dates nothing in the future', async () => {
    const [future] = await query(
      `select
         (select count(*)::int from enrollments where enrolled_on > ?::date) +
         (select count(*)::int from committee_elections where elected_on > ?::date) +
         (select count(*)::int from institutions where adopted_on > ?::date) +
         (select count(*)::int from demonstration_designations where since > ?::date) +
         (select count(*)::int from milestone_confirmations where met_on > ?::date or confirmed_at > now()) +
         (select count(*)::int from activities where held_on > ?::date or created_at > now()) +
         (select count(*)::int from disputes where reported_on > ?::date or resolved_on > ?::date) +
         (select count(*)::int from service_requests where created_at > now() or first_response_at > now() or resolved_at > now()) +
         (select count(*)::int from ledger_entries where occurred_on > ?::date or recorded_at > now()) +
         (select count(*)::int from idle_spaces where registered_on > ?::date) +
         (select count(*)::int from idle_space_status_changes where changed_on > ?::date or recorded_at > now()) +
         (select count(*)::int from survey_responses where taken_on > ?::date) +
         (select count(*)::int from proposals where created_at > now() or voting_opened_at > now() or closed_at > now() or published_at > now()) +
         (select count(*)::int from votes where cast_at > now()) as n`,
      Array(12).fill(today),
    );
    expect(future.n).toBe(0);
  });

  it('keeps every courtyard ledger balance non-negative on every day', async () => {
    const [ledger] = await query(
      `with daily as (
         select courtyard_id, occurred_on,
                sum(sum(case direction when 'INCOME' then amount_fen else -amount_fen end)) over (partition by courtyard_id order by occurred_on) as balance
           from ledger_entries group by courtyard_id, occurred_on)
       select (select count(*)::int from daily where balance < 0) as negative,
              (select count(distinct courtyard_id)::int from daily) as courtyards,
              (select count(distinct income_source)::int from ledger_entries) as sources,
              (select count(distinct expense_category)::int from ledger_entries) as categories`,
    );
    expect(ledger).toEqual({ negative: 0, courtyards: result.records.enrolledCourtyards, sources: 5, categories: 4 });
  });

  it('corrects mistakes by reversals that reference their entry and carry its occurred_on', async () => {
    const reversals = await query<Record<string, unknown>>(
      `select r.reason, r.amount_fen::bigint + o.amount_fen::bigint as net, r.occurred_on = o.occurred_on as same_day,
              r.courtyard_id = o.courtyard_id as same_courtyard, r.direction = o.direction as same_direction,
              r.income_source is not distinct from o.income_source and r.expense_category is not distinct from o.expense_category as same_account,
              r.recorded_at > o.recorded_at as recorded_later, r.recorded_by is not null as by_someone
         from ledger_entries r join ledger_entries o on o.id = r.reverses_id order by r.reason`,
    );
    expect(reversals.length).toBeGreaterThanOrEqual(2);
    expect(reversals.length).toBeLessThanOrEqual(3);
    for (const reversal of reversals) {
      expect(reversal).toMatchObject({
        net: '0',
        same_day: true,
        same_courtyard: true,
        same_direction: true,
        same_account: true,
        recorded_later: true,
        by_someone: true,
      });
    }
    expect(reversals.map((reversal) => reversal.reason)).toContain('金额录入错误');
    const [orphans] = await query(
      `select count(*)::int as n from ledger_entries where amount_fen < 0 and reverses_id is null`,
    );
    expect(orphans.n).toBe(0);
  });

  it('counts votes once per household of the proposal courtyard, and decides closed proposals by decideVote', async () => {
    const [votes] = await query(
      `select count(*)::int as votes, count(distinct (proposal_id, household_id))::int as distinct_votes,
              count(*) filter (where h.courtyard_id <> p.courtyard_id)::int as foreign_votes,
              count(*) filter (where v.cast_at < p.voting_opened_at or v.cast_at > coalesce(p.closed_at, now()))::int as outside_window,
              count(distinct v.channel)::int as channels,
              count(*) filter (where v.channel = 'ASSISTED' and v.assisted_by like '数字助老员 %')::int as assisted
         from votes v join proposals p on p.id = v.proposal_id join households h on h.id = v.household_id`,
    );
    expect(votes.votes).toBe(votes.distinct_votes);
    expect(votes).toMatchObject({ foreign_votes: 0, outside_window: 0, channels: 3 });
    expect(votes.assisted).toBeGreaterThan(0);

    const tallies = await query<
      { rule: VotingRule; passed: boolean; published_within_day: boolean | null } & Record<string, string>
    >(
      `select p.rule, p.passed, p.published_at <= p.closed_at + interval '24 hours' as published_within_day,
              count(v.id) filter (where v.choice = 'FOR') as "votesFor",
              count(v.id) filter (where v.choice = 'AGAINST') as "votesAgainst",
              count(v.id) filter (where v.choice = 'ABSTAIN') as "votesAbstain",
              coalesce(sum(round(h.area_sqm * 100)) filter (where v.choice = 'FOR'), 0) as "areaFor",
              coalesce(sum(round(h.area_sqm * 100)) filter (where v.choice = 'AGAINST'), 0) as "areaAgainst",
              coalesce(sum(round(h.area_sqm * 100)) filter (where v.choice = 'ABSTAIN'), 0) as "areaAbstain",
              c.household_count as "householdCount",
              (select sum(round(all_h.area_sqm * 100)) from households all_h where all_h.courtyard_id = c.id) as "totalArea"
         from proposals p join courtyards c on c.id = p.courtyard_id
         left join votes v on v.proposal_id = p.id left join households h on h.id = v.household_id
        where p.status = 'CLOSED' group by p.tenant_id, p.id, c.tenant_id, c.id`,
    );
    expect(tallies.length).toBeGreaterThan(50);
    const numbers = (row: Record<string, unknown>) =>
      Object.fromEntries(
        [
          'votesFor',
          'votesAgainst',
          'votesAbstain',
          'areaFor',
          'areaAgainst',
          'areaAbstain',
          'householdCount',
          'totalArea',
        ].map((key) => [key, Number(row[key])]),
      );
    for (const row of tallies) {
      expect(row.passed).toBe(decideVote(row.rule, numbers(row) as never).passed);
    }
    const passed = tallies.filter((row) => row.passed).length;
    expect(passed).toBeGreaterThan(tallies.length * 0.3);
    expect(passed).toBeLessThan(tallies.length);
    expect(tallies.filter((row) => row.published_within_day).length).toBeGreaterThan(tallies.length * 0.7);

    const [open] = await query(
      `select count(*)::int as voting, count(*) filter (where voting_closes_at > now() and passed is null and closed_at is null)::int as still_open,
              count(distinct courtyard_id)::int as courtyards
         from proposals where status = 'VOTING'`,
    );
    expect(open.voting).toBeGreaterThan(0);
    expect(open).toMatchObject({ still_open: open.voting, courtyards: open.voting });
  });

  it('keeps idle space histories in date order: IDLE when registered, then RENOVATING, then UTILIZED', async () => {
    const histories = await query<{ statuses: string; registered: boolean; ordered: boolean }>(
      `select string_agg(c.status, '>' order by c.changed_on, c.recorded_at) as statuses,
              min(c.changed_on) = s.registered_on as registered,
              bool_and(c.changed_on >= s.registered_on) as ordered
         from idle_spaces s join idle_space_status_changes c on c.idle_space_id = s.id group by s.tenant_id, s.id`,
    );
    expect(histories.length).toBeGreaterThan(20);
    for (const history of histories) {
      expect(['IDLE', 'IDLE>RENOVATING', 'IDLE>RENOVATING>UTILIZED']).toContain(history.statuses);
      expect(history).toMatchObject({ registered: true, ordered: true });
    }
    expect(histories.filter((history) => history.statuses.endsWith('UTILIZED')).length).toBeGreaterThan(5);
    const [uses] = await query(
      `select count(distinct new_use)::int as n from idle_space_status_changes where status = 'UTILIZED'`,
    );
    expect(uses.n).toBeGreaterThanOrEqual(3);
  });

  it('gives a believable spread of KPIs in the last closed month, with some courtyards lagging', async () => {
    const lastMonth = { first: firstDayOfPlanMonth(startsOn, 14), last: lastDayOfPlanMonth(startsOn, 14) };
    const quarterStart = firstDayOfPlanMonth(startsOn, 12);
    const courtyards = await query<{ participation: number; youth: number | null }>(
      `select (select count(distinct a2.household_id) from activity_attendance a2 join activities x on x.id = a2.activity_id
                where x.courtyard_id = c.id and x.held_on between ? and ?)::float8 / c.household_count as participation,
              (select sum(a2.youth_participants)::float8 / nullif(sum(a2.participants), 0) from activity_attendance a2 join activities x on x.id = a2.activity_id
                where x.courtyard_id = c.id and x.held_on between ? and ?) as youth
         from courtyards c join enrollments e on e.courtyard_id = c.id where e.enrolled_on <= ?`,
      [lastMonth.first, lastMonth.last, lastMonth.first, lastMonth.last, lastMonth.last],
    );
    const participation = courtyards.map((courtyard) => courtyard.participation);
    const lagging = participation.filter((value) => value < 0.2).length;
    expect(lagging).toBeGreaterThan(0);
    expect(lagging).toBeLessThan(courtyards.length * 0.3);
    expect(Math.max(...participation)).toBeLessThanOrEqual(0.8);

    const [district] = await query(
      `select
         (select count(distinct a.household_id) from activity_attendance a join activities x on x.id = a.activity_id where x.held_on between ?1 and ?2)::float8
           / (select sum(c.household_count) from courtyards c join enrollments e on e.courtyard_id = c.id where e.enrolled_on <= ?2) as participation,
         (select sum(amount_fen) filter (where income_source <> 'GOVERNMENT_SUBSIDY')::float8 / sum(amount_fen)
            from ledger_entries where direction = 'INCOME' and occurred_on between ?1 and ?2) as self_funding,
         (select count(*) filter (where channel in ('COMMITTEE', 'RESIDENTS_ASSEMBLY', 'MEDIATION'))::float8 / count(*) from disputes where reported_on between ?3 and ?2) as self_resolution,
         (select count(*) filter (where channel = 'ESCALATED')::int from disputes) as escalated,
         (select count(*) filter (where channel is null)::int from disputes) as open_disputes,
         (select avg(score)::float8 from survey_responses where taken_on between ?3 and ?2) as satisfaction,
         (select percentile_cont(0.9) within group (order by extract(epoch from first_response_at - created_at) / 3600)
            from service_requests where (created_at at time zone '${DEFAULT_TIMEZONE}')::date between ?1 and ?2) as response_hours`
        .replace(/\?1/g, `'${lastMonth.first}'::date`)
        .replace(/\?2/g, `'${lastMonth.last}'::date`)
        .replace(/\?3/g, `'${quarterStart}'::date`),
    );
    expect(district.participation).toBeGreaterThan(0.2);
    expect(district.participation).toBeLessThan(0.6);
    expect(district.self_funding).toBeGreaterThan(0.2);
    expect(district.self_funding).toBeLessThan(0.6);
    expect(district.self_resolution).toBeGreaterThan(0.6);
    expect(district.self_resolution).toBeLessThan(0.95);
    expect(district.escalated).toBeGreaterThan(0);
    expect(district.open_disputes).toBeGreaterThan(0);
    expect(district.satisfaction).toBeGreaterThan(60);
    expect(district.satisfaction).toBeLessThan(95);
    expect(district.response_hours).toBeGreaterThan(2);
    expect(district.response_hours).toBeLessThan(48);
    const youth = courtyards.map((courtyard) => courtyard.youth).filter((value): value is number => value !== null);
    expect(Math.min(...youth)).toBeLessThan(0.2);
    expect(Math.max(...youth)).toBeGreaterThan(0.3);
  });

  it('changes nothing on a second run', async () => {
    const digest = () =>
      query(`select md5(
          (select string_agg(concat_ws('|', id, starts_on), ',' order by id) from rollout_plans) ||
          (select string_agg(concat_ws('|', courtyard_id, batch, enrolled_on), ',' order by courtyard_id) from enrollments) ||
          (select string_agg(concat_ws('|', id, held_on, title), ',' order by id) from activities) ||
          (select string_agg(concat_ws('|', activity_id, household_id, participants), ',' order by activity_id, household_id) from activity_attendance) ||
          (select string_agg(concat_ws('|', id, amount_fen, occurred_on, reverses_id), ',' order by id) from ledger_entries) ||
          (select string_agg(concat_ws('|', id, passed, status), ',' order by id) from proposals) ||
          (select count(*) from votes)::text || (select count(*) from disputes)::text || (select count(*) from survey_responses)::text
        ) as digest`);
    const before = await digest();
    const again = await run('demo-records-second');
    expect(again).toMatchObject({ districtId: result.districtId, created: false, records: result.records });
    expect(await digest()).toEqual(before);
  });
});

describe('planDemoRecords', () => {
  const courtyards: DemoCourtyard[] = Array.from({ length: 120 }, (_, index) => ({
    id: `courtyard-${index}`,
    code: `XY${String(index + 1).padStart(4, '0')}`,
    type: Object.values(CourtyardType)[index % 4],
    householdCount: 40 + (index % 7) * 10,
    households: Array.from({ length: 40 + (index % 7) * 10 }, (_, number) => ({
      id: `h-${index}-${number}`,
      code: `1-${number + 101}`,
      areaHundredths: 6000 + number * 13,
    })),
  }));
  const plan = (seed: number) => {
    let next = 0;
    return planDemoRecords({
      seed,
      today: '2026-12-01',
      nowLocal: '2026-12-01 07:13:00',
      courtyards,
      newId: () => `id-${next++}`,
    });
  };

  it('is a function of the seed and the clock', () => {
    expect(JSON.stringify(plan(7))).toBe(JSON.stringify(plan(7)));
    expect(JSON.stringify(plan(7))).not.toBe(JSON.stringify(plan(8)));
  });

  it('starts the plan 14 months before the current month and dates nothing after today', () => {
    const records = plan(7);
    expect(records.plan.starts_on).toBe('2025-10-01');
    const dates = [
      ...records.activities.map((row) => row.held_on),
      ...records.disputes.flatMap((row) => [row.reported_on, row.resolved_on ?? '']),
      ...records.ledger.map((row) => row.occurred_on),
      ...records.surveys.map((row) => row.taken_on),
      ...records.idleChanges.map((row) => row.changed_on),
    ];
    expect(dates.every((date) => date <= '2026-12-01')).toBe(true);
    const times = [
      ...records.serviceRequests.flatMap((row) => [row.created_at, row.first_response_at ?? '', row.resolved_at ?? '']),
      ...records.votes.map((row) => row.cast_at),
      ...records.ledger.map((row) => row.recorded_at),
    ];
    expect(times.every((time) => time <= '2026-12-01 07:13:00')).toBe(true);
  });
});
