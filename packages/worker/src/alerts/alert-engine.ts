import type { EntityManager } from '@mikro-orm/postgresql';
import { type DistrictClock, type KpiKey, textArray } from '@xiaoyuan/schema';
import { bindNamed } from '../kpi/kpi-queries';

/*
 * The alert engine (DOMAIN.md §7): brings each courtyard KPI's alert in line with the KPI's most
 * recent CLOSED month that has a value, in three set-based statements; nothing is loaded into
 * JavaScript.
 *
 * - The month it follows: a courtyard snapshot of a month (`YYYY-MM`), computed after the month
 *   closed (`provisional = false`) and ending before today in the district's time zone, whose
 *   status is not NO_DATA. Quarters, years, open months and months without a value never count.
 *   Because only that month matters, the outcome does not depend on the order in which months
 *   were computed, and a second run changes nothing (no event is written when nothing changed).
 * - YELLOW or RED there: updates the open (or ACKNOWLEDGED) alert when its level, period, value,
 *   target, street or community differ (event UPDATED, or ESCALATED when YELLOW → RED; RED →
 *   YELLOW is UPDATED); an ACKNOWLEDGED alert stays ACKNOWLEDGED. Without an unresolved alert it
 *   opens one (event OPENED), unless a RESOLVED alert of the same (courtyard, KPI) follows that
 *   month or a later one: a resolution, by hand or automatic, is never undone for the month it
 *   was about; a later closed month that is still YELLOW or RED opens a NEW alert.
 * - GREEN there: resolves the unresolved alert (event RESOLVED, actor NULL = the system, note
 *   'automatic', period = the green month). The alert keeps the period, value and level of the
 *   last month it followed.
 * - Assignment follows the level (yellow → community, red → street: `assignedUnit` in
 *   @xiaoyuan/schema); the alert stores both units, copied from the courtyard, so a moved
 *   courtyard moves its open alert.
 * - Concurrency: a transaction-level advisory lock per district serialises syncs, and it is taken
 *   after the caller's snapshot writes, so whichever sync runs last sees every committed snapshot.
 *   Nothing else is locked after it (no deadlock with the KPI engine's period locks). The insert
 *   also says ON CONFLICT DO NOTHING on `alerts_one_open`: there is never a second open alert.
 */

export interface SyncAlertsInput {
  tenantId: string;
  /** only these courtyards' alerts (absent: every courtyard of the district) */
  courtyardIds?: readonly string[];
  /** only these KPIs (absent: all ten) */
  kpis?: readonly KpiKey[];
  /** the district's clock (the job's; tests and backfills fix its instant): decides which months are closed */
  clock: DistrictClock;
}

/** Alerts changed by one sync (each change is one alert_events row). */
export interface SyncAlertsResult {
  opened: number;
  updated: number;
  escalated: number;
  resolved: number;
}

/** Each (courtyard, KPI) in scope with its most recent closed month that has a value. */
const LATEST = `
latest as (
  select distinct on (k.scope_id, k.kpi)
         k.scope_id as courtyard_id, k.kpi, k.period, k.value, k.target, k.status
    from kpi_snapshots k
   where k.tenant_id = :tenant and k.scope_level = 'COURTYARD'
     and ((:everyCourtyard)::boolean or k.scope_id = any((:courtyardIds)::uuid[]))
     and ((:everyKpi)::boolean or k.kpi = any((:kpis)::text[]))
     and k.period ~ '^[0-9]{4}-[0-9]{2}$'
     and k.period < :currentMonth
     and not k.provisional
     and k.status <> 'NO_DATA'
   order by k.scope_id, k.kpi, k.period desc
),
wanted as (
  select l.courtyard_id, l.kpi, l.period, l.value, l.target, l.status as level, c.street_id, c.community_id
    from latest l
    join courtyards c on c.tenant_id = :tenant and c.id = l.courtyard_id
   where l.status in ('YELLOW', 'RED')
)`;

/** GREEN in the month followed: the unresolved alert is resolved by the system. */
const RESOLVE_SQL = `
with ${LATEST},
resolved as (
  update alerts a
     set status = 'RESOLVED', resolved_at = now()
    from latest l
   where a.tenant_id = :tenant and a.courtyard_id = l.courtyard_id and a.kpi = l.kpi
     and a.status <> 'RESOLVED' and l.status = 'GREEN'
  returning a.id, a.level, l.period
)
insert into alert_events (tenant_id, alert_id, action, note, level, period)
select (:tenant)::uuid, r.id, 'RESOLVED', 'automatic', r.level, r.period from resolved r
returning action`;

