import { lastDayOfPlanMonth, MilestoneKey, MilestoneStatus, MILESTONES, milestoneStatus } from '@xiaoyuan/domain';

/** Runs SQL on the caller's tenant-scoped transaction (`?` placeholders), e.g. `em.execute`. */
export type Execute = <T = Record<string, unknown>>(sql: string, params: unknown[]) => Promise<T[]>;

export interface PlanForEvaluation {
  id: string;
  startsOn: string;
  pilotSize: number;
  timezone: string;
}

export interface EvaluatedMilestone {
  key: MilestoneKey;
  dueMonth: number;
  dueOn: string;
  manual: boolean;
  status: MilestoneStatus;
  metOn: string | null;
}

/**
 * The automatic rules of DOMAIN.md §3 as one set-based query. Each rule is a stream of dated
 * events that add to a numerator (`num`) or a denominator (`den`); running both in date order, the
 * rule first holds on the earliest date whose running totals meet its condition. Dates are the
 * records' own dates (votes: the local date of casting), so the answer is the same whenever it is
 * computed.
 */
const FIRST_MET_SQL = `
with enrolled as (
  select e.courtyard_id, e.batch, e.enrolled_on from enrollments e where e.plan_id = ?
),
first_use as (
  select courtyard_id, min(day) as day from (
    select a.courtyard_id, min(a.held_on) as day from activities a group by a.courtyard_id
    union all
    select p.courtyard_id, min((v.cast_at at time zone ?)::date) from votes v
      join proposals p on p.tenant_id = v.tenant_id and p.id = v.proposal_id group by p.courtyard_id
  ) uses group by courtyard_id
),
charters as (
  select courtyard_id, max(adopted_on) as day from institutions
   where kind in ('RESPONSIBILITY_LIST', 'CONVENTION') group by courtyard_id having count(*) = 2
),
complete as (
  select courtyard_id, max(adopted_on) as day from institutions group by courtyard_id having count(*) = 5
),
committees as (
  select courtyard_id, min(elected_on) as day from committee_elections group by courtyard_id
),
events (key, day, num, den) as (
  select 'PILOT_COMMITTEES_ELECTED', greatest(e.enrolled_on, c.day), 1, 0 from enrolled e join committees c using (courtyard_id)
  union all
  select 'PILOT_CHARTERS_ADOPTED', e.enrolled_on, 0, 1 from enrolled e where e.batch = 1
  union all
  select 'PILOT_CHARTERS_ADOPTED', greatest(e.enrolled_on, c.day), 1, 0 from enrolled e join charters c using (courtyard_id) where e.batch = 1
  union all
  select 'DIGITAL_PLATFORM_LIVE', e.enrolled_on, 0, 1 from enrolled e where e.batch = 1
  union all
  select 'DIGITAL_PLATFORM_LIVE', greatest(e.enrolled_on, u.day), 1, 0 from enrolled e join first_use u using (courtyard_id) where e.batch = 1
  union all
  select 'SECOND_BATCH_ENROLLED', e.enrolled_on, 1, 0 from enrolled e
  union all
  select 'DEMONSTRATION_COURTYARDS', d.since, 1, 0 from demonstration_designations d
  union all
  select 'PLATFORM_FULL_COVERAGE', e.enrolled_on, 0, 1 from enrolled e
  union all
  select 'PLATFORM_FULL_COVERAGE', greatest(e.enrolled_on, u.day), 1, 0 from enrolled e join first_use u using (courtyard_id)
  union all
  select 'ALL_COURTYARDS_ENROLLED', e.enrolled_on, 1, 0 from enrolled e
  union all
  select 'LONG_TERM_MECHANISMS', e.enrolled_on, 0, 1 from enrolled e
  union all
  select 'LONG_TERM_MECHANISMS', greatest(e.enrolled_on, c.day), 1, 0 from enrolled e join complete c using (courtyard_id)
),
running as (
  select key, day,
         sum(sum(num)) over (partition by key order by day) as num,
         sum(sum(den)) over (partition by key order by day) as den
    from events where day <= ? group by key, day
),
district as (select count(*) as courtyards from courtyards)
select r.key, to_char(min(r.day), 'YYYY-MM-DD') as met_on
  from running r cross join district
 where case r.key
         when 'PILOT_COMMITTEES_ELECTED' then r.num >= ? and r.day <= ?
         when 'SECOND_BATCH_ENROLLED' then r.num >= ?
         when 'DEMONSTRATION_COURTYARDS' then r.num >= 5
         when 'ALL_COURTYARDS_ENROLLED' then district.courtyards > 0 and r.num >= district.courtyards
         when 'LONG_TERM_MECHANISMS' then r.den > 0 and 100 * r.num >= 95 * r.den
         else r.den > 0 and r.num >= r.den
       end
 group by r.key`;

/**
 * Every milestone's status as of `asOf` (DOMAIN.md §3, `milestoneStatus`): MET when its rule held (or
 * a person confirmed it) on or before `asOf`, with `metOn` the first such date. A rule first met after its due date is MET
 * late (its `metOn` is after `dueOn`), except PILOT_COMMITTEES_ELECTED, whose rule has the due date
 * in it.
 */
export async function evaluateMilestones(
  execute: Execute,
  plan: PlanForEvaluation,
  asOf: string,
): Promise<EvaluatedMilestone[]> {
  const pilotDue = lastDayOfPlanMonth(plan.startsOn, 3);
  // one after the other: both run on the caller's single transaction connection
  const ruleRows = await execute<{ key: MilestoneKey; met_on: string }>(FIRST_MET_SQL, [
    plan.id,
    plan.timezone,
    asOf,
    plan.pilotSize,
    pilotDue,
    plan.pilotSize + 20,
  ]);
  const confirmationRows = await execute<{ key: MilestoneKey; met_on: string }>(
    `select m.key, to_char(min(c.met_on), 'YYYY-MM-DD') as met_on
       from milestone_confirmations c join milestones m on m.tenant_id = c.tenant_id and m.id = c.milestone_id
      where m.plan_id = ? and c.met_on <= ? group by m.key`,
    [plan.id, asOf],
  );
  const ruleMetOn = new Map(ruleRows.map((row) => [row.key, row.met_on]));
  const confirmedOn = new Map(confirmationRows.map((row) => [row.key, row.met_on]));
  return MILESTONES.map(({ key, dueMonth, manual }) => {
    const dueOn = lastDayOfPlanMonth(plan.startsOn, dueMonth);
    const candidates = [manual ? undefined : ruleMetOn.get(key), confirmedOn.get(key)].filter(
      (day): day is string => !!day,
    );
    const metOn = candidates.length ? candidates.sort()[0] : null;
    return { key, dueMonth, dueOn, manual, status: milestoneStatus(dueOn, metOn, asOf), metOn };
  });
}
