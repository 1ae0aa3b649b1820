/**
 * The floor: the ten KPIs of one period at all four levels (every enrolled courtyard, every
 * community and street with an enrolled courtyard, the district) as ONE hand-written SELECT, with
 * the engine's semantics (DOMAIN.md §6 and kpi-engine.ts): courtyards enrolled by the period's
 * last day; ratio KPIs as Σ numerators / Σ denominators of the scope's courtyards; the median
 * (DISPUTE_RESOLUTION_DAYS) and the 90th percentile (SERVICE_RESPONSE_HOURS) as
 * `percentile_cont` over the pooled records of the scope. Set-based: each table is read once for
 * the period (GROUP BY courtyard), the levels come from GROUPING SETS. It writes nothing, so the
 * engine's upsert of the same rows is part of what the ratio engine / floor shows.
 *
 * $1 tenant, $2 first day, $3 last day, $4 the district's time zone. Returns one row per scope.
 */
export const FLOOR_SQL = `
with enrolled as (
  select c.id, c.community_id, c.street_id, c.household_count
    from courtyards c join enrollments e on e.tenant_id = c.tenant_id and e.courtyard_id = c.id
   where c.tenant_id = $1 and e.enrolled_on <= $3::date
),
attendance as (
  select a.courtyard_id, count(distinct aa.household_id) as households,
         sum(aa.participants) as participants, sum(aa.youth_participants) as youth
    from activities a join activity_attendance aa on aa.tenant_id = a.tenant_id and aa.activity_id = a.id
   where a.tenant_id = $1 and a.held_on between $2::date and $3::date
   group by a.courtyard_id
),
reported as (
  select d.courtyard_id, count(*) as disputes,
         count(*) filter (where d.resolved_on <= $3::date and d.channel in ('COMMITTEE', 'RESIDENTS_ASSEMBLY', 'MEDIATION')) as self_resolved
    from disputes d where d.tenant_id = $1 and d.reported_on between $2::date and $3::date
   group by d.courtyard_id
),
income as (
  select l.courtyard_id, sum(l.amount_fen) as total,
         coalesce(sum(l.amount_fen) filter (where l.income_source <> 'GOVERNMENT_SUBSIDY'), 0) as own
    from ledger_entries l
   where l.tenant_id = $1 and l.direction = 'INCOME' and l.occurred_on between $2::date and $3::date
   group by l.courtyard_id
),
latest_status as (
  select distinct on (x.idle_space_id) x.idle_space_id, x.status
    from idle_space_status_changes x
   where x.tenant_id = $1 and x.changed_on <= $3::date
   order by x.idle_space_id, x.changed_on desc, x.recorded_at desc, x.id desc
),
idle as (
  select s.courtyard_id, sum(s.area_sqm) as area, coalesce(sum(s.area_sqm) filter (where ls.status = 'UTILIZED'), 0) as utilized
    from idle_spaces s left join latest_status ls on ls.idle_space_id = s.id
   where s.tenant_id = $1 and s.registered_on <= $3::date
   group by s.courtyard_id
),
surveys as (
  select r.courtyard_id, sum(r.score) as score, count(*) as responses
    from survey_responses r where r.tenant_id = $1 and r.taken_on between $2::date and $3::date
   group by r.courtyard_id
),
committees as (
  select distinct ce.courtyard_id from committee_elections ce where ce.tenant_id = $1 and ce.elected_on <= $3::date
),
complete as (
  select i.courtyard_id from institutions i where i.tenant_id = $1 and i.adopted_on <= $3::date
   group by i.courtyard_id having count(distinct i.kind) = 5
),
ratios as (
  select grouping(e.id, e.community_id, e.street_id) as g, coalesce(e.id, e.community_id, e.street_id, $1::uuid) as scope_id,
         sum(coalesce(at.households, 0)) as households, sum(e.household_count) as household_count,
         sum(coalesce(at.youth, 0)) as youth, sum(coalesce(at.participants, 0)) as participants,
         sum(coalesce(rp.self_resolved, 0)) as self_resolved, sum(coalesce(rp.disputes, 0)) as disputes,
         sum(coalesce(inc.own, 0)) as income_own, sum(greatest(coalesce(inc.total, 0), 0)) as income_total,
         sum(coalesce(idl.utilized, 0)) as utilized_area, sum(coalesce(idl.area, 0)) as idle_area,
         sum(coalesce(sv.score, 0)) as score, sum(coalesce(sv.responses, 0)) as responses,
         count(cm.courtyard_id) as committees, count(cp.courtyard_id) as complete, count(*) as courtyards
    from enrolled e
    left join attendance at on at.courtyard_id = e.id
    left join reported rp on rp.courtyard_id = e.id
    left join income inc on inc.courtyard_id = e.id
    left join idle idl on idl.courtyard_id = e.id
    left join surveys sv on sv.courtyard_id = e.id
    left join committees cm on cm.courtyard_id = e.id
    left join complete cp on cp.courtyard_id = e.id
   group by grouping sets ((e.id, e.community_id, e.street_id), (e.community_id, e.street_id), (e.street_id), ())
),
resolved as (
  select grouping(e.id, e.community_id, e.street_id) as g, coalesce(e.id, e.community_id, e.street_id, $1::uuid) as scope_id, count(*) as n,
         percentile_cont(0.5) within group (order by (d.resolved_on - d.reported_on)::float8) as median_days
    from disputes d join enrolled e on e.id = d.courtyard_id
   where d.tenant_id = $1 and d.resolved_on between $2::date and $3::date
   group by grouping sets ((e.id, e.community_id, e.street_id), (e.community_id, e.street_id), (e.street_id), ())
),
responses as (
  select grouping(e.id, e.community_id, e.street_id) as g, coalesce(e.id, e.community_id, e.street_id, $1::uuid) as scope_id, count(*) as n,
         percentile_cont(0.9) within group (order by (extract(epoch from r.first_response_at - r.created_at) / 3600)::float8) as p90_hours
    from service_requests r join enrolled e on e.id = r.courtyard_id
   where r.tenant_id = $1 and r.first_response_at is not null
     and r.created_at >= ($2::date::timestamp at time zone $4) and r.created_at < (($3::date + 1)::timestamp at time zone $4)
   group by grouping sets ((e.id, e.community_id, e.street_id), (e.community_id, e.street_id), (e.street_id), ())
)
select case r.g when 0 then 'COURTYARD' when 4 then 'COMMUNITY' when 6 then 'STREET' else 'DISTRICT' end as scope_level,
       r.scope_id,
       r.households::numeric / nullif(r.household_count, 0) as participation_rate,
       r.self_resolved::numeric / nullif(r.disputes, 0) as dispute_resolution_rate,
       r.income_own::numeric / nullif(r.income_total, 0) as self_funding_rate,
       r.utilized_area / nullif(r.idle_area, 0) as idle_space_utilization,
       r.score::numeric / nullif(r.responses, 0) as satisfaction_score,
       r.youth::numeric / nullif(r.participants, 0) as youth_participation_rate,
       rs.median_days as dispute_resolution_days,
       sr.p90_hours as service_response_hours,
       r.committees::numeric / r.courtyards as committee_formation_rate,
       r.complete::numeric / r.courtyards as institution_completeness,
       r.households as participation_numerator
  from ratios r
  left join resolved rs on rs.g = r.g and rs.scope_id = r.scope_id
  left join responses sr on sr.g = r.g and sr.scope_id = r.scope_id`;
/** The floor's columns, by KPI key (for the check against the engine's snapshots). */
export const FLOOR_COLUMNS: Record<string, string> = {
  PARTICIPATION_RATE: 'participation_rate',
  DISPUTE_RESOLUTION_RATE: 'dispute_resolution_rate',
  SELF_FUNDING_RATE: 'self_funding_rate',
  IDLE_SPACE_UTILIZATION: 'idle_space_utilization',
  SATISFACTION_SCORE: 'satisfaction_score',
  YOUTH_PARTICIPATION_RATE: 'youth_participation_rate',
  DISPUTE_RESOLUTION_DAYS: 'dispute_resolution_days',
  SERVICE_RESPONSE_HOURS: 'service_response_hours',
  COMMITTEE_FORMATION_RATE: 'committee_formation_rate',
  INSTITUTION_COMPLETENESS: 'institution_completeness',
};
