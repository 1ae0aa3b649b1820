import { SELF_GOVERNANCE_CHANNELS } from '@xiaoyuan/domain';
import { KPI_DEFINITIONS, KpiKey } from '@xiaoyuan/schema';

/**
 * The set-based SQL of the KPI engine (DOMAIN.md §6–§7). Two statements per period:
 *
 * 1. COURTYARD_SNAPSHOTS_SQL: each target courtyard's ten KPIs from its records.
 * 2. ROLLUP_SNAPSHOTS_SQL: communities, streets and the district. Ratio KPIs are Σ numerators /
 *    Σ denominators of their enrolled courtyards' snapshots (written by statement 1); the median
 *    and the 90th percentile are taken over the pooled records of the scope's enrolled courtyards.
 *
 * Both end in the same tail: value (NULL when the denominator is 0), target, status with the
 * escalation of a fourth consecutive yellow month, upserted into kpi_snapshots. Parameters are
 * named (`:tenant`), bound by `bindNamed`; arrays travel as PostgreSQL array literals and the
 * rules as JSON, because MikroORM inlines parameters as literals.
 */

export const RATIO_KPIS = Object.values(KPI_DEFINITIONS)
  .filter((definition) => definition.aggregation === 'RATIO')
  .map((definition) => definition.key);

// the domain's list as an SQL literal list: 'COMMITTEE', 'RESIDENTS_ASSEMBLY', 'MEDIATION'
const channels = SELF_GOVERNANCE_CHANNELS.map((channel) => `'${channel}'`).join(', ');

/** Local period boundaries as instants, so service_requests(created_at) ranges can use an index. */
const PERIOD_STARTS_AT = `((:start)::date::timestamp at time zone :timezone)`;
const PERIOD_ENDS_BEFORE = `(((:end)::date + 1)::timestamp at time zone :timezone)`;

/** GREEN / YELLOW / RED of a value against a target by the margin alone (no target: GREEN). */
function bandSql(value: string, target: string, atMost: string, margin: string): string {
  return `case
      when ${value} is null then 'NO_DATA'
      when ${target} is null then 'GREEN'
      when (${atMost} and ${value} <= ${target}) or (not ${atMost} and ${value} >= ${target}) then 'GREEN'
      when (${atMost} and ${value} - ${target} <= ${margin}) or (not ${atMost} and ${target} - ${value} <= ${margin}) then 'YELLOW'
      else 'RED' end`;
}

/**
 * Rates `measured (scope_level, scope_id, kpi, numerator, denominator, value)` and upserts it.
 * `value` in `measured` is given for the median/percentile KPIs; ratio KPIs get Σnum / Σden.
 * `:rules` carries per KPI its target (NULL without a phase) and margin; `:previousMonths` the
 * three closed months before a month (empty otherwise): a YELLOW month whose three previous months
 * were all YELLOW by their stored value and target (their band, before their own escalation) is
 * RED.
 */
const RATE_AND_UPSERT = `
valued as (
  select m.scope_level, m.scope_id, m.kpi, m.numerator, m.denominator,
         round(case when m.denominator > 0 then coalesce(m.value, m.numerator / m.denominator) end, 6) as value
    from measured m
),
rules as (
  select * from jsonb_to_recordset((:rules)::jsonb)
    as r(kpi text, target numeric, at_most boolean, margin_fixed numeric, margin_share numeric)
),
banded as (
  select v.*, r.target, r.at_most, r.margin_fixed, r.margin_share,
         ${bandSql('v.value', 'r.target', 'r.at_most', 'r.margin_fixed + r.margin_share * r.target')} as band
    from valued v join rules r on r.kpi = v.kpi
),
rated as (
  select b.*,
         case when b.band = 'YELLOW' and (
           select count(*) from kpi_snapshots p
            where p.tenant_id = :tenant and p.scope_level = b.scope_level and p.scope_id = b.scope_id
              and p.kpi = b.kpi and p.period = any((:previousMonths)::text[])
              and ${bandSql('p.value', 'p.target', 'b.at_most', 'b.margin_fixed + b.margin_share * p.target')} = 'YELLOW'
         ) = 3 then 'RED' else b.band end as status
    from banded b
),
written as (
  insert into kpi_snapshots as k (tenant_id, scope_level, scope_id, period, kpi, value, numerator, denominator, target, status, provisional, computed_at)
  select (:tenant)::uuid, scope_level, scope_id, (:period)::text, kpi, value, numerator, denominator, target, status, (:provisional)::boolean, now()
    from rated
  on conflict (tenant_id, scope_level, scope_id, period, kpi) do update
     set value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator,
         target = excluded.target, status = excluded.status, provisional = excluded.provisional,
         computed_at = excluded.computed_at
  returning k.scope_level, k.scope_id
)
-- rows written per level; an incremental run also gets the courtyards it wrote (its alert sync)
select scope_level, count(*)::int as rows,
       array_agg(distinct scope_id::text) filter (where scope_level = 'COURTYARD' and not (:everyCourtyard)::boolean) as courtyards
  from written group by scope_level`;

