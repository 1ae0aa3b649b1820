import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  JOBS,
  KpiKey,
  type KpiSnapshotRow,
  KpiStatus,
  QUEUES,
  kpiBand,
  loadDistrictClock,
  withTenant,
} from '@xiaoyuan/schema';
import type { RecomputeKpisJobResult } from '../src/jobs/recompute-kpis.job';
import { recomputeKpiRange, recomputeKpis, periodsOfRange } from '../src/kpi/kpi-engine';
import { type TestProducer, createDistrict } from './support/test-environment';
import { WorkerHarness } from './support/worker-harness';

/*
 * A hand-computed district (time zone Asia/Shanghai, plan starting 2024-09-01: 2025-05 is plan
 * month 9 and 2025-06 month 10 → PILOT; 2025-12 is month 16 → PROMOTION; 2024-08 is before the
 * plan). Override: PILOT PARTICIPATION_RATE target 0.15 (default 0.30).
 *
 *   street S1 ── community M1 ── A (10 households, enrolled 2024-07-10)
 *            │                └─ B (40 households, enrolled 2024-07-10)
 *            └─ community M2 ── C (20 households, enrolled 2025-05-20, mid-quarter)
 *   street S2 ── community M3 ── D (30 households, enrolled 2024-08-01)
 *                             └─ E (50 households, never enrolled: counts nowhere)
 *
 * Records (p = participants, y = youth):
 *   activities   A 2025-04-05 a1(p1 y0) a4(p1 y1); 2025-05-10 a1(p2 y1) a2(p1 y0) a3(p3 y2); 2025-09-01 a5(p2 y2)
 *                B 2025-05-15 b1..b4(p1 y0); 2025-06-20 b1(p1 y1) b5(p1 y0);
 *                  2024-09-10, 10-10, 11-10, 12-10 b1..b4 (4/40 = 0.10 each month: YELLOW vs 0.15)
 *                C 2025-04-10 c1(p1 y1) c2(p1 y1); 2025-05-25 c1(p1 y0)
 *                E 2025-05-05 e1(p5 y5)
 *   disputes     A d1 05-02→05-12 COMMITTEE (10 d), d2 05-20→06-05 MEDIATION (16 d),
 *                  d3 05-25→05-28 ESCALATED (3 d), d4 03-01→05-04 RESIDENTS_ASSEMBLY (64 d)
 *                B d5 05-10→05-11 COMMITTEE (1 d);  C d6 04-15→04-30 COMMITTEE (15 d);  E 05-03→05-04
 *   ledger (fen) A 05-03 GOVERNMENT_SUBSIDY 100000, 05-08 RESIDENT_CONTRIBUTION 50000,
 *                  05-09 SOCIAL_DONATION 30000 and its reversal −30000 (dated 05-09), expense 20000
 *                B 05-15 GOVERNMENT_SUBSIDY 60000, 06-02 RESIDENT_CONTRIBUTION 40000
 *                D 05-20 OPERATING_INCOME 10000;  E 05-01 RESIDENT_CONTRIBUTION 999999
 *   idle spaces  A s1 100 m² (reg. 2025-01-10): RENOVATING 02-01, UTILIZED 05-20, IDLE 09-01
 *                  s2 50 m² (reg. 05-05, never changed); s3 30 m² (reg. 06-10): UTILIZED 06-15
 *                D s4 200 m² (reg. 2024-12-01): UTILIZED 2025-03-01;  E s5 1000 m² UTILIZED
 *   surveys      A 05 80, 90; 06 70;  B 05 60;  C 05-21 100;  E 05 0
 *   service req. (local time +08:00; hours to first response)
 *                A r1 05-01 00:30 (UTC still April 30) 2 h; r2 05-10 4 h; r3 05-31 23:30 (UTC May 31) 10 h;
 *                  r4 04-30 23:00 100 h; r5 05-12 no response yet (left out)
 *                B r6 05-05 20 h;  D r7 06-01 00:10 (UTC May 31) 1 h;  E r8 05-05 500 h
 *   committees   A 2025-03-01, B 2025-06-10, C 2025-04-01 (before its enrolment), E 2025-01-01
 *   institutions A all five 2025-02-01; B four 2025-02-01 + SUPERVISORY_BOARD 2025-06-15;
 *                D four 2025-02-01 + FINANCIAL_RULES 2025-08-01
 *
 * percentile_cont(0.9) over n sorted values: position 0.9·(n−1), linear between neighbours;
 * e.g. {2, 4, 10}: 0.9·2 = 1.8 → 4 + 0.8·(10 − 4) = 8.8.
 */

type Scope = 'A' | 'B' | 'C' | 'D' | 'E' | 'M1' | 'M2' | 'M3' | 'S1' | 'S2' | 'DISTRICT';
const SCOPES: Scope[] = ['A', 'B', 'C', 'D', 'M1', 'M2', 'M3', 'S1', 'S2', 'DISTRICT'];
/** expected value per scope; null = NO_DATA */
type Expected = Record<KpiKey, Record<Exclude<Scope, 'E'>, number | null>>;

const row = (values: Array<number | null>) =>
  Object.fromEntries(SCOPES.map((scope, i) => [scope, values[i]])) as Record<Exclude<Scope, 'E'>, number | null>;

//                                    A        B         C       D      M1         M2      M3    S1          S2    DISTRICT
const MAY: Expected = {
  // distinct attending households / Σ households
  PARTICIPATION_RATE: row([3 / 10, 4 / 40, 1 / 20, 0 / 30, 7 / 50, 1 / 20, 0, 8 / 70, 0, 8 / 100]),
  YOUTH_PARTICIPATION_RATE: row([3 / 6, 0 / 4, 0 / 1, null, 3 / 10, 0, null, 3 / 11, null, 3 / 11]),
  // reported in May: A d1 d2 d3 (only d1 self-resolved by 05-31), B d5
  DISPUTE_RESOLUTION_RATE: row([1 / 3, 1, null, null, 2 / 4, null, null, 2 / 4, null, 2 / 4]),
  // resolved in May: A {3, 10, 64} → 10; B {1}; pooled M1 {1, 3, 10, 64} → 6.5 (not the mean of medians 5.5)
  DISPUTE_RESOLUTION_DAYS: row([10, 1, null, null, 6.5, null, null, 6.5, null, 6.5]),
  // A (50000 own) / (100000 + 50000 + 30000 − 30000); B 0 / 60000; D 10000 / 10000
  SELF_FUNDING_RATE: row([50000 / 150000, 0, null, 1, 50000 / 210000, null, 1, 50000 / 210000, 1, 60000 / 220000]),
  // A s1 UTILIZED 100 of s1+s2 150; D 200 / 200
  IDLE_SPACE_UTILIZATION: row([100 / 150, null, null, 1, 100 / 150, null, 1, 100 / 150, 1, 300 / 350]),
  SATISFACTION_SCORE: row([85, 60, 100, null, 230 / 3, 100, null, 330 / 4, null, 330 / 4]),
  // A {2, 4, 10} → 8.8; B {20}; pooled {2, 4, 10, 20}: 2.7 → 10 + 0.7·10 = 17; D's r7 is local June
  SERVICE_RESPONSE_HOURS: row([8.8, 20, null, null, 17, null, null, 17, null, 17]),
  COMMITTEE_FORMATION_RATE: row([1, 0, 1, 0, 1 / 2, 1, 0, 2 / 3, 0, 2 / 4]),
  INSTITUTION_COMPLETENESS: row([1, 0, 0, 0, 1 / 2, 0, 0, 1 / 3, 0, 1 / 4]),
};

