import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { KpiKey, loadDistrictClock, withTenant } from '@xiaoyuan/schema';
import { syncAlerts, type SyncAlertsInput } from '../../src/alerts/alert-engine';
import { recomputeKpiPeriods, recomputeKpis, type RecomputeKpisInput } from '../../src/kpi/kpi-engine';
import { createDistrict } from './test-environment';

/*
 * A small district for the alert tests, hand-checkable (time zone Asia/Shanghai, plan starting
 * 2025-01-01: every month of 2025 is PILOT, PARTICIPATION_RATE target 0.30, margin 0.10):
 *
 *   street S1 ── community M1 ── A, B
 *            └─ community M2 ── C
 *   street S2 ── community M3 ── D
 *
 * Each courtyard has 10 households, is enrolled on 2024-12-01, has its committee and all five
 * institutions since 2024-12-01 (those two KPIs are GREEN). Each month of 2025 it holds one
 * activity (the 10th) attended by `participation[courtyard][month]` households (default 3), each
 * with one participant who is young (youth participation 1: GREEN). So PARTICIPATION_RATE is
 * n/10: 3 → 0.30 GREEN, 2 → 0.20 YELLOW (misses by exactly the margin), 1 or 0 → RED; and the
 * only other KPI with a value is SATISFACTION_SCORE, in the months given in `surveys` (target 75,
 * margin 10: 80 GREEN, 70 YELLOW, 60 RED). Every other KPI has no record: NO_DATA, no alert.
 */
export type Courtyard = 'A' | 'B' | 'C' | 'D';
export const COURTYARDS: Courtyard[] = ['A', 'B', 'C', 'D'];
const LAYOUT: Record<Courtyard, { community: 'M1' | 'M2' | 'M3'; street: 'S1' | 'S2' }> = {
  A: { community: 'M1', street: 'S1' },
  B: { community: 'M1', street: 'S1' },
  C: { community: 'M2', street: 'S1' },
  D: { community: 'M3', street: 'S2' },
};

export interface FixtureData {
  participation?: Partial<Record<Courtyard, Record<string, number>>>;
  surveys?: Partial<Record<Courtyard, Record<string, number>>>;
}

export interface AlertRow {
  id: string;
  courtyard: Courtyard;
  kpi: KpiKey;
  level: 'YELLOW' | 'RED';
  status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
  period: string;
  value: number | null;
  target: number | null;
  street: string;
  community: string;
  resolved: boolean;
}

export interface EventRow {
  courtyard: Courtyard;
  kpi: KpiKey;
  action: string;
  level: string | null;
  period: string | null;
  note: string | null;
  actor_id: string | null;
}

/** 2026-01-15 noon in Shanghai: every month of 2025 is closed. */
export const AFTER_2025 = new Date('2026-01-15T04:00:00Z');

export class AlertFixture {
  readonly ids = {} as Record<Courtyard | 'M1' | 'M2' | 'M3' | 'S1' | 'S2', string>;
  private readonly names = new Map<string, string>();
  tenantId = '';

  constructor(
    private readonly orm: MikroORM,
    private readonly code: string,
  ) {}