/** YELLOW or RED, and an unresolved alert that says something else: it follows the month. */
const UPDATE_SQL = `
with ${LATEST},
changes as (
  select a.id, a.level as previous_level, w.*
    from alerts a
    join wanted w on w.courtyard_id = a.courtyard_id and w.kpi = a.kpi
   where a.tenant_id = :tenant and a.status <> 'RESOLVED'
     and (a.level, a.period, a.value, a.target, a.street_id, a.community_id)
         is distinct from (w.level, w.period, w.value, w.target, w.street_id, w.community_id)
),
updated as (
  update alerts a
     set level = c.level, period = c.period, value = c.value, target = c.target,
         street_id = c.street_id, community_id = c.community_id
    from changes c
   where a.tenant_id = :tenant and a.id = c.id and a.status <> 'RESOLVED'
  returning a.id, a.level, a.period, c.previous_level
)
insert into alert_events (tenant_id, alert_id, action, level, period)
select (:tenant)::uuid, u.id,
       case when u.previous_level = 'YELLOW' and u.level = 'RED' then 'ESCALATED' else 'UPDATED' end,
       u.level, u.period
  from updated u
returning action`;

/**
 * YELLOW or RED and no unresolved alert: a new one, unless a resolved alert already followed this
 * month or a later one (its resolution stands).
 */
const OPEN_SQL = `
with ${LATEST},
opened as (
  insert into alerts as a (tenant_id, courtyard_id, kpi, level, status, period, value, target, street_id, community_id)
  select (:tenant)::uuid, w.courtyard_id, w.kpi, w.level, 'OPEN', w.period, w.value, w.target, w.street_id, w.community_id
    from wanted w
   where not exists (
     select 1 from alerts o
      where o.tenant_id = :tenant and o.courtyard_id = w.courtyard_id and o.kpi = w.kpi
        and (o.status <> 'RESOLVED' or o.period >= w.period))
  on conflict (tenant_id, courtyard_id, kpi) where status <> 'RESOLVED' do nothing
  returning a.id, a.level, a.period
)
insert into alert_events (tenant_id, alert_id, action, level, period)
select (:tenant)::uuid, o.id, 'OPENED', o.level, o.period from opened o
returning action`;

/**
 * Opens, updates, escalates and resolves the alerts of the district's courtyard KPIs (or of some
 * courtyards, some KPIs) from the snapshots as they are now. Runs in the caller's transaction,
 * which must be scoped to `tenantId` (`withTenant`); call it after the snapshot writes. Idempotent.
 */
export async function syncAlerts(em: EntityManager, input: SyncAlertsInput): Promise<SyncAlertsResult> {
  const result: SyncAlertsResult = { opened: 0, updated: 0, escalated: 0, resolved: 0 };
  if (input.courtyardIds?.length === 0 || input.kpis?.length === 0) return result;

  await em.execute(`select pg_advisory_xact_lock(hashtext('alerts'), hashtext(?))`, [input.tenantId]);

  const values = {
    tenant: input.tenantId,
    everyCourtyard: input.courtyardIds === undefined,
    courtyardIds: textArray([...new Set(input.courtyardIds ?? [])]),
    everyKpi: input.kpis === undefined,
    kpis: textArray([...new Set(input.kpis ?? [])]),
    currentMonth: input.clock.periodOf(input.clock.now(), 'MONTH').key,
  };
  const count = (events: { action: string }[]) => {
    for (const { action } of events) {
      if (action === 'OPENED') result.opened++;
      else if (action === 'UPDATED') result.updated++;
      else if (action === 'ESCALATED') result.escalated++;
      else if (action === 'RESOLVED') result.resolved++;
    }
  };
  // one after the other on the transaction's connection: each statement sees the previous ones
  count(await em.execute(...bindNamed(RESOLVE_SQL, values)));
  count(await em.execute(...bindNamed(UPDATE_SQL, values)));
  count(await em.execute(...bindNamed(OPEN_SQL, values)));
  return result;
}
