import type { MikroORM } from '@mikro-orm/postgresql';
import { JOBS, QUEUES, localDate, monthOf, previousPeriod, withTenant } from '@xiaoyuan/schema';
import { Job } from 'bullmq';
import { silentLogger } from '../src/engine/logger';
import type { WorkerService } from '../src/engine/worker-service';
import { type MonthlyCloseResult, monthlyCloseJobId } from '../src/jobs/monthly-close.job';
import {
  MONTHLY_CLOSE_PATTERN,
  monthlyCloseSchedulerId,
  syncMonthlyCloseSchedulers,
} from '../src/scheduling/monthly-close-schedulers';
import { registerSchedulers } from '../src/scheduling/register-schedulers';
import { SCHEDULE_MONTHLY_CLOSE_PATTERN } from '../src/scheduling/schedule-monthly-close.job';
import { AlertFixture } from './support/alert-fixture';
import type { TestProducer } from './support/test-environment';
import { WorkerHarness } from './support/worker-harness';

/*
 * The monthly close through BullMQ, on the district of `support/alert-fixture.ts` (March 2025: A
 * 2/10 YELLOW, B 1/10 RED, C and D 3/10 GREEN), with the real clock: every month of 2025 is closed.
 */
describe('monthly close', () => {
  let harness: WorkerHarness;
  let orm: MikroORM;
  let service: WorkerService;
  let producer: TestProducer;
  let fixture: AlertFixture;

  beforeAll(async () => {
    harness = await WorkerHarness.open();
    orm = harness.orm;
    fixture = await new AlertFixture(orm, 'close').create({
      participation: { A: { '2025-03': 2 }, B: { '2025-03': 1 } },
    });
    service = await harness.startWorker({ queues: [QUEUES.kpi] });
    producer = await harness.producer(QUEUES.kpi);
  });

  afterAll(() => harness?.close());

  const run = (data: unknown, jobId: string) =>
    producer.run<MonthlyCloseResult>(JOBS.monthlyClose, data, { jobId }, 60_000);
  const snapshots = (periods: string[]) =>
    fixture.tx((em) =>
      em.execute(
        `select scope_level, scope_id, period, kpi, value::text, numerator::text, denominator::text, target::text, status, provisional
           from kpi_snapshots where period = any(?::text[]) order by period, scope_level, scope_id, kpi`,
        [`{${periods.join(',')}}`],
      ),
    );
  const rowsByPeriod = (periods: string[]) =>
    fixture.tx((em) =>
      em.execute<{ period: string; scope_level: string; rows: number }[]>(
        `select period, scope_level, count(*)::int as rows from kpi_snapshots where period = any(?::text[]) group by 1, 2 order by 1, 2`,
        [`{${periods.join(',')}}`],
      ),
    );

  it('computes the month, its quarter and its year, then the alerts', async () => {
    const progress: unknown[] = [];
    producer.events.on('progress', ({ data }) => progress.push(data));
    const result = await run(
      { tenantId: fixture.tenantId, month: '2025-03' },
      monthlyCloseJobId(fixture.tenantId, '2025-03'),
    );
    expect(result).toMatchObject({
      month: '2025-03',
      closed: true,
      alerts: { opened: 2, updated: 0, escalated: 0, resolved: 0 },
    });
    if (!result.closed) throw new Error('not closed');
    expect(result.periods.map((period) => [period.period, period.phase, period.provisional])).toEqual([
      ['2025-03', 'PILOT', false],
      ['2025-Q1', 'PILOT', false],
      ['2025', 'PILOT', false],
    ]);
    // 4 courtyards, 3 communities, 2 streets, the district: ten KPIs each, in each period
    const levels = { COURTYARD: 40, COMMUNITY: 30, STREET: 20, DISTRICT: 10 };
    expect(await rowsByPeriod(['2025-03', '2025-Q1', '2025'])).toEqual(
      ['2025', '2025-03', '2025-Q1'].flatMap((period) =>
        Object.entries(levels)
          .sort()
          .map(([scope_level, rows]) => ({ period, scope_level, rows })),
      ),
    );
    expect((await fixture.alerts()).map((alert) => [alert.courtyard, alert.level, alert.period, alert.status])).toEqual(
      [
        ['A', 'YELLOW', '2025-03', 'OPEN'],
        ['B', 'RED', '2025-03', 'OPEN'],
      ],
    );
    expect(progress).toContainEqual({ done: 3, total: 3, period: '2025' });
  });

  it('is idempotent: a second run leaves the same snapshots and adds no alert or event', async () => {
    const periods = ['2025-03', '2025-Q1', '2025'];
    const before = await snapshots(periods);
    const alerts = await fixture.alerts(null);
    const events = await fixture.eventCount();
    const again = await run({ tenantId: fixture.tenantId, month: '2025-03' }, 'close-again');
    expect(again).toMatchObject({ closed: true, alerts: { opened: 0, updated: 0, escalated: 0, resolved: 0 } });
    expect(await snapshots(periods)).toEqual(before);
    expect(await fixture.alerts(null)).toEqual(alerts);
    expect(await fixture.eventCount()).toBe(events);
  });

  it('runs a month once however often it is triggered under its deterministic id', async () => {
    const id = monthlyCloseJobId(fixture.tenantId, '2025-03');
    const first = await Job.fromId(producer.queue, id);
    const again = await producer.queue.add(
      JOBS.monthlyClose,
      { tenantId: fixture.tenantId, month: '2025-03' },
      { jobId: id },
    );
    expect(again.id).toBe(id);
    const job = await Job.fromId(producer.queue, id);
    expect([await job!.getState(), job!.processedOn, job!.attemptsMade]).toEqual([
      'completed',
      first!.processedOn,
      first!.attemptsMade,
    ]);
  });

  it('closes the previous month of the district when the scheduler triggers it without a month', async () => {
    const month = previousPeriod(monthOf(localDate('Asia/Shanghai'))).key;
    const closeId = monthlyCloseJobId(fixture.tenantId, month);
    const trigger = await run({ tenantId: fixture.tenantId }, 'trigger-1');
    expect(trigger).toEqual({ month, closed: false, enqueued: closeId });
    const close = (await Job.fromId(producer.queue, closeId))!;
    const result = (await close.waitUntilFinished(producer.events, 60_000)) as MonthlyCloseResult;
    expect(result).toMatchObject({ month, closed: true });
    if (!result.closed) throw new Error('not closed');
    const quarter = `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`;
    expect(result.periods.map((period) => period.period)).toEqual([month, quarter, month.slice(0, 4)]);
    const events = await fixture.eventCount();
    const done = (await Job.fromId(producer.queue, closeId))!;

    // a second trigger of the same month adds nothing: the close ran once
    expect(await run({ tenantId: fixture.tenantId }, 'trigger-2')).toEqual({ month, closed: false, enqueued: closeId });
    const after = (await Job.fromId(producer.queue, closeId))!;
    expect([await after.getState(), after.processedOn, after.finishedOn, after.attemptsMade]).toEqual([
      'completed',
      done.processedOn,
      done.finishedOn,
      1,
    ]);
    expect(await fixture.eventCount()).toBe(events);
  });

  it('refuses a bad payload without retrying', async () => {
    const job = await producer.queue.add(
      JOBS.monthlyClose,
      { tenantId: fixture.tenantId, month: '2025-13' },
      { jobId: 'close-bad', attempts: 3 },
    );
    await expect(job.waitUntilFinished(producer.events, 30_000)).rejects.toThrow(/month must be a month/);
    expect((await producer.queue.getJob('close-bad'))?.attemptsMade).toBe(1);
  });

  describe('job schedulers', () => {
    let other: string;

    /** The next 00:30 on the 1st in a zone without summer time, `offsetHours` east of UTC. */
    const nextCloseAt = (timeZone: string, offsetHours: number) => {
      const [year, month] = localDate(timeZone).split('-').map(Number);
      return Date.UTC(year, month, 1, 0, 30) - offsetHours * 3_600_000;
    };

    beforeAll(async () => {
      other = await withTenant(orm.em, { platform: true }, async (em) => {
        const [row] = await em.execute<{ id: string }[]>(
          `insert into districts (name, code, timezone) values ('西区', 'west', 'Asia/Urumqi') returning id`,
        );
        return row.id;
      });
    });

    it('registers one per district at start-up, at 00:30 on the 1st in its time zone, and the hourly sync', async () => {
      await registerSchedulers(orm.em, service.host.queues, silentLogger);
      const schedulers = await producer.queue.getJobSchedulers(0, -1);
      const byKey = new Map(schedulers.map((scheduler) => [scheduler.key, scheduler]));
      expect(byKey.get(monthlyCloseSchedulerId(fixture.tenantId))).toMatchObject({
        name: JOBS.monthlyClose,
        pattern: MONTHLY_CLOSE_PATTERN,
        tz: 'Asia/Shanghai',
        next: nextCloseAt('Asia/Shanghai', 8),
        template: { data: { tenantId: fixture.tenantId } },
      });
      expect(byKey.get(monthlyCloseSchedulerId(other))).toMatchObject({
        name: JOBS.monthlyClose,
        pattern: '30 0 1 * *',
        tz: 'Asia/Urumqi',
        next: nextCloseAt('Asia/Urumqi', 6),
        template: { data: { tenantId: other } },
      });
      expect(byKey.get(JOBS.scheduleMonthlyClose)).toMatchObject({
        name: JOBS.scheduleMonthlyClose,
        pattern: SCHEDULE_MONTHLY_CLOSE_PATTERN,
      });
      expect(schedulers).toHaveLength(3);
      // the next run of each is a delayed job carrying the district
      const delayed = await producer.queue.getDelayed();
      expect(
        delayed
          .filter((job) => job.name === JOBS.monthlyClose)
          .map((job) => job.data.tenantId)
          .sort(),
      ).toEqual([fixture.tenantId, other].sort());
    });

    it('leaves unchanged schedulers alone, follows a new time zone and removes the schedulers of districts gone', async () => {
      const queue = service.host.queues.get(QUEUES.kpi)!;
      const clocks = [
        { id: fixture.tenantId, timezone: 'Asia/Shanghai' },
        { id: other, timezone: 'Asia/Urumqi' },
      ];
      expect(await syncMonthlyCloseSchedulers(queue, clocks, silentLogger)).toEqual({
        upserted: [],
        removed: [],
        failed: [],
      });

      // the hourly job reads the districts as the platform: it sees the new zone
      await withTenant(orm.em, { platform: true }, (em) =>
        em.execute(`update districts set timezone = 'Asia/Tokyo' where id = ?`, [other]),
      );
      const job = await producer.queue.add(JOBS.scheduleMonthlyClose, {}, { jobId: 'schedule-now' });
      expect(await job.waitUntilFinished(producer.events, 30_000)).toEqual({
        upserted: [other],
        removed: [],
        failed: [],
      });
      expect(await producer.queue.getJobScheduler(monthlyCloseSchedulerId(other))).toMatchObject({
        tz: 'Asia/Tokyo',
        next: nextCloseAt('Asia/Tokyo', 9),
      });

      // a district no longer listed loses its scheduler; a bad time zone fails for its district only
      const result = await syncMonthlyCloseSchedulers(
        queue,
        [{ id: fixture.tenantId, timezone: 'Not/AZone' }],
        silentLogger,
      );
      expect(result).toEqual({ upserted: [], removed: [other], failed: [fixture.tenantId] });
      expect(await producer.queue.getJobScheduler(monthlyCloseSchedulerId(other))).toBeUndefined();
      expect(await producer.queue.getJobScheduler(monthlyCloseSchedulerId(fixture.tenantId))).toMatchObject({
        tz: 'Asia/Shanghai',
      });
    });
  });
});