/** Courtyards enrolled on or before the period's last day (every plan: a courtyard enrols once). */
const ENROLLED = `
  select c.id as courtyard_id, c.community_id, c.street_id, c.household_count
    from courtyards c
    join enrollments e on e.tenant_id = c.tenant_id and e.courtyard_id = c.id
   where c.tenant_id = :tenant and e.enrolled_on <= :end`;

/**
 * Statement 1. Targets: every enrolled courtyard (`:everyCourtyard`), else the given ones plus any
 * enrolled courtyard that has no snapshot of the period yet (so that the roll-ups never sum an
 * incomplete set).
 */
export const COURTYARD_SNAPSHOTS_SQL = `
with cy as (
  select enrolled.* from (${ENROLLED}) enrolled
   where (:everyCourtyard)::boolean
      or enrolled.courtyard_id = any((:courtyardIds)::uuid[])
      or ((:completeMissing)::boolean and not exists (
        select 1 from kpi_snapshots k
         where k.tenant_id = :tenant and k.scope_level = 'COURTYARD' and k.scope_id = enrolled.courtyard_id
           and k.period = :period and k.kpi = '${KpiKey.PARTICIPATION_RATE}'))
),
-- One row of measures per courtyard. Each measure is a LATERAL aggregate over that courtyard's
-- records, so every table is read by index (tenant_id, courtyard_id, date) once per courtyard,
-- whatever the planner estimates for cy.
per_courtyard as (
  select cy.courtyard_id, cy.household_count::numeric as household_count,
         attendance.households, attendance.participants, attendance.youth,
         reported.disputes_reported, reported.self_resolved,
         resolved.disputes_resolved, resolved.median_days,
         income.income_total, income.income_own,
         idle.idle_area, idle.utilized_area,
         surveys.score_total, surveys.responses,
         responses.requests, responses.p90_hours,
         governance.committee, governance.institutions
    from cy
   cross join lateral (
     select count(distinct aa.household_id)::numeric as households,
            coalesce(sum(aa.participants), 0)::numeric as participants,
            coalesce(sum(aa.youth_participants), 0)::numeric as youth
       from activities a
       join activity_attendance aa on aa.tenant_id = a.tenant_id and aa.activity_id = a.id
      where a.tenant_id = :tenant and a.courtyard_id = cy.courtyard_id and a.held_on between :start and :end
   ) attendance
   cross join lateral (
     select count(*)::numeric as disputes_reported,
            count(*) filter (where d.resolved_on <= :end and d.channel in (${channels}))::numeric as self_resolved
       from disputes d
      where d.tenant_id = :tenant and d.courtyard_id = cy.courtyard_id and d.reported_on between :start and :end
   ) reported
   cross join lateral (
     select count(*)::numeric as disputes_resolved,
            percentile_cont(0.5) within group (order by (d.resolved_on - d.reported_on)::float8)::numeric as median_days
       from disputes d
      where d.tenant_id = :tenant and d.courtyard_id = cy.courtyard_id and d.resolved_on between :start and :end
   ) resolved
   cross join lateral (
     -- reversals are negative INCOME rows dated like the entry they reverse: they net out here
     select coalesce(sum(l.amount_fen), 0)::numeric as income_total,
            coalesce(sum(l.amount_fen) filter (where l.income_source <> 'GOVERNMENT_SUBSIDY'), 0)::numeric as income_own
       from ledger_entries l
      where l.tenant_id = :tenant and l.courtyard_id = cy.courtyard_id and l.direction = 'INCOME'
        and l.occurred_on between :start and :end
   ) income
   cross join lateral (
     select coalesce(sum(s.area_sqm), 0)::numeric as idle_area,
            coalesce(sum(s.area_sqm) filter (where latest.status = 'UTILIZED'), 0)::numeric as utilized_area
       from idle_spaces s
       left join lateral (
         select x.status from idle_space_status_changes x
          where x.tenant_id = s.tenant_id and x.idle_space_id = s.id and x.changed_on <= :end
          order by x.changed_on desc, x.recorded_at desc, x.id desc
          limit 1
       ) latest on true
      where s.tenant_id = :tenant and s.courtyard_id = cy.courtyard_id and s.registered_on <= :end
   ) idle
   cross join lateral (
     select coalesce(sum(r.score), 0)::numeric as score_total, count(*)::numeric as responses
       from survey_responses r
      where r.tenant_id = :tenant and r.courtyard_id = cy.courtyard_id and r.taken_on between :start and :end
   ) surveys
   cross join lateral (
     select count(*)::numeric as requests,
            percentile_cont(0.9) within group (order by (extract(epoch from r.first_response_at - r.created_at) / 3600)::float8)::numeric as p90_hours
       from service_requests r
      where r.tenant_id = :tenant and r.courtyard_id = cy.courtyard_id
        and r.created_at >= ${PERIOD_STARTS_AT} and r.created_at < ${PERIOD_ENDS_BEFORE}
        and r.first_response_at is not null
   ) responses
   cross join lateral (
     select case when exists (
              select 1 from committee_elections ce
               where ce.tenant_id = :tenant and ce.courtyard_id = cy.courtyard_id and ce.elected_on <= :end
            ) then 1 else 0 end::numeric as committee,
            case when (
              select count(distinct i.kind) from institutions i
               where i.tenant_id = :tenant and i.courtyard_id = cy.courtyard_id and i.adopted_on <= :end
            ) = 5 then 1 else 0 end::numeric as institutions
   ) governance
),
measured (scope_level, scope_id, kpi, numerator, denominator, value) as (
  select 'COURTYARD', p.courtyard_id, m.kpi, m.numerator, m.denominator, m.value
    from per_courtyard p
   cross join lateral (values
     ('${KpiKey.PARTICIPATION_RATE}', p.households, p.household_count, null::numeric),
     ('${KpiKey.YOUTH_PARTICIPATION_RATE}', p.youth, p.participants, null),
     ('${KpiKey.DISPUTE_RESOLUTION_RATE}', p.self_resolved, p.disputes_reported, null),
     ('${KpiKey.DISPUTE_RESOLUTION_DAYS}', p.median_days, p.disputes_resolved, p.median_days),
     -- a negative net (never from well-formed reversals) is treated as no income
     ('${KpiKey.SELF_FUNDING_RATE}', p.income_own, greatest(p.income_total, 0), null),
     ('${KpiKey.IDLE_SPACE_UTILIZATION}', p.utilized_area, p.idle_area, null),
     ('${KpiKey.SATISFACTION_SCORE}', p.score_total, p.responses, null),
     ('${KpiKey.SERVICE_RESPONSE_HOURS}', p.p90_hours, p.requests, p.p90_hours),
     ('${KpiKey.COMMITTEE_FORMATION_RATE}', p.committee, 1::numeric, null),
     ('${KpiKey.INSTITUTION_COMPLETENESS}', p.institutions, 1::numeric, null)
   ) as m(kpi, numerator, denominator, value)
   where m.kpi = any((:courtyardKpis)::text[])
),
${RATE_AND_UPSERT}`;

