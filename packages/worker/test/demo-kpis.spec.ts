import type { MikroORM } from '@mikro-orm/postgresql';
import { KPI_KEYS, QUEUES, localDate, parsePeriod, previousPeriod, withTenant } from '@xiaoyuan/schema';
import { computeDemoKpis, type DemoKpisResult } from '../src/demo/demo-kpis';
import type { GenerateDemoDistrictResult } from '../src/jobs/generate-demo-district.job';
import type { TestProducer } from './support/test-environment';
import { WorkerHarness, generateDemoDistrict } from './support/worker-harness';

// The demo CLI's KPI step (`src/demo/demo-kpis.ts`, called by `demo.cli.ts` after generating the
// demo district): the plan's months so far through the real recompute-kpis job on the kpi queue,
// with in-process workers as in the CLI; snapshots at every level, idempotent when run again.

describe('demo KPIs', () => {
  let harness: WorkerHarness;
  let kpi: TestProducer;
  let orm: MikroORM;
  let district: GenerateDemoDistrictResult;

  beforeAll(async () => {
    harness = await WorkerHarness.open();
    await harness.startWorker({ queues: [QUEUES.demo, QUEUES.kpi] });
    const demo = await harness.producer(QUEUES.demo);
    kpi = await harness.producer(QUEUES.kpi);
    orm = harness.orm;
    district = await generateDemoDistrict(demo, { jobId: 'demo', attempts: 1, timeoutMs: 180_000 });
  }, 240_000);

  afterAll(() => harness?.close());

  const run = () =>
    computeDemoKpis({
      em: orm.em,
      queue: kpi.queue,
      events: kpi.events,
      tenantId: district.districtId,
      timeoutMs: 180_000,
    });
  const inDistrict = <T>(sql: string, params: unknown[] = []) =>
    withTenant(orm.em, { tenantId: district.districtId }, (em) => em.execute<T[]>(sql, params));

  let first: DemoKpisResult;

  it("computes every month of the plan so far, their quarters and years, with the district's alerts", async () => {
    first = await run();
    const today = localDate(district.timezone);
    const current = parsePeriod(today.slice(0, 7))!;
    const [plan] = await inDistrict<{ starts_on: string }>(
      `select to_char(starts_on, 'YYYY-MM') as starts_on from rollout_plans where active`,
    );
    expect(first.from).toBe(plan.starts_on);
    expect(first.through).toBe(current.key);
    // the demo's plan started 14 months before the current month, which is month 15
    const months: string[] = [];
    for (let month = current; month.key >= first.from; month = previousPeriod(month)) months.unshift(month.key);
    expect(months).toHaveLength(15);
    const quarters = new Set(months.map((month) => `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`));
    const years = new Set(months.map((month) => month.slice(0, 4)));
    expect(first.periods).toBe(months.length + quarters.size + years.size);

    const periods = await inDistrict<{ period: string }>(`select distinct period from kpi_snapshots order by period`);
    expect(periods.map((row) => row.period).sort()).toEqual([...months, ...quarters, ...years].sort());
    const [{ n }] = await inDistrict<{ n: number }>(`select count(*)::int as n from kpi_snapshots`);
    expect(first.snapshots).toBe(n);
    // closed months raise alerts; the demo has courtyards that miss their targets
    const [alerts] = await inDistrict<{ open: number }>(
      `select count(*)::int as open from alerts where status <> 'RESOLVED'`,
    );
    expect(first.alerts.open).toBe(alerts.open);
    expect(first.alerts.open).toBeGreaterThan(0);
    expect(first.alerts.red + first.alerts.yellow).toBe(first.alerts.open);
    console.log(
      `demo KPIs: ${first.periods} periods, ${first.snapshots} snapshots, ${first.alerts.open} open alerts in ${first.ms} ms`,
    );
  });

  it('leaves snapshots of the last closed month at every level: district, streets, communities, enrolled courtyards', async () => {
    const current = parsePeriod(first.through)!;
    const last = previousPeriod(current);
    const [expected] = await inDistrict<{ streets: number; communities: number; courtyards: number }>(
      `select (select count(*)::int from streets) as streets,
              (select count(*)::int from communities) as communities,
              (select count(*)::int from enrollments where enrolled_on <= ?) as courtyards`,
      [last.end],
    );
    expect(expected.courtyards).toBeGreaterThan(30);
    const levels = await inDistrict<{ scope_level: string; scopes: number; rows: number; provisional: boolean }>(
      `select scope_level, count(distinct scope_id)::int as scopes, count(*)::int as rows, bool_or(provisional) as provisional
         from kpi_snapshots where period = ? group by scope_level order by scope_level`,
      [last.key],
    );
    const byLevel = Object.fromEntries(levels.map((row) => [row.scope_level, row]));
    expect(byLevel.DISTRICT).toEqual({ scope_level: 'DISTRICT', scopes: 1, rows: KPI_KEYS.length, provisional: false });
    expect(byLevel.STREET).toEqual({
      scope_level: 'STREET',
      scopes: expected.streets,
      rows: expected.streets * KPI_KEYS.length,
      provisional: false,
    });
    expect(byLevel.COMMUNITY).toEqual({
      scope_level: 'COMMUNITY',
      scopes: expected.communities,
      rows: expected.communities * KPI_KEYS.length,
      provisional: false,
    });
    expect(byLevel.COURTYARD).toEqual({
      scope_level: 'COURTYARD',
      scopes: expected.courtyards,
      rows: expected.courtyards * KPI_KEYS.length,
      provisional: false,
    });
    // the district's value of the month is there, with its target (the plan's phase)
    const [participation] = await inDistrict<{ value: number | null; target: number | null }>(
      `select value::float8 as value, target::float8 as target from kpi_snapshots where scope_level = 'DISTRICT' and period = ? and kpi = 'PARTICIPATION_RATE'`,
      [last.key],
    );
    expect(participation.value).not.toBeNull();
    expect(participation.target).not.toBeNull();
    // the current month is provisional
    const [open] = await inDistrict<{ provisional: boolean }>(
      `select bool_and(provisional) as provisional from kpi_snapshots where period = ?`,
      [current.key],
    );
    expect(open.provisional).toBe(true);
  });

  it('is idempotent: running it again leaves the same snapshots and alerts', async () => {
    const digest = () =>
      inDistrict<{ snapshots: string; alerts: string }>(`
        select (select md5(string_agg(concat_ws('|', scope_level, scope_id, period, kpi, value, numerator, denominator, target, status, provisional), ',' order by scope_level, scope_id, period, kpi)) from kpi_snapshots) as snapshots,
               (select md5(string_agg(concat_ws('|', id, courtyard_id, kpi, level, status, period, value), ',' order by id)) from alerts) as alerts`);
    const before = await digest();
    const again = await run();
    expect(again).toMatchObject({
      from: first.from,
      through: first.through,
      periods: first.periods,
      snapshots: first.snapshots,
      alerts: first.alerts,
    });
    expect(await digest()).toEqual(before);
  });
});
