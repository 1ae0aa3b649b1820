import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AlertAction,
  AlertLevel,
  evaluateMilestones,
  isClosed,
  KpiKey,
  KpiStatus,
  phaseOn,
  previousPeriod,
  ScopeLevel,
  type DistrictClock,
  type EvaluatedMilestone,
  type Execute,
  type Period,
  type PhaseKey,
} from '@xiaoyuan/schema';
import type { ScopeUnit } from '../../engine/caller';

/*
 * What a report (DOMAIN.md §9) shows, read in the caller's tenant transaction: the period's KPI
 * snapshots of the units the caller may read (its subtree and its ancestors; the district's row
 * for everyone), status counts, the rollout milestones as of the period's end, and the alert
 * events of the period. The rows read are the ones the workbook lists; its status and alert-action
 * counts are tallies of those rows, the open alerts a SQL count.
 */

export interface KpiCell {
  value: number | null;
  target: number | null;
  status: KpiStatus;
}

export interface UnitRow {
  level: ScopeLevel;
  street: string | null;
  community: string | null;
  code: string | null;
  name: string;
  kpis: Partial<Record<KpiKey, KpiCell>>;
}

export interface StatusCount {
  level: ScopeLevel;
  kpi: KpiKey;
  status: KpiStatus;
  count: number;
}

export interface AlertEventRow {
  at: string;
  street: string;
  community: string;
  courtyardCode: string;
  courtyard: string;
  kpi: KpiKey;
  action: AlertAction;
  level: AlertLevel | null;
  period: string | null;
  actor: string | null;
  note: string | null;
}

export interface ReportData {
  district: { name: string; code: string };
  period: Period;
  today: string;
  /** the period has not ended yet: its figures may still change */
  provisional: boolean;
  phase: PhaseKey | null;
  /** the unit the report is about: the district, or the caller's street, community or courtyard */
  unit: UnitRow;
  /** the unit's KPIs of the period before */
  previous: Partial<Record<KpiKey, KpiCell>>;
  /** district, streets and communities the caller may read, in hierarchy order */
  units: UnitRow[];
  /** the enrolled courtyards of the caller's subtree (those with snapshots) */
  courtyards: UnitRow[];
  statusCounts: StatusCount[];
  /** null without a rollout plan */
  milestones: { asOf: string; items: EvaluatedMilestone[] } | null;
  events: AlertEventRow[];
  eventCounts: Partial<Record<AlertAction, number>>;
  openAlerts: Partial<Record<AlertLevel, number>>;
}

/** A report that cannot be made as asked (the router answers 400 with the message). */
export class ReportRefusal extends Error {}

type Filter = { sql: string; params: unknown[] };

/** Courtyards of the caller's subtree (`c` = courtyards). */
function courtyardFilter(scope: ScopeUnit | null): Filter {
  if (!scope) return { sql: 'true', params: [] };
  if (scope.kind === 'Street') return { sql: 'c.street_id = ?', params: [scope.streetId] };
  if (scope.kind === 'Community') return { sql: 'c.community_id = ?', params: [scope.communityId] };
  return { sql: 'c.id = ?', params: [scope.courtyardId] };
}

/** Communities of the caller's subtree or above it (`m` = communities). */
function communityFilter(scope: ScopeUnit | null): Filter {
  if (!scope) return { sql: 'true', params: [] };
  if (scope.kind === 'Street') return { sql: 'm.street_id = ?', params: [scope.streetId] };
  return { sql: 'm.id = ?', params: [scope.communityId] };
}

/** Streets of the caller's subtree or above it (`s` = streets). */
function streetFilter(scope: ScopeUnit | null): Filter {
  return scope ? { sql: 's.id = ?', params: [scope.streetId] } : { sql: 'true', params: [] };
}

const KPIS_OF = `jsonb_object_agg(k.kpi, jsonb_build_object('value', k.value::float8, 'target', k.target::float8, 'status', k.status))
  filter (where k.kpi is not null)`;

interface RawUnit {
  level: ScopeLevel;
  street: string | null;
  community: string | null;
  code: string | null;
  name: string;
  kpis: Partial<Record<KpiKey, KpiCell>> | null;
}

const unitRow = (raw: RawUnit): UnitRow => ({ ...raw, kpis: raw.kpis ?? {} });