const Q2: Expected = {
  PARTICIPATION_RATE: row([4 / 10, 5 / 40, 2 / 20, 0, 9 / 50, 2 / 20, 0, 11 / 70, 0, 11 / 100]),
  YOUTH_PARTICIPATION_RATE: row([4 / 8, 1 / 6, 2 / 3, null, 5 / 14, 2 / 3, null, 7 / 17, null, 7 / 17]),
  DISPUTE_RESOLUTION_RATE: row([2 / 3, 1, 1, null, 3 / 4, 1, null, 4 / 5, null, 4 / 5]),
  // A {3, 10, 16, 64} → 13; M1 {1, 3, 10, 16, 64} → 10; S1 {1, 3, 10, 15, 16, 64} → 12.5
  DISPUTE_RESOLUTION_DAYS: row([13, 1, 15, null, 10, 15, null, 12.5, null, 12.5]),
  SELF_FUNDING_RATE: row([
    50000 / 150000,
    40000 / 100000,
    null,
    1,
    90000 / 250000,
    null,
    1,
    90000 / 250000,
    1,
    100000 / 260000,
  ]),
  IDLE_SPACE_UTILIZATION: row([130 / 180, null, null, 1, 130 / 180, null, 1, 130 / 180, 1, 330 / 380]),
  SATISFACTION_SCORE: row([80, 60, 100, null, 75, 100, null, 80, null, 80]),
  // A {2, 4, 10, 100}: 2.7 → 73; M1 {2, 4, 10, 20, 100}: 3.6 → 68; district {1, 2, 4, 10, 20, 100}: 4.5 → 60
  SERVICE_RESPONSE_HOURS: row([73, 20, null, 1, 68, null, 1, 68, 1, 60]),
  COMMITTEE_FORMATION_RATE: row([1, 1, 1, 0, 1, 1, 0, 1, 0, 3 / 4]),
  INSTITUTION_COMPLETENESS: row([1, 1, 0, 0, 1, 0, 0, 2 / 3, 0, 2 / 4]),
};

const YEAR: Expected = {
  ...Q2,
  PARTICIPATION_RATE: row([5 / 10, 5 / 40, 2 / 20, 0, 10 / 50, 2 / 20, 0, 12 / 70, 0, 12 / 100]),
  YOUTH_PARTICIPATION_RATE: row([6 / 10, 1 / 6, 2 / 3, null, 7 / 16, 2 / 3, null, 9 / 19, null, 9 / 19]),
  // d4 was reported in March: in the year, not in Q2
  DISPUTE_RESOLUTION_RATE: row([3 / 4, 1, 1, null, 4 / 5, 1, null, 5 / 6, null, 5 / 6]),
  // s1 back to IDLE on 09-01
  IDLE_SPACE_UTILIZATION: row([30 / 180, null, null, 1, 30 / 180, null, 1, 30 / 180, 1, 230 / 380]),
  INSTITUTION_COMPLETENESS: row([1, 1, 0, 1, 1, 0, 1, 2 / 3, 1, 3 / 4]),
};

const NOW = new Date('2026-06-01T00:00:00Z');

type SnapshotRow = Omit<KpiSnapshotRow, 'period'>;