const NOT_ENROLLED = `not exists (
     select 1 from enrollments e
      where e.tenant_id = k.tenant_id and e.courtyard_id = k.scope_id and e.enrolled_on <= :end)`;

/**
 * Snapshots of courtyards that no longer count in the period (enrolment removed or moved after
 * the period's end): a courtyard that is not enrolled by then counts nowhere. Every courtyard's,
 * by one range scan of the period.
 */
export const DELETE_UNENROLLED_SQL = `
delete from kpi_snapshots k
 where k.tenant_id = :tenant and k.scope_level = 'COURTYARD' and k.period = :period
   and ${NOT_ENROLLED}`;

/**
 * The same for the given courtyards only, by their primary-key ranges (the period as an
 * expression keeps the planner, whatever kpi_snapshots' statistics say, off the period's range of
 * the whole district).
 */
export const DELETE_UNENROLLED_OF_SQL = `
delete from kpi_snapshots k
 where k.tenant_id = :tenant and k.scope_level = 'COURTYARD' and k.scope_id = any((:courtyardIds)::uuid[])
   and (k.period || '') = :period
   and ${NOT_ENROLLED}`;

/**
 * Statement 2. Scopes: every community and street and the district (`:everyScope`), else the
 * community and street of each given courtyard and the district. A scope without an enrolled
 * courtyard gets NO_DATA rows.
 */