export async function readReportData(
  em: EntityManager,
  input: { tenantId: string; scope: ScopeUnit | null; period: Period; clock: DistrictClock },
): Promise<ReportData> {
  const { tenantId, scope, period } = input;
  const [district] = await em.execute<
    {
      name: string;
      code: string;
      plan_id: string | null;
      starts_on: string | null;
      pilot_size: number | null;
    }[]
  >(
    `select d.name, d.code, p.id as plan_id, to_char(p.starts_on, 'YYYY-MM-DD') as starts_on, p.pilot_size
       from districts d left join rollout_plans p on p.tenant_id = d.id and p.active where d.id = ?`,
    [tenantId],
  );
  if (!district) throw new Error(`report: district ${tenantId} is not visible in this transaction`);
  const { clock } = input;
  const today = clock.today();
  if (period.start > today)
    throw new ReportRefusal(`The period ${period.key} has not begun (today is ${today} in the district)`);
  const courtyards = courtyardFilter(scope);
  const communities = communityFilter(scope);
  const streets = streetFilter(scope);

  // district, streets, communities: one row each with the period's KPIs (none: an empty map)
  const units = (
    await em.execute<RawUnit[]>(
      `select 'DISTRICT' as level, null as street, null as community, d.code, d.name, ${KPIS_OF} as kpis, 0 as o1, '' as o2, '' as o3
         from districts d left join kpi_snapshots k on k.tenant_id = d.id and k.scope_level = 'DISTRICT' and k.scope_id = d.id and k.period = ?
        where d.id = ? group by d.code, d.name
       union all
       select 'STREET', s.name, null, s.code, s.name, ${KPIS_OF}, 1, s.code, ''
         from streets s left join kpi_snapshots k on k.tenant_id = s.tenant_id and k.scope_level = 'STREET' and k.scope_id = s.id and k.period = ?
        where s.tenant_id = ? and ${streets.sql} group by s.code, s.name
       union all
       select 'COMMUNITY', s.name, m.name, m.code, m.name, ${KPIS_OF}, 1, s.code, m.code
         from communities m join streets s on s.tenant_id = m.tenant_id and s.id = m.street_id
         left join kpi_snapshots k on k.tenant_id = m.tenant_id and k.scope_level = 'COMMUNITY' and k.scope_id = m.id and k.period = ?
        where m.tenant_id = ? and ${communities.sql} group by s.code, s.name, m.code, m.name
        order by 7, 8, 9`,
      [period.key, tenantId, period.key, tenantId, ...streets.params, period.key, tenantId, ...communities.params],
    )
  ).map(unitRow);

  const courtyardRows = (
    await em.execute<RawUnit[]>(
      `select 'COURTYARD' as level, s.name as street, m.name as community, c.code, c.name, ${KPIS_OF} as kpis
         from courtyards c
         join communities m on m.tenant_id = c.tenant_id and m.id = c.community_id
         join streets s on s.tenant_id = c.tenant_id and s.id = c.street_id
         join kpi_snapshots k on k.tenant_id = c.tenant_id and k.scope_level = 'COURTYARD' and k.scope_id = c.id and k.period = ?
        where c.tenant_id = ? and ${courtyards.sql}
        group by s.code, s.name, m.code, m.name, c.code, c.name
        order by s.code, m.code, c.code`,
      [period.key, tenantId, ...courtyards.params],
    )
  ).map(unitRow);

  // the unit of the report and its previous period
  const unitLevel = !scope
    ? ScopeLevel.DISTRICT
    : scope.kind === 'Street'
      ? ScopeLevel.STREET
      : scope.kind === 'Community'
        ? ScopeLevel.COMMUNITY
        : ScopeLevel.COURTYARD;
  const unit =
    scope?.kind === 'Courtyard'
      ? (courtyardRows[0] ?? (await courtyardWithoutSnapshots(em, tenantId, scope.courtyardId)))
      : units.find((row) => row.level === unitLevel)!;
  const [previousRow] = await em.execute<{ kpis: Partial<Record<KpiKey, KpiCell>> | null }[]>(
    `select ${KPIS_OF} as kpis from kpi_snapshots k
      where k.tenant_id = ? and k.scope_level = ? and k.scope_id = ? and k.period = ?`,
    [tenantId, unit.level, scopeIdOf(scope, tenantId), previousPeriod(period).key],
  );

  const asOf = period.end < today ? period.end : today;
  const execute: Execute = <T>(sql: string, params: unknown[]) => em.execute<T[]>(sql, params);
  const milestones =
    district.plan_id && district.starts_on && district.pilot_size !== null
      ? {
          asOf,
          items: await evaluateMilestones(
            execute,
            {
              id: district.plan_id,
              startsOn: district.starts_on,
              pilotSize: district.pilot_size,
              timezone: clock.timezone,
            },
            asOf,
          ),
        }
      : null;

  // alert events of the period by the district's local time
  const window = `e.at >= ((?)::date::timestamp at time zone ?) and e.at < (((?)::date + 1)::timestamp at time zone ?)`;
  const windowParams = [period.start, clock.timezone, period.end, clock.timezone];
  const events = await em.execute<AlertEventRow[]>(
    `select to_char(e.at at time zone ?, 'YYYY-MM-DD HH24:MI') as at, s.name as street, m.name as community,
            c.code as "courtyardCode", c.name as courtyard, a.kpi, e.action, e.level, e.period,
            coalesce(u.display_name, k.name) as actor, e.note
       from alert_events e
       join alerts a on a.tenant_id = e.tenant_id and a.id = e.alert_id
       join courtyards c on c.tenant_id = a.tenant_id and c.id = a.courtyard_id
       join streets s on s.tenant_id = a.tenant_id and s.id = a.street_id
       join communities m on m.tenant_id = a.tenant_id and m.id = a.community_id
       left join users u on u.tenant_id = e.tenant_id and u.id = e.actor_id
       left join api_clients k on k.tenant_id = e.tenant_id and k.id = e.actor_client_id
      where e.tenant_id = ? and ${window} and ${courtyards.sql}
      order by e.at, e.id`,
    [clock.timezone, tenantId, ...windowParams, ...courtyards.params],
  );
  const openAlerts = Object.fromEntries(
    (
      await em.execute<{ level: AlertLevel; count: number }[]>(
        `select a.level, count(*)::int as count from alerts a join courtyards c on c.tenant_id = a.tenant_id and c.id = a.courtyard_id
          where a.tenant_id = ? and a.status <> 'RESOLVED' and ${courtyards.sql} group by a.level`,
        [tenantId, ...courtyards.params],
      )
    ).map((row) => [row.level, row.count]),
  );

  return {
    district: { name: district.name, code: district.code },
    period,
    today,
    provisional: !isClosed(period, today),
    phase: district.starts_on ? phaseOn(district.starts_on, period.end) : null,
    unit,
    previous: previousRow?.kpis ?? {},
    units,
    courtyards: courtyardRows,
    statusCounts: [
      ...statusCountsOf(courtyardRows),
      ...statusCountsOf(units.filter((row) => row.level === ScopeLevel.COMMUNITY)),
    ],
    milestones,
    events,
    eventCounts: tally(events.map((event) => event.action)),
    openAlerts,
  };
}