describe('KPI engine (hand-computed district)', () => {
  let harness: WorkerHarness;
  let orm: MikroORM;
  let tenantId: string;
  const ids = {} as Record<Scope, string>;
  const names = new Map<string, Scope>();
  const households = new Map<string, string>();

  const tx = <T>(work: (em: EntityManager) => Promise<T>) => withTenant(orm.em, { tenantId }, work);
  const one = async (em: EntityManager, sql: string, params: unknown[]) =>
    (await em.execute<{ id: string }[]>(`${sql} returning id`, params))[0].id;

  async function readSnapshots(period: string): Promise<SnapshotRow[]> {
    const rows = await tx((em) =>
      em.execute<Record<string, unknown>[]>(
        `select scope_level, scope_id, kpi, value::float8 as value, numerator::float8 as numerator, denominator::float8 as denominator,
                target::float8 as target, status, provisional, computed_at::text as computed_at
           from kpi_snapshots where period = ? order by scope_level, scope_id, kpi`,
        [period],
      ),
    );
    return rows as unknown as SnapshotRow[];
  }
  const withoutTime = (rows: SnapshotRow[]) => rows.map(({ computed_at: _, ...rest }) => rest);
  const byScope = (rows: SnapshotRow[]) => {
    const map = new Map<string, SnapshotRow>();
    for (const snapshot of rows) map.set(`${names.get(snapshot.scope_id)}:${snapshot.kpi}`, snapshot);
    return map;
  };

  function expectPeriod(rows: SnapshotRow[], expected: Expected, targets: Partial<Record<KpiKey, number | null>>) {
    const map = byScope(rows);
    // 4 courtyards, 3 communities, 2 streets, the district; never E
    expect(rows).toHaveLength(10 * 10);
    expect(rows.some((snapshot) => snapshot.scope_id === ids.E)).toBe(false);
    for (const kpi of Object.keys(expected) as KpiKey[]) {
      for (const scope of SCOPES) {
        const snapshot = map.get(`${scope}:${kpi}`);
        const want = expected[kpi][scope as Exclude<Scope, 'E'>];
        const label = `${scope} ${kpi}`;
        expect({ label, found: !!snapshot }).toEqual({ label, found: true });
        if (want === null) {
          expect({ label, value: snapshot!.value, status: snapshot!.status }).toEqual({
            label,
            value: null,
            status: KpiStatus.NO_DATA,
          });
        } else {
          expect({ label, value: snapshot!.value }).toEqual({ label, value: expect.closeTo(want, 5) });
          // the SQL status agrees with the shared rule (no escalation in these periods)
          expect({ label, status: snapshot!.status }).toEqual({
            label,
            status: kpiBand(kpi, snapshot!.value, snapshot!.target),
          });
        }
        if (kpi in targets) expect({ label, target: snapshot!.target }).toEqual({ label, target: targets[kpi] });
      }
    }
  }

  beforeAll(async () => {
    harness = await WorkerHarness.open();
    orm = harness.orm;
    tenantId = await createDistrict(orm, 'kpi');
    ids.DISTRICT = tenantId;
    await tx(async (em) => {
      ids.S1 = await one(em, `insert into streets (tenant_id, code, name) values (?, 'S1', '一街道')`, [tenantId]);
      ids.S2 = await one(em, `insert into streets (tenant_id, code, name) values (?, 'S2', '二街道')`, [tenantId]);
      const community = (code: string, street: string) =>
        one(em, `insert into communities (tenant_id, street_id, code, name) values (?, ?, ?, ?)`, [
          tenantId,
          street,
          code,
          `${code}社区`,
        ]);
      ids.M1 = await community('M1', ids.S1);
      ids.M2 = await community('M2', ids.S1);
      ids.M3 = await community('M3', ids.S2);
      const courtyard = (code: Scope, community: Scope, street: Scope, householdCount: number) =>
        one(
          em,
          `insert into courtyards (tenant_id, street_id, community_id, code, name, type, household_count) values (?, ?, ?, ?, ?, 'OLD_COMPOUND', ?)`,
          [tenantId, ids[street], ids[community], code, `${code}院`, householdCount],
        );
      ids.A = await courtyard('A', 'M1', 'S1', 10);
      ids.B = await courtyard('B', 'M1', 'S1', 40);
      ids.C = await courtyard('C', 'M2', 'S1', 20);
      ids.D = await courtyard('D', 'M3', 'S2', 30);
      ids.E = await courtyard('E', 'M3', 'S2', 50);
      for (const [scope, codes] of [
        ['A', 'a1 a2 a3 a4 a5'],
        ['B', 'b1 b2 b3 b4 b5'],
        ['C', 'c1 c2 c3'],
        ['D', 'd1'],
        ['E', 'e1'],
      ] as const) {
        for (const code of codes.split(' ')) {
          households.set(
            code,
            await one(em, `insert into households (tenant_id, courtyard_id, code) values (?, ?, ?)`, [
              tenantId,
              ids[scope],
              code,
            ]),
          );
        }
      }
      const plan = await one(
        em,
        `insert into rollout_plans (tenant_id, name, starts_on) values (?, '计划', '2024-09-01')`,
        [tenantId],
      );
      for (const [scope, on] of [
        ['A', '2024-07-10'],
        ['B', '2024-07-10'],
        ['C', '2025-05-20'],
        ['D', '2024-08-01'],
      ] as const) {
        await em.execute(
          `insert into enrollments (tenant_id, plan_id, courtyard_id, batch, enrolled_on) values (?, ?, ?, 1, ?)`,
          [tenantId, plan, ids[scope], on],
        );
      }
      await em.execute(
        `insert into kpi_targets (tenant_id, phase, kpi, target) values (?, 'PILOT', 'PARTICIPATION_RATE', 0.15)`,
        [tenantId],
      );

      const activity = async (scope: Scope, heldOn: string, attendance: string) => {
        const activityId = await one(
          em,
          `insert into activities (tenant_id, courtyard_id, kind, title, held_on) values (?, ?, 'CULTURAL', '活动', ?)`,
          [tenantId, ids[scope], heldOn],
        );
        for (const entry of attendance.split(' ')) {
          const [code, participants, youth] = entry.split(':');
          await em.execute(
            `insert into activity_attendance (tenant_id, activity_id, household_id, participants, youth_participants) values (?, ?, ?, ?, ?)`,
            [tenantId, activityId, households.get(code), Number(participants), Number(youth)],
          );
        }
      };
      await activity('A', '2025-04-05', 'a1:1:0 a4:1:1');
      await activity('A', '2025-05-10', 'a1:2:1 a2:1:0 a3:3:2');
      await activity('A', '2025-09-01', 'a5:2:2');
      await activity('B', '2025-05-15', 'b1:1:0 b2:1:0 b3:1:0 b4:1:0');
      await activity('B', '2025-06-20', 'b1:1:1 b5:1:0');
      for (const month of ['09', '10', '11', '12'])
        await activity('B', `2024-${month}-10`, 'b1:1:0 b2:1:0 b3:1:0 b4:1:0');
      await activity('C', '2025-04-10', 'c1:1:1 c2:1:1');
      await activity('C', '2025-05-25', 'c1:1:0');
      await activity('E', '2025-05-05', 'e1:5:5');

      const dispute = (scope: Scope, reportedOn: string, resolvedOn: string | null, channel: string | null) =>
        em.execute(
          `insert into disputes (tenant_id, courtyard_id, category, reported_on, resolved_on, channel) values (?, ?, 'NOISE', ?, ?, ?)`,
          [tenantId, ids[scope], reportedOn, resolvedOn, channel],
        );
      await dispute('A', '2025-05-02', '2025-05-12', 'COMMITTEE');
      await dispute('A', '2025-05-20', '2025-06-05', 'MEDIATION');
      await dispute('A', '2025-05-25', '2025-05-28', 'ESCALATED');
      await dispute('A', '2025-03-01', '2025-05-04', 'RESIDENTS_ASSEMBLY');
      await dispute('B', '2025-05-10', '2025-05-11', 'COMMITTEE');
      await dispute('C', '2025-04-15', '2025-04-30', 'COMMITTEE');
      await dispute('E', '2025-05-03', '2025-05-04', 'COMMITTEE');

      const income = (scope: Scope, source: string, amountFen: number, occurredOn: string) =>
        one(
          em,
          `insert into ledger_entries (tenant_id, courtyard_id, direction, income_source, amount_fen, occurred_on) values (?, ?, 'INCOME', ?, ?, ?)`,
          [tenantId, ids[scope], source, amountFen, occurredOn],
        );
      await income('A', 'GOVERNMENT_SUBSIDY', 100000, '2025-05-03');
      await income('A', 'RESIDENT_CONTRIBUTION', 50000, '2025-05-08');
      const mistaken = await income('A', 'SOCIAL_DONATION', 30000, '2025-05-09');
      await em.execute(
        `insert into ledger_entries (tenant_id, courtyard_id, direction, income_source, amount_fen, occurred_on, reverses_id, reason)
         values (?, ?, 'INCOME', 'SOCIAL_DONATION', -30000, '2025-05-09', ?, '重复录入')`,
        [tenantId, ids.A, mistaken],
      );
      await em.execute(
        `insert into ledger_entries (tenant_id, courtyard_id, direction, expense_category, amount_fen, occurred_on) values (?, ?, 'EXPENSE', 'SAFETY', 20000, '2025-05-10')`,
        [tenantId, ids.A],
      );
      await income('B', 'GOVERNMENT_SUBSIDY', 60000, '2025-05-15');
      await income('B', 'RESIDENT_CONTRIBUTION', 40000, '2025-06-02');
      await income('D', 'OPERATING_INCOME', 10000, '2025-05-20');
      await income('E', 'RESIDENT_CONTRIBUTION', 999999, '2025-05-01');

      const space = async (scope: Scope, area: number, registeredOn: string, changes: Array<[string, string]>) => {
        const spaceId = await one(
          em,
          `insert into idle_spaces (tenant_id, courtyard_id, name, area_sqm, registered_on) values (?, ?, '空间', ?, ?)`,
          [tenantId, ids[scope], area, registeredOn],
        );
        for (const [status, changedOn] of changes) {
          await em.execute(
            `insert into idle_space_status_changes (tenant_id, idle_space_id, status, changed_on) values (?, ?, ?, ?)`,
            [tenantId, spaceId, status, changedOn],
          );
        }
      };
      await space('A', 100, '2025-01-10', [
        ['RENOVATING', '2025-02-01'],
        ['UTILIZED', '2025-05-20'],
        ['IDLE', '2025-09-01'],
      ]);
      await space('A', 50, '2025-05-05', []);
      await space('A', 30, '2025-06-10', [['UTILIZED', '2025-06-15']]);
      await space('D', 200, '2024-12-01', [['UTILIZED', '2025-03-01']]);
      await space('E', 1000, '2025-01-01', [['UTILIZED', '2025-01-02']]);

      const survey = (scope: Scope, household: string, takenOn: string, score: number) =>
        em.execute(
          `insert into survey_responses (tenant_id, courtyard_id, household_id, taken_on, score) values (?, ?, ?, ?, ?)`,
          [tenantId, ids[scope], households.get(household), takenOn, score],
        );
      await survey('A', 'a1', '2025-05-11', 80);
      await survey('A', 'a2', '2025-05-12', 90);
      await survey('A', 'a3', '2025-06-12', 70);
      await survey('B', 'b1', '2025-05-16', 60);
      await survey('C', 'c1', '2025-05-21', 100);
      await survey('E', 'e1', '2025-05-06', 0);

      const request = (scope: Scope, createdAt: string, hours: number | null) =>
        em.execute(
          `insert into service_requests (tenant_id, courtyard_id, category, created_at, first_response_at)
           values (?, ?, '报修', ?::timestamptz, ?::timestamptz + (?::text || ' hours')::interval)`,
          [tenantId, ids[scope], createdAt, hours === null ? null : createdAt, hours ?? 0],
        );
      await request('A', '2025-05-01T00:30:00+08:00', 2);
      await request('A', '2025-05-10T10:00:00+08:00', 4);
      await request('A', '2025-05-31T23:30:00+08:00', 10);
      await request('A', '2025-04-30T23:00:00+08:00', 100);
      await request('A', '2025-05-12T09:00:00+08:00', null);
      await request('B', '2025-05-05T09:00:00+08:00', 20);
      await request('D', '2025-06-01T00:10:00+08:00', 1);
      await request('E', '2025-05-05T09:00:00+08:00', 500);

      for (const [scope, on] of [
        ['A', '2025-03-01'],
        ['B', '2025-06-10'],
        ['C', '2025-04-01'],
        ['E', '2025-01-01'],
      ] as const) {
        await em.execute(`insert into committee_elections (tenant_id, courtyard_id, elected_on) values (?, ?, ?)`, [
          tenantId,
          ids[scope],
          on,
        ]);
      }
      const adopt = (scope: Scope, kind: string, on: string) =>
        em.execute(`insert into institutions (tenant_id, courtyard_id, kind, adopted_on) values (?, ?, ?, ?)`, [
          tenantId,
          ids[scope],
          kind,
          on,
        ]);
      const four = ['RESPONSIBILITY_LIST', 'CONVENTION', 'DELIBERATION_RULES', 'FINANCIAL_RULES'];
      for (const kind of [...four, 'SUPERVISORY_BOARD']) await adopt('A', kind, '2025-02-01');
      for (const kind of four) await adopt('B', kind, '2025-02-01');
      await adopt('B', 'SUPERVISORY_BOARD', '2025-06-15');
      for (const kind of ['RESPONSIBILITY_LIST', 'CONVENTION', 'DELIBERATION_RULES', 'SUPERVISORY_BOARD'])
        await adopt('D', kind, '2025-02-01');
      await adopt('D', 'FINANCIAL_RULES', '2025-08-01');
    });
    for (const [scope, id] of Object.entries(ids)) names.set(id, scope as Scope);
  });

  afterAll(() => harness?.close());

  const compute = (period: string, options: { courtyardIds?: string[]; kpis?: KpiKey[]; now?: Date } = {}) => {
    const { now = NOW, ...rest } = options;
    return tx(async (em) =>
      recomputeKpis(em, { tenantId, period, clock: await loadDistrictClock(em, tenantId, () => now), ...rest }),
    );
  };

  it('computes every KPI at every level for a month (2025-05, PILOT, participation target overridden)', async () => {
    const result = await compute('2025-05');
    expect(result).toEqual({
      period: '2025-05',
      phase: 'PILOT',
      provisional: false,
      rows: { COURTYARD: 40, COMMUNITY: 30, STREET: 20, DISTRICT: 10 },
      // a closed month: its courtyards' yellow and red KPIs open alerts (test/alerts.spec.ts)
      alerts: { opened: 13, updated: 0, escalated: 0, resolved: 0 },
    });
    const rows = await readSnapshots('2025-05');
    expectPeriod(rows, MAY, {
      PARTICIPATION_RATE: 0.15,
      SATISFACTION_SCORE: 75,
      SERVICE_RESPONSE_HOURS: 48,
      DISPUTE_RESOLUTION_DAYS: 30,
    });
    const map = byScope(rows);
    const status = (key: string) => map.get(key)!.status;
    // participation vs 0.15 (margin 0.10): A 0.30 GREEN, B 0.10 YELLOW, C 0.05 misses by exactly 0.10 → YELLOW, D 0 RED
    expect([
      status('A:PARTICIPATION_RATE'),
      status('B:PARTICIPATION_RATE'),
      status('C:PARTICIPATION_RATE'),
      status('D:PARTICIPATION_RATE'),
    ]).toEqual(['GREEN', 'YELLOW', 'YELLOW', 'RED']);
    expect(status('DISTRICT:PARTICIPATION_RATE')).toBe('YELLOW'); // 0.08 vs 0.15
    expect(status('DISTRICT:SELF_FUNDING_RATE')).toBe('YELLOW'); // 0.2727 vs 0.30
    expect(status('B:SELF_FUNDING_RATE')).toBe('RED'); // 0 vs 0.30
    expect(status('B:SATISFACTION_SCORE')).toBe('RED'); // 60 vs 75, margin 10
    expect(status('M1:SATISFACTION_SCORE')).toBe('GREEN'); // 76.67
    expect(status('DISTRICT:COMMITTEE_FORMATION_RATE')).toBe('RED'); // 0.5 vs 0.9
    // numerators and denominators are stored; median/percentile: numerator = value, denominator = records
    expect(map.get('S1:PARTICIPATION_RATE')).toMatchObject({ numerator: 8, denominator: 70 });
    expect(map.get('DISTRICT:SELF_FUNDING_RATE')).toMatchObject({ numerator: 60000, denominator: 220000 });
    expect(map.get('M1:DISPUTE_RESOLUTION_DAYS')).toMatchObject({ value: 6.5, numerator: 6.5, denominator: 4 });
    expect(map.get('DISTRICT:SERVICE_RESPONSE_HOURS')).toMatchObject({ value: 17, numerator: 17, denominator: 4 });
    // zero denominators: no value, NO_DATA, still a row
    expect(map.get('D:YOUTH_PARTICIPATION_RATE')).toMatchObject({
      value: null,
      numerator: 0,
      denominator: 0,
      status: 'NO_DATA',
    });
    expect(map.get('M2:SERVICE_RESPONSE_HOURS')).toMatchObject({
      value: null,
      numerator: null,
      denominator: 0,
      status: 'NO_DATA',
    });
  });

  it('aggregates are ratios of sums and pooled medians, not averages of the courtyards', async () => {
    const map = byScope(await readSnapshots('2025-05'));
    const value = (key: string) => map.get(key)!.value!;
    // M1 participation: (3 + 4) / (10 + 40) = 0.14; the mean of A 0.30 and B 0.10 would be 0.20
    expect(value('M1:PARTICIPATION_RATE')).toBeCloseTo(0.14, 6);
    expect((value('A:PARTICIPATION_RATE') + value('B:PARTICIPATION_RATE')) / 2).toBeCloseTo(0.2, 6);
    // M1 dispute days: median of pooled {1, 3, 10, 64} = 6.5; the mean of A 10 and B 1 would be 5.5
    expect(value('M1:DISPUTE_RESOLUTION_DAYS')).toBe(6.5);
    expect((value('A:DISPUTE_RESOLUTION_DAYS') + value('B:DISPUTE_RESOLUTION_DAYS')) / 2).toBe(5.5);
    // M1 service hours: p90 of pooled {2, 4, 10, 20} = 17; A 8.8 and B 20 average to 14.4
    expect(value('M1:SERVICE_RESPONSE_HOURS')).toBe(17);
    expect((value('A:SERVICE_RESPONSE_HOURS') + value('B:SERVICE_RESPONSE_HOURS')) / 2).toBeCloseTo(14.4, 6);
  });

  it('computes the quarter (PILOT: its last month is plan month 10), with the mid-quarter enrolment', async () => {
    await compute('2025-Q2');
    const rows = await readSnapshots('2025-Q2');
    expectPeriod(rows, Q2, { PARTICIPATION_RATE: 0.15, SERVICE_RESPONSE_HOURS: 48 });
    const map = byScope(rows);
    // at-most margin = 50 % of 48 = 24: A 73 misses by 25 → RED, M1 68 by 20 → YELLOW, D 1 GREEN
    expect(['A', 'M1', 'D', 'DISTRICT'].map((scope) => map.get(`${scope}:SERVICE_RESPONSE_HOURS`)!.status)).toEqual([
      'RED',
      'YELLOW',
      'GREEN',
      'YELLOW',
    ]);
    expect(map.get('M1:SATISFACTION_SCORE')).toMatchObject({ value: 75, target: 75, status: 'GREEN' }); // equal meets
  });

  it('does not count the mid-quarter enrolment in the months before it', async () => {
    await compute('2025-04');
    const map = byScope(await readSnapshots('2025-04'));
    expect(map.has('C:PARTICIPATION_RATE')).toBe(false);
    expect(map.has('E:PARTICIPATION_RATE')).toBe(false);
    // A {a1, a4} = 2 of A 10 + B 40 + D 30; C's April activity (c1, c2) is not counted
    expect(map.get('DISTRICT:PARTICIPATION_RATE')).toMatchObject({ numerator: 2, denominator: 80 });
    expect(map.get('M2:PARTICIPATION_RATE')).toMatchObject({ value: null, denominator: 0, status: 'NO_DATA' });
    expect(map.get('M2:COMMITTEE_FORMATION_RATE')).toMatchObject({ value: null, status: 'NO_DATA' });
    // committees by 04-30: A only, of A, B, D
    expect(map.get('DISTRICT:COMMITTEE_FORMATION_RATE')!.value).toBeCloseTo(1 / 3, 5);
    // s1 RENOVATING on 04-30
    expect(map.get('A:IDLE_SPACE_UTILIZATION')).toMatchObject({ value: 0, numerator: 0, denominator: 100 });
    // r4 (04-30 23:00 local) is April's
    expect(map.get('A:SERVICE_RESPONSE_HOURS')).toMatchObject({ value: 100, denominator: 1 });
  });

  it('computes the year (PROMOTION: its last month is plan month 16; the PILOT override does not apply)', async () => {
    await compute('2025');
    const rows = await readSnapshots('2025');
    expectPeriod(rows, YEAR, {
      PARTICIPATION_RATE: 0.4,
      SATISFACTION_SCORE: 80,
      SERVICE_RESPONSE_HOURS: 8,
      DISPUTE_RESOLUTION_DAYS: 15,
    });
    const map = byScope(rows);
    expect(map.get('DISTRICT:PARTICIPATION_RATE')!.status).toBe('RED'); // 0.12 vs 0.40
    expect(map.get('M1:SATISFACTION_SCORE')!.status).toBe('YELLOW'); // 75 vs 80
    expect(map.get('DISTRICT:SERVICE_RESPONSE_HOURS')!.status).toBe('RED'); // 60 vs 8 (margin 4)
    expect(map.get('C:DISPUTE_RESOLUTION_DAYS')).toMatchObject({ value: 15, target: 15, status: 'GREEN' });
  });

  it('gives no target before the plan starts: values are GREEN with target NULL', async () => {
    const result = await compute('2024-08');
    expect(result.phase).toBeNull();
    const map = byScope(await readSnapshots('2024-08'));
    // enrolled by 2024-08-31: A, B, D; no committee yet
    expect(map.get('DISTRICT:COMMITTEE_FORMATION_RATE')).toMatchObject({
      value: 0,
      numerator: 0,
      denominator: 3,
      target: null,
      status: 'GREEN',
    });
    expect(map.get('DISTRICT:SATISFACTION_SCORE')).toMatchObject({ value: null, target: null, status: 'NO_DATA' });
  });

  it('escalates a fourth consecutive yellow month to RED, once the months before are computed', async () => {
    // B participation 4/40 = 0.10 vs 0.15 in 2024-09 … 2024-12
    for (const month of ['2024-10', '2024-11', '2024-12']) await compute(month);
    const statusOf = async (period: string) => byScope(await readSnapshots(period)).get('B:PARTICIPATION_RATE')!.status;
    expect(await statusOf('2024-12')).toBe('YELLOW'); // 2024-09 was never computed

    const results = await tx(async (em) =>
      recomputeKpiRange(em, {
        tenantId,
        from: '2024-09',
        through: '2024-12',
        clock: await loadDistrictClock(em, tenantId, () => NOW),
      }),
    );
    expect(results.map((result) => result.period)).toEqual([
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2024-Q3',
      '2024-Q4',
      '2024',
    ]);
    expect(await Promise.all(['2024-09', '2024-10', '2024-11'].map(statusOf))).toEqual(['YELLOW', 'YELLOW', 'YELLOW']);
    expect(await statusOf('2024-12')).toBe('RED');
    // the quarter is not escalated
    expect(byScope(await readSnapshots('2024-Q4')).get('B:PARTICIPATION_RATE')!.status).toBe('YELLOW');
  });

  it('marks an open period provisional, by the local date of the district', async () => {
    const flags = async () => [...new Set((await readSnapshots('2025-05')).map((snapshot) => snapshot.provisional))];
    // 2025-05-31 23:59:59 in Shanghai
    expect((await compute('2025-05', { now: new Date('2025-05-31T15:59:59Z') })).provisional).toBe(true);
    expect(await flags()).toEqual([true]);
    // 2025-06-01 00:00 in Shanghai (still May 31 in UTC)
    expect((await compute('2025-05', { now: new Date('2025-05-31T16:00:00Z') })).provisional).toBe(false);
    expect(await flags()).toEqual([false]);
  });

  it('is idempotent: a second run writes the same rows', async () => {
    await compute('2025-05');
    const first = await readSnapshots('2025-05');
    await compute('2025-05');
    const second = await readSnapshots('2025-05');
    expect(withoutTime(second)).toEqual(withoutTime(first));
    expectPeriod(second, MAY, {});
  });

  it('recomputes only the changed courtyards and their roll-ups, giving what a full run gives', async () => {
    await compute('2025-05');
    const before = byScope(await readSnapshots('2025-05'));
    await tx(async (em) => {
      const activityId = await one(
        em,
        `insert into activities (tenant_id, courtyard_id, kind, title, held_on) values (?, ?, 'CULTURAL', '补录', '2025-05-28')`,
        [tenantId, ids.C],
      );
      for (const [code, youth] of [
        ['c2', 1],
        ['c3', 0],
      ] as const) {
        await em.execute(
          `insert into activity_attendance (tenant_id, activity_id, household_id, participants, youth_participants) values (?, ?, ?, 1, ?)`,
          [tenantId, activityId, households.get(code), youth],
        );
      }
      await em.execute(
        `insert into service_requests (tenant_id, courtyard_id, category, created_at, first_response_at)
         values (?, ?, '报修', '2025-05-22T10:00:00+08:00', '2025-05-23T16:00:00+08:00')`,
        [tenantId, ids.C],
      );
    });

    const result = await compute('2025-05', { courtyardIds: [ids.C] });
    // C, then M2, S1 and the district: ten KPIs each
    expect(result.rows).toEqual({ COURTYARD: 10, COMMUNITY: 10, STREET: 10, DISTRICT: 10 });
    const incremental = await readSnapshots('2025-05');
    const map = byScope(incremental);
    // untouched scopes were not rewritten
    for (const scope of ['A', 'B', 'D', 'M1', 'M3', 'S2'] as const) {
      expect(map.get(`${scope}:PARTICIPATION_RATE`)!.computed_at).toBe(
        before.get(`${scope}:PARTICIPATION_RATE`)!.computed_at,
      );
    }
    expect(map.get('C:PARTICIPATION_RATE')).toMatchObject({ numerator: 3, denominator: 20 });
    expect(map.get('DISTRICT:PARTICIPATION_RATE')).toMatchObject({ numerator: 10, denominator: 100, value: 0.1 });
    expect(map.get('C:SERVICE_RESPONSE_HOURS')).toMatchObject({ value: 30, denominator: 1 });
    // pooled {2, 4, 10, 20, 30}: 3.6 → 20 + 0.6·10 = 26
    expect(map.get('S1:SERVICE_RESPONSE_HOURS')!.value).toBeCloseTo(26, 6);
    expect(map.get('DISTRICT:SERVICE_RESPONSE_HOURS')!.value).toBeCloseTo(26, 6);
    expect(map.get('M2:YOUTH_PARTICIPATION_RATE')!.value).toBeCloseTo(1 / 3, 5); // c1 p1 y0, c2 p1 y1, c3 p1 y0

    await compute('2025-05');
    expect(withoutTime(incremental)).toEqual(withoutTime(await readSnapshots('2025-05')));
  });

  it('updates only the KPIs a record can change, roll-ups by delta, giving what a full run gives', async () => {
    // July and its quarter and year, which the tests after this one do not read
    const periods = ['2025-07', '2025-Q3', '2025'];
    // the records stay (status changes and ledger entries are append-only for the application role)
    const insert = (em: EntityManager, _table: string, sql: string, params: unknown[]) => one(em, sql, params);
    const K = KpiKey;
    const steps: Array<{
      label: string;
      courtyards: Scope[];
      kpis: KpiKey[];
      write: (em: EntityManager) => Promise<unknown>;
    }> = [
      {
        label: 'activity with attendance (B)',
        courtyards: ['B'],
        kpis: [K.PARTICIPATION_RATE, K.YOUTH_PARTICIPATION_RATE],
        write: async (em) => {
          const activityId = await insert(
            em,
            'activities',
            `insert into activities (tenant_id, courtyard_id, kind, title, held_on) values (?, ?, 'CULTURAL', '补录', '2025-07-18')`,
            [tenantId, ids.B],
          );
          await em.execute(
            `insert into activity_attendance (tenant_id, activity_id, household_id, participants, youth_participants) values (?, ?, ?, 2, 1)`,
            [tenantId, activityId, households.get('b5')],
          );
        },
      },
      {
        label: 'dispute (A)',
        courtyards: ['A'],
        kpis: [K.DISPUTE_RESOLUTION_RATE, K.DISPUTE_RESOLUTION_DAYS],
        write: (em) =>
          insert(
            em,
            'disputes',
            `insert into disputes (tenant_id, courtyard_id, category, reported_on, resolved_on, channel) values (?, ?, 'NOISE', '2025-07-15', '2025-07-19', 'COMMITTEE')`,
            [tenantId, ids.A],
          ),
      },
      {
        label: 'ledger income (D)',
        courtyards: ['D'],
        kpis: [K.SELF_FUNDING_RATE],
        write: (em) =>
          insert(
            em,
            'ledger_entries',
            `insert into ledger_entries (tenant_id, courtyard_id, direction, income_source, amount_fen, occurred_on) values (?, ?, 'INCOME', 'RESIDENT_CONTRIBUTION', 25000, '2025-07-21')`,
            [tenantId, ids.D],
          ),
      },
      {
        label: 'survey (D)',
        courtyards: ['D'],
        kpis: [K.SATISFACTION_SCORE],
        write: (em) =>
          insert(
            em,
            'survey_responses',
            `insert into survey_responses (tenant_id, courtyard_id, household_id, taken_on, score) values (?, ?, ?, '2025-07-22', 75)`,
            [tenantId, ids.D, households.get('d1')],
          ),
      },
      {
        label: 'service request (C)',
        courtyards: ['C'],
        kpis: [K.SERVICE_RESPONSE_HOURS],
        write: (em) =>
          insert(
            em,
            'service_requests',
            `insert into service_requests (tenant_id, courtyard_id, category, created_at, first_response_at) values (?, ?, '报修', '2025-07-23T09:00:00+08:00', '2025-07-23T14:00:00+08:00')`,
            [tenantId, ids.C],
          ),
      },
      {
        label: 'idle space and its status (D)',
        courtyards: ['D'],
        kpis: [K.IDLE_SPACE_UTILIZATION],
        write: async (em) => {
          const spaceId = await insert(
            em,
            'idle_spaces',
            `insert into idle_spaces (tenant_id, courtyard_id, name, area_sqm, registered_on) values (?, ?, '车棚', 80, '2025-07-02')`,
            [tenantId, ids.D],
          );
          await insert(
            em,
            'idle_space_status_changes',
            `insert into idle_space_status_changes (tenant_id, idle_space_id, status, changed_on) values (?, ?, 'UTILIZED', '2025-07-10')`,
            [tenantId, spaceId],
          );
        },
      },
      {
        label: 'committee election (D)',
        courtyards: ['D'],
        kpis: [K.COMMITTEE_FORMATION_RATE],
        write: (em) =>
          insert(
            em,
            'committee_elections',
            `insert into committee_elections (tenant_id, courtyard_id, elected_on) values (?, ?, '2025-07-05')`,
            [tenantId, ids.D],
          ),
      },
      {
        label: 'institution (C)',
        courtyards: ['C'],
        kpis: [K.INSTITUTION_COMPLETENESS],
        write: (em) =>
          insert(
            em,
            'institutions',
            `insert into institutions (tenant_id, courtyard_id, kind, adopted_on) values (?, ?, 'CONVENTION', '2025-07-25')`,
            [tenantId, ids.C],
          ),
      },
      {
        label: 'activities of two courtyards (A, C)',
        courtyards: ['A', 'C'],
        kpis: [K.PARTICIPATION_RATE, K.YOUTH_PARTICIPATION_RATE],
        write: async (em) => {
          for (const [scope, household] of [
            ['A', 'a4'],
            ['C', 'c3'],
          ] as const) {
            const activityId = await insert(
              em,
              'activities',
              `insert into activities (tenant_id, courtyard_id, kind, title, held_on) values (?, ?, 'CULTURAL', '补录', '2025-07-29')`,
              [tenantId, ids[scope]],
            );
            await em.execute(
              `insert into activity_attendance (tenant_id, activity_id, household_id, participants, youth_participants) values (?, ?, ?, 3, 2)`,
              [tenantId, activityId, households.get(household)],
            );
          }
        },
      },
    ];
    for (const period of periods) await compute(period);
    for (const step of steps) {
      await tx(step.write);
      const courtyardIds = step.courtyards.map((scope) => ids[scope]);
      for (const period of periods) {
        const before = byScope(await readSnapshots(period));
        const result = await compute(period, { courtyardIds, kpis: step.kpis });
        // the delta path: only the step's KPIs, of its courtyards and their roll-ups
        const scopes = {
          COURTYARD: step.courtyards.length,
          COMMUNITY: new Set(step.courtyards.map((scope) => (scope === 'D' ? 'M3' : scope === 'C' ? 'M2' : 'M1'))).size,
          STREET: new Set(step.courtyards.map((scope) => (scope === 'D' ? 'S2' : 'S1'))).size,
          DISTRICT: 1,
        };
        expect({ step: step.label, period, rows: result.rows }).toEqual({
          step: step.label,
          period,
          rows: Object.fromEntries(Object.entries(scopes).map(([level, n]) => [level, n * step.kpis.length])),
        });
        const incremental = await readSnapshots(period);
        for (const snapshot of incremental) {
          const untouched = !step.kpis.includes(snapshot.kpi as KpiKey);
          if (untouched)
            expect({ step: step.label, period, computed_at: snapshot.computed_at }).toEqual({
              step: step.label,
              period,
              computed_at: before.get(`${names.get(snapshot.scope_id)}:${snapshot.kpi}`)!.computed_at,
            });
        }
        await compute(period);
        expect({ step: step.label, period, rows: withoutTime(incremental) }).toEqual({
          step: step.label,
          period,
          rows: withoutTime(await readSnapshots(period)),
        });
      }
    }
  });

  it('completes a period never computed when asked for one courtyard (roll-ups need every courtyard), with the roll-ups of each courtyard completed', async () => {
    const result = await compute('2025-03', { courtyardIds: [ids.A] });
    // A, B and D are enrolled by 2025-03-31: A asked, B and D completed; their communities and
    // streets are M1, M3 and S1, S2
    expect(result.rows).toEqual({ COURTYARD: 30, COMMUNITY: 20, STREET: 20, DISTRICT: 10 });
    const partial = await readSnapshots('2025-03');
    await compute('2025-03');
    const full = await readSnapshots('2025-03');
    expect(full).toHaveLength(100 - 10); // C is not enrolled by 2025-03-31
    // every row the one-courtyard run wrote is the full run's
    const fullRows = new Map(withoutTime(full).map((row) => [`${row.scope_level}:${row.scope_id}:${row.kpi}`, row]));
    expect(partial.length).toBeGreaterThanOrEqual(80);
    for (const row of withoutTime(partial))
      expect(row).toEqual(fullRows.get(`${row.scope_level}:${row.scope_id}:${row.kpi}`));
  });

  it('falls back from the delta to a full run of the courtyards when an enrolled courtyard lacks its snapshots', async () => {
    // 2025-08 computed in full, then E enrolled in it without a refresh (as by a direct import):
    // an activity's refresh of A must complete E and re-sum the roll-ups, not add A's delta to
    // sums that miss E
    const period = '2025-08';
    await compute(period);
    await tx((em) =>
      em.execute(
        `insert into enrollments (tenant_id, plan_id, courtyard_id, batch, enrolled_on) select tenant_id, plan_id, ?, 1, '2025-08-10' from enrollments where courtyard_id = ?`,
        [ids.E, ids.A],
      ),
    );
    try {
      const result = await compute(period, {
        courtyardIds: [ids.A],
        kpis: [KpiKey.PARTICIPATION_RATE, KpiKey.YOUTH_PARTICIPATION_RATE],
      });
      // every KPI of A and of the completed E, and of their roll-ups (M1, M3; S1, S2; the district)
      expect(result.rows).toEqual({ COURTYARD: 20, COMMUNITY: 20, STREET: 20, DISTRICT: 10 });
      const incremental = withoutTime(await readSnapshots(period));
      await compute(period);
      expect(incremental).toEqual(withoutTime(await readSnapshots(period)));
      expect(byScope(await readSnapshots(period)).get('DISTRICT:COMMITTEE_FORMATION_RATE')).toMatchObject({
        denominator: 5,
      });
    } finally {
      await tx((em) => em.execute(`delete from enrollments where courtyard_id = ?`, [ids.E]));
      await compute(period);
    }
  });

  it('removes the snapshots of a courtyard no longer enrolled by the period end', async () => {
    const setEnrolment = (on: string) =>
      tx((em) => em.execute(`update enrollments set enrolled_on = ? where courtyard_id = ?`, [on, ids.C]));
    await setEnrolment('2025-06-01');
    try {
      await compute('2025-05', { courtyardIds: [ids.C] });
      const map = byScope(await readSnapshots('2025-05'));
      expect(map.has('C:PARTICIPATION_RATE')).toBe(false);
      expect(map.get('M2:PARTICIPATION_RATE')).toMatchObject({ value: null, denominator: 0, status: 'NO_DATA' });
      expect(map.get('DISTRICT:PARTICIPATION_RATE')).toMatchObject({ numerator: 7, denominator: 80 });
    } finally {
      await setEnrolment('2025-05-20');
      await compute('2025-05');
    }
  });

  it('lists a range: months in order, then quarters and years', () => {
    expect(periodsOfRange('2025-11', '2026-02')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2025-Q4',
      '2026-Q1',
      '2025',
      '2026',
    ]);
    expect(() => periodsOfRange('2025-03', '2025-01')).toThrow(/not a range/);
  });

  describe('through BullMQ', () => {
    let producer: TestProducer;

    beforeAll(async () => {
      await harness.startWorker({ queues: [QUEUES.kpi] });
      producer = await harness.producer(QUEUES.kpi);
    });
    afterAll(() => harness?.stopWorker());

    it('runs recompute-kpis in the tenant transaction, reporting progress', async () => {
      // what the engine gives in-process (C's May records added above), then gone before the job
      await compute('2025-Q2');
      const direct = await readSnapshots('2025-Q2');
      await tx((em) => em.execute(`delete from kpi_snapshots where period in ('2025-06', '2025-Q2', '2025')`, []));
      const progress: unknown[] = [];
      producer.events.on('progress', ({ data }) => progress.push(data));
      const job = await producer.queue.add(
        JOBS.recomputeKpis,
        { tenantId, period: '2025-06', through: '2025-06' },
        { jobId: `kpi-${tenantId}-2025-06` },
      );
      const result = (await job.waitUntilFinished(producer.events, 60_000)) as RecomputeKpisJobResult;
      expect(result.periods.map((period) => period.period)).toEqual(['2025-06', '2025-Q2', '2025']);
      expect(result.periods[1]).toMatchObject({
        phase: 'PILOT',
        provisional: false,
        rows: { COURTYARD: 40, COMMUNITY: 30, STREET: 20, DISTRICT: 10 },
      });
      const viaJob = await readSnapshots('2025-Q2');
      expect(withoutTime(viaJob)).toEqual(withoutTime(direct));
      // Q2 with C's added May activity (c2, c3): C 3/20, district (4 + 5 + 3 + 0) / 100
      expect(byScope(viaJob).get('C:PARTICIPATION_RATE')).toMatchObject({ numerator: 3, denominator: 20 });
      expect(byScope(viaJob).get('DISTRICT:PARTICIPATION_RATE')).toMatchObject({
        numerator: 12,
        denominator: 100,
        target: 0.15,
        status: 'YELLOW',
      });
      expect(progress).toContainEqual({ done: 3, total: 3, period: '2025' });
    });

    it('refuses a bad payload without retrying', async () => {
      const job = await producer.queue.add(
        JOBS.recomputeKpis,
        { tenantId, period: '2025-13' },
        { jobId: 'kpi-bad', attempts: 3 },
      );
      await expect(job.waitUntilFinished(producer.events, 30_000)).rejects.toThrow(/period must be a month/);
      expect((await producer.queue.getJob('kpi-bad'))?.attemptsMade).toBe(1);
      const foreign = await producer.queue.add(
        JOBS.recomputeKpis,
        { tenantId, period: '2025-05', courtyardIds: ['x'] },
        { jobId: 'kpi-bad-ids' },
      );
      await expect(foreign.waitUntilFinished(producer.events, 30_000)).rejects.toThrow(/courtyardIds/);
    });
  });
});