export const ROLLUP_SNAPSHOTS_SQL = `
with enrolled as (${ENROLLED}),
changed as (
  select c.community_id, c.street_id from courtyards c
   where c.tenant_id = :tenant and c.id = any((:courtyardIds)::uuid[])
),
scopes (scope_level, scope_id) as (
  select 'COMMUNITY', m.id from communities m
   where m.tenant_id = :tenant and ((:everyScope)::boolean or m.id in (select community_id from changed))
  union all
  select 'STREET', s.id from streets s
   where s.tenant_id = :tenant and ((:everyScope)::boolean or s.id in (select street_id from changed))
  union all
  select 'DISTRICT', (:tenant)::uuid
),
-- the member courtyards of the communities and streets (the district's are all of enrolled)
members as (
  select sc.scope_level, sc.scope_id, e.courtyard_id
    from scopes sc join enrolled e on e.community_id = sc.scope_id where sc.scope_level = 'COMMUNITY'
  union all
  select sc.scope_level, sc.scope_id, e.courtyard_id
    from scopes sc join enrolled e on e.street_id = sc.scope_id where sc.scope_level = 'STREET'
),
-- The period's courtyard snapshots and records of the whole district, each read ONCE by an index
-- range scan on the period (kpi_snapshots_period_idx, disputes_resolved_idx,
-- service_requests_created_idx), then hash-joined to the member courtyards of every scope. Its
-- cost follows the district's records of the one period, not one index probe per member and
-- scope; \`materialized\` keeps the planner from turning the scans back into per-member probes.
period_snapshots as materialized (
  select k.scope_id as courtyard_id, k.kpi, k.numerator, k.denominator from kpi_snapshots k
   where k.tenant_id = :tenant and k.period = :period and k.scope_level = 'COURTYARD'
     and k.kpi = any((:ratioKpis)::text[]) and k.kpi = any((:rollupKpis)::text[])
),
period_disputes as materialized (
  select d.courtyard_id, (d.resolved_on - d.reported_on)::float8 as days from disputes d
   where d.tenant_id = :tenant and d.resolved_on between :start and :end
     and '${KpiKey.DISPUTE_RESOLUTION_DAYS}' = any((:rollupKpis)::text[])
),
period_requests as materialized (
  select r.courtyard_id, (extract(epoch from r.first_response_at - r.created_at) / 3600)::float8 as hours from service_requests r
   where r.tenant_id = :tenant
     and r.created_at >= ${PERIOD_STARTS_AT} and r.created_at < ${PERIOD_ENDS_BEFORE}
     and r.first_response_at is not null
     and '${KpiKey.SERVICE_RESPONSE_HOURS}' = any((:rollupKpis)::text[])
),
-- The district aggregates its enrolled courtyards' rows directly (a semi-join, no per-scope sort);
-- communities and streets join their members.
sums as (
  select 'DISTRICT' as scope_level, (:tenant)::uuid as scope_id, k.kpi, sum(k.numerator) as numerator, sum(k.denominator) as denominator
    from period_snapshots k where k.courtyard_id in (select courtyard_id from enrolled)
   group by k.kpi
  union all
  select m.scope_level, m.scope_id, k.kpi, sum(k.numerator), sum(k.denominator)
    from members m join period_snapshots k on k.courtyard_id = m.courtyard_id
   group by m.scope_level, m.scope_id, k.kpi
),
-- the median and the percentile pool the records of every member courtyard of the scope
resolved as (
  select 'DISTRICT' as scope_level, (:tenant)::uuid as scope_id, count(*)::numeric as disputes,
         percentile_cont(0.5) within group (order by x.days)::numeric as median_days
    from period_disputes x where x.courtyard_id in (select courtyard_id from enrolled)
  union all
  select m.scope_level, m.scope_id, count(*)::numeric,
         percentile_cont(0.5) within group (order by x.days)::numeric
    from members m join period_disputes x on x.courtyard_id = m.courtyard_id
   group by m.scope_level, m.scope_id
),
responses as (
  select 'DISTRICT' as scope_level, (:tenant)::uuid as scope_id, count(*)::numeric as requests,
         percentile_cont(0.9) within group (order by x.hours)::numeric as p90_hours
    from period_requests x where x.courtyard_id in (select courtyard_id from enrolled)
  union all
  select m.scope_level, m.scope_id, count(*)::numeric,
         percentile_cont(0.9) within group (order by x.hours)::numeric
    from members m join period_requests x on x.courtyard_id = m.courtyard_id
   group by m.scope_level, m.scope_id
),
measured (scope_level, scope_id, kpi, numerator, denominator, value) as (
  select sc.scope_level, sc.scope_id, ratio.kpi, coalesce(s.numerator, 0), coalesce(s.denominator, 0), null::numeric
    from scopes sc
   cross join unnest((:ratioKpis)::text[]) as ratio(kpi)
    left join sums s on s.scope_level = sc.scope_level and s.scope_id = sc.scope_id and s.kpi = ratio.kpi
   where ratio.kpi = any((:rollupKpis)::text[])
  union all
  select sc.scope_level, sc.scope_id, '${KpiKey.DISPUTE_RESOLUTION_DAYS}', x.median_days, coalesce(x.disputes, 0), x.median_days
    from scopes sc left join resolved x on x.scope_level = sc.scope_level and x.scope_id = sc.scope_id
   where '${KpiKey.DISPUTE_RESOLUTION_DAYS}' = any((:rollupKpis)::text[])
  union all
  select sc.scope_level, sc.scope_id, '${KpiKey.SERVICE_RESPONSE_HOURS}', x.p90_hours, coalesce(x.requests, 0), x.p90_hours
    from scopes sc left join responses x on x.scope_level = sc.scope_level and x.scope_id = sc.scope_id
   where '${KpiKey.SERVICE_RESPONSE_HOURS}' = any((:rollupKpis)::text[])
),
${RATE_AND_UPSERT}`;