/** How many of the rows have each status, per KPI (the rows the workbook lists: one pass, no query). */
function statusCountsOf(rows: UnitRow[]): StatusCount[] {
  const counts = new Map<string, StatusCount>();
  for (const row of rows) {
    for (const [kpi, cell] of Object.entries(row.kpis) as [KpiKey, KpiCell][]) {
      const key = `${kpi}:${cell.status}`;
      const count = counts.get(key) ?? { level: row.level, kpi, status: cell.status, count: 0 };
      count.count++;
      counts.set(key, count);
    }
  }
  return [...counts.values()];
}

function tally<T extends string>(items: T[]): Partial<Record<T, number>> {
  const counts: Partial<Record<T, number>> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}

function scopeIdOf(scope: ScopeUnit | null, tenantId: string): string {
  if (!scope) return tenantId;
  if (scope.kind === 'Street') return scope.streetId;
  if (scope.kind === 'Community') return scope.communityId;
  return scope.courtyardId;
}

/** A courtyard that has no snapshot of the period (not enrolled by its end): its row, no KPIs. */
async function courtyardWithoutSnapshots(em: EntityManager, tenantId: string, courtyardId: string): Promise<UnitRow> {
  const [row] = await em.execute<RawUnit[]>(
    `select 'COURTYARD' as level, s.name as street, m.name as community, c.code, c.name, null as kpis
       from courtyards c join communities m on m.tenant_id = c.tenant_id and m.id = c.community_id
       join streets s on s.tenant_id = c.tenant_id and s.id = c.street_id
      where c.tenant_id = ? and c.id = ?`,
    [tenantId, courtyardId],
  );
  return unitRow(row);
}