  tx<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return withTenant(this.orm.em, { tenantId: this.tenantId }, work);
  }

  name(id: string): string {
    return this.names.get(id) ?? id;
  }

  async create(data: FixtureData): Promise<this> {
    this.tenantId = await createDistrict(this.orm, this.code);
    const tenant = this.tenantId;
    await this.tx(async (em) => {
      const one = async (sql: string, params: unknown[]) =>
        (await em.execute<{ id: string }[]>(`${sql} returning id`, params))[0].id;
      for (const street of ['S1', 'S2'] as const) {
        this.ids[street] = await one(`insert into streets (tenant_id, code, name) values (?, ?, ?)`, [
          tenant,
          street,
          `${street}街道`,
        ]);
      }
      for (const [community, street] of [
        ['M1', 'S1'],
        ['M2', 'S1'],
        ['M3', 'S2'],
      ] as const) {
        this.ids[community] = await one(
          `insert into communities (tenant_id, street_id, code, name) values (?, ?, ?, ?)`,
          [tenant, this.ids[street], community, `${community}社区`],
        );
      }
      const plan = await one(
        `insert into rollout_plans (tenant_id, name, starts_on) values (?, '计划', '2025-01-01')`,
        [tenant],
      );
      for (const courtyard of COURTYARDS) {
        const { community, street } = LAYOUT[courtyard];
        const id = await one(
          `insert into courtyards (tenant_id, street_id, community_id, code, name, type, household_count) values (?, ?, ?, ?, ?, 'OLD_COMPOUND', 10)`,
          [tenant, this.ids[street], this.ids[community], courtyard, `${courtyard}院`],
        );
        this.ids[courtyard] = id;
        await em.execute(
          `insert into households (tenant_id, courtyard_id, code) select ?, ?, 'h' || lpad(n::text, 2, '0') from generate_series(1, 10) n`,
          [tenant, id],
        );
        await em.execute(
          `insert into enrollments (tenant_id, plan_id, courtyard_id, batch, enrolled_on) values (?, ?, ?, 1, '2024-12-01')`,
          [tenant, plan, id],
        );
        await em.execute(
          `insert into committee_elections (tenant_id, courtyard_id, elected_on) values (?, ?, '2024-12-01')`,
          [tenant, id],
        );
        await em.execute(
          `insert into institutions (tenant_id, courtyard_id, kind, adopted_on)
           select ?, ?, kind, '2024-12-01' from unnest(array['RESPONSIBILITY_LIST', 'CONVENTION', 'DELIBERATION_RULES', 'FINANCIAL_RULES', 'SUPERVISORY_BOARD']) kind`,
          [tenant, id],
        );
      }
      const activities: { courtyard_id: string; held_on: string; households: number }[] = [];
      for (const courtyard of COURTYARDS) {
        for (let month = 1; month <= 12; month++) {
          const key = `2025-${String(month).padStart(2, '0')}`;
          const households = data.participation?.[courtyard]?.[key] ?? 3;
          if (households > 0) activities.push({ courtyard_id: this.ids[courtyard], held_on: `${key}-10`, households });
        }
      }
      await this.writeActivities(em, activities);
      for (const [courtyard, months] of Object.entries(data.surveys ?? {}) as [Courtyard, Record<string, number>][]) {
        for (const [month, score] of Object.entries(months)) {
          await em.execute(
            `insert into survey_responses (tenant_id, courtyard_id, household_id, taken_on, score)
             select ?, ?, h.id, ?, ? from households h where h.courtyard_id = ? and h.code = 'h01'`,
            [tenant, this.ids[courtyard], `${month}-12`, score, this.ids[courtyard]],
          );
        }
      }
    });
    for (const [name, id] of Object.entries(this.ids)) this.names.set(id, name);
    return this;
  }

  /** One activity per entry, attended by households h01..h<n>, one young participant each. */
  async writeActivities(
    em: EntityManager,
    activities: { courtyard_id: string; held_on: string; households: number }[],
  ): Promise<void> {
    await em.execute(
      `with planned as (
         select * from jsonb_to_recordset((?)::jsonb) as p(courtyard_id uuid, held_on date, households int)
       ),
       written as (
         insert into activities (tenant_id, courtyard_id, kind, title, held_on)
         select ?, courtyard_id, 'CULTURAL', '活动', held_on from planned
         returning id, courtyard_id, held_on
       )
       insert into activity_attendance (tenant_id, activity_id, household_id, participants, youth_participants)
       select ?, w.id, h.id, 1, 1
         from written w
         join planned p on p.courtyard_id = w.courtyard_id and p.held_on = w.held_on
         join households h on h.courtyard_id = w.courtyard_id and substr(h.code, 2)::int <= p.households`,
      [JSON.stringify(activities), this.tenantId, this.tenantId],
    );
  }

  /** Adds households attending to a courtyard's month (one more activity on the 20th). */
  addAttendance(courtyard: Courtyard, month: string, households: number): Promise<void> {
    return this.tx((em) =>
      this.writeActivities(em, [{ courtyard_id: this.ids[courtyard], held_on: `${month}-20`, households }]),
    );
  }

  /** The district's clock at `now` (as the job runner loads it). */
  private clock(em: EntityManager, now: Date) {
    return loadDistrictClock(em, this.tenantId, () => now);
  }

  compute(period: string, options: Omit<RecomputeKpisInput, 'tenantId' | 'period' | 'clock'> & { now?: Date } = {}) {
    const { now = AFTER_2025, ...rest } = options;
    return this.tx(async (em) =>
      recomputeKpis(em, { tenantId: this.tenantId, period, clock: await this.clock(em, now), ...rest }),
    );
  }

  computePeriods(periods: string[], now = AFTER_2025) {
    return this.tx(async (em) =>
      recomputeKpiPeriods(em, { tenantId: this.tenantId, periods, clock: await this.clock(em, now) }),
    );
  }

  sync(options: Omit<SyncAlertsInput, 'tenantId' | 'clock'> = {}) {
    return this.tx(async (em) =>
      syncAlerts(em, { tenantId: this.tenantId, clock: await this.clock(em, AFTER_2025), ...options }),
    );
  }

  async alerts(kpi: KpiKey | null = KpiKey.PARTICIPATION_RATE): Promise<AlertRow[]> {
    const rows = await this.tx((em) =>
      em.execute<Record<string, unknown>[]>(
        `select id, courtyard_id, kpi, level, status, period, value::float8 as value, target::float8 as target,
                street_id, community_id, resolved_at is not null as resolved
           from alerts where (?::text is null or kpi = ?) order by opened_at, period, courtyard_id`,
        [kpi, kpi],
      ),
    );
    return rows
      .map((row) => ({
        id: row.id as string,
        courtyard: this.name(row.courtyard_id as string) as Courtyard,
        kpi: row.kpi as KpiKey,
        level: row.level as AlertRow['level'],
        status: row.status as AlertRow['status'],
        period: row.period as string,
        value: row.value as number | null,
        target: row.target as number | null,
        street: this.name(row.street_id as string),
        community: this.name(row.community_id as string),
        resolved: row.resolved as boolean,
      }))
      .sort((x, y) => x.courtyard.localeCompare(y.courtyard) || x.kpi.localeCompare(y.kpi));
  }

  async events(kpi: KpiKey | null = KpiKey.PARTICIPATION_RATE): Promise<EventRow[]> {
    const rows = await this.tx((em) =>
      em.execute<Record<string, unknown>[]>(
        `select a.courtyard_id, a.kpi, e.action, e.level, e.period, e.note, e.actor_id, e.at
           from alert_events e join alerts a on a.tenant_id = e.tenant_id and a.id = e.alert_id
          where (?::text is null or a.kpi = ?)`,
        [kpi, kpi],
      ),
    );
    // in time order; the events of one transaction share its time: then by courtyard
    const at = (row: Record<string, unknown>) => new Date(row.at as string).getTime();
    rows.sort(
      (x, y) => at(x) - at(y) || this.name(x.courtyard_id as string).localeCompare(this.name(y.courtyard_id as string)),
    );
    return rows.map((row) => ({
      courtyard: this.name(row.courtyard_id as string) as Courtyard,
      kpi: row.kpi as KpiKey,
      action: row.action as string,
      level: row.level as string | null,
      period: row.period as string | null,
      note: row.note as string | null,
      actor_id: row.actor_id as string | null,
    }));
  }

  async eventCount(): Promise<number> {
    const [row] = await this.tx((em) =>
      em.execute<{ count: number }[]>(`select count(*)::int as count from alert_events`),
    );
    return row.count;
  }
}