/**
 * Before an incremental run limited to some KPIs (`:kpis`) of the given courtyards: whether the
 * roll-ups of its ratio KPIs (`:deltaKpis`) can be updated by the courtyards' deltas, and the
 * courtyards' stored rows (the "old" side of the delta). Only when every given courtyard is
 * enrolled by the period's end and has its rows of those KPIs, no enrolled courtyard lacks a
 * snapshot of the period (no completion needed), and every roll-up row to update exists;
 * otherwise the engine runs in full for those courtyards (every KPI, roll-ups re-summed).
 * Every part is a primary-key look-up but the count of the district's enrolments (an index-free
 * count of one small table's rows, no sort or hash of the period's snapshots).
 */
export const DELTA_BASE_SQL = `
with given as (
  select c.id as courtyard_id, c.community_id, c.street_id
    from courtyards c
    join enrollments e on e.tenant_id = c.tenant_id and e.courtyard_id = c.id
   where c.tenant_id = :tenant and c.id = any((:courtyardIds)::uuid[]) and e.enrolled_on <= :end
),
-- primary-key look-ups (kpi_snapshots' statistics may be stale: no plan may depend on them; the
-- period as an expression keeps the planner off kpi_snapshots_period_idx, a range of the district)
old_rows as (
  select k.scope_id as courtyard_id, k.kpi, k.numerator, k.denominator
    from unnest((:courtyardIds)::uuid[]) as g(id)
   cross join unnest((:kpis)::text[]) as q(kpi)
    join lateral (
      select * from kpi_snapshots k
       where k.tenant_id = :tenant and k.scope_level = 'COURTYARD' and k.scope_id = g.id and (k.period || '') = :period and k.kpi = q.kpi
    ) k on true
),
scopes (scope_level, scope_id) as (
  select 'COMMUNITY', community_id from given
  union select 'STREET', street_id from given
  union select 'DISTRICT', (:tenant)::uuid
),
rollup_rows as (
  select 1 from scopes sc
   cross join unnest((:deltaKpis)::text[]) as q(kpi)
    join lateral (
      select 1 from kpi_snapshots k
       where k.tenant_id = :tenant and k.scope_level = sc.scope_level and k.scope_id = sc.scope_id and (k.period || '') = :period and k.kpi = q.kpi
    ) k on true
)
select (select count(*) from given) = cardinality((:courtyardIds)::uuid[])
       -- every enrolled courtyard has its snapshot: the district's committee formation rate
       -- counts its member courtyards (each courtyard's denominator is 1) as of the last run that
       -- summed it, which wrote every enrolled courtyard's rows first; an enrolment since then
       -- makes the counts differ (a count of the enrolments, not a comparison of two sets)
       and (select count(*) from enrollments e where e.tenant_id = :tenant and e.enrolled_on <= :end) = (
         select k.denominator from kpi_snapshots k
          where k.tenant_id = :tenant and k.scope_level = 'DISTRICT' and k.scope_id = (:tenant)::uuid
            and k.period = :period and k.kpi = '${KpiKey.COMMITTEE_FORMATION_RATE}')
       and (select count(*) from old_rows) = cardinality((:courtyardIds)::uuid[]) * cardinality((:kpis)::text[])
       and (select count(*) from rollup_rows) = (select count(*) from scopes) * coalesce(cardinality((:deltaKpis)::text[]), 0) as eligible,
       (select coalesce(jsonb_agg(o), '[]'::jsonb) from old_rows o)::text as old_rows`;

/**
 * Statement 2 of an incremental run by delta (`:deltaKpis`, ratio KPIs only): the community,
 * street and district rows of those KPIs become their stored numerator and denominator plus the
 * changed courtyards' new − old ones (`:oldRows`, read by DELTA_BASE_SQL before statement 1).
 * Exact (numeric sums of the stored rows) while every roll-up row equals the sum of its enrolled
 * members', which every run keeps; it reads the changed courtyards' and the scopes' rows only.
 */
export const ROLLUP_DELTA_SQL = `
with old_rows as (
  select o.courtyard_id, o.kpi, o.numerator, o.denominator
    from jsonb_to_recordset((:oldRows)::jsonb) as o(courtyard_id uuid, kpi text, numerator numeric, denominator numeric)
   where o.kpi = any((:deltaKpis)::text[])
),
new_rows as (
  select k.scope_id as courtyard_id, k.kpi, k.numerator, k.denominator
    from unnest((:courtyardIds)::uuid[]) as g(id)
   cross join unnest((:deltaKpis)::text[]) as q(kpi)
    join lateral (
      select * from kpi_snapshots k
       where k.tenant_id = :tenant and k.scope_level = 'COURTYARD' and k.scope_id = g.id and (k.period || '') = :period and k.kpi = q.kpi
    ) k on true
),
located as (
  select c.community_id, c.street_id, x.kpi, x.numerator, x.denominator
    from (select courtyard_id, kpi, numerator, denominator from new_rows
          union all
          select courtyard_id, kpi, -numerator, -denominator from old_rows) x
    join courtyards c on c.tenant_id = :tenant and c.id = x.courtyard_id
),
scopes (scope_level, scope_id) as (
  select 'COMMUNITY', c.community_id from courtyards c where c.tenant_id = :tenant and c.id = any((:courtyardIds)::uuid[])
  union select 'STREET', c.street_id from courtyards c where c.tenant_id = :tenant and c.id = any((:courtyardIds)::uuid[])
  union select 'DISTRICT', (:tenant)::uuid
),
changes as (
  select 'COMMUNITY' as scope_level, community_id as scope_id, kpi, sum(numerator) as numerator, sum(denominator) as denominator
    from located group by community_id, kpi
  union all
  select 'STREET', street_id, kpi, sum(numerator), sum(denominator) from located group by street_id, kpi
  union all
  select 'DISTRICT', (:tenant)::uuid, kpi, sum(numerator), sum(denominator) from located group by kpi
),
measured (scope_level, scope_id, kpi, numerator, denominator, value) as (
  select k.scope_level, k.scope_id, k.kpi, k.numerator + coalesce(x.numerator, 0), k.denominator + coalesce(x.denominator, 0), null::numeric
    from scopes sc
   cross join unnest((:deltaKpis)::text[]) as q(kpi)
    join lateral (
      select k.scope_level, k.scope_id, k.kpi, k.numerator, k.denominator from kpi_snapshots k
       where k.tenant_id = :tenant and k.scope_level = sc.scope_level and k.scope_id = sc.scope_id and (k.period || '') = :period and k.kpi = q.kpi
    ) k on true
    left join changes x on x.scope_level = k.scope_level and x.scope_id = k.scope_id and x.kpi = k.kpi
),
${RATE_AND_UPSERT}`;

/**
 * `:name` placeholders to MikroORM's `?` (casts such as `::date` are left alone); the same name
 * may appear many times.
 */
export function bindNamed(sql: string, values: Readonly<Record<string, unknown>>): [string, unknown[]] {
  const params: unknown[] = [];
  const text = sql.replace(/(?<!:):([a-zA-Z][a-zA-Z0-9]*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`KPI query: no value for :${name}`);
    params.push(values[name]);
    return '?';
  });
  return [text, params];
}
