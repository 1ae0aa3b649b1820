import type { MikroORM } from '@mikro-orm/postgresql';
import { AlertLevel, assignedUnit, KpiKey } from '@xiaoyuan/schema';
import { AlertFixture, type FixtureData } from './support/alert-fixture';
import { createTestDatabase, openAppOrm, type TestDatabase } from './support/test-environment';

/*
 * Alerts (DOMAIN.md §7), worked by hand on the district of `support/alert-fixture.ts`: PARTICIPATION_RATE
 * is n/10 for n households attending in the month (default 3); target 0.30 with margin 0.10, so
 * 3 → GREEN, 2 → YELLOW, 1 → RED. Each scenario gets a district of its own in one database.
 */
describe('alert engine', () => {
  let database: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openAppOrm(database);
  });

  afterAll(async () => {
    await orm?.close(true);
    await database?.drop();
  });

  const district = (code: string, data: FixtureData = {}) => new AlertFixture(orm, code).create(data);
  const PARTICIPATION = KpiKey.PARTICIPATION_RATE;

  it('assigns a yellow alert to the community and a red one to the street', async () => {
    // March: A 2/10 YELLOW, B 1/10 RED, C 3/10 GREEN, D 0/10 RED
    const fixture = await district('route', {
      participation: { A: { '2025-03': 2 }, B: { '2025-03': 1 }, D: { '2025-03': 0 } },
    });
    const result = await fixture.compute('2025-03');
    expect(result.alerts).toEqual({ opened: 3, updated: 0, escalated: 0, resolved: 0 });

    const alerts = await fixture.alerts(null);
    // nothing but participation: committees, institutions and youth are GREEN, the rest NO_DATA
    expect(
      alerts.map((alert) => [
        alert.courtyard,
        alert.kpi,
        alert.level,
        alert.status,
        alert.period,
        alert.value,
        alert.target,
      ]),
    ).toEqual([
      ['A', PARTICIPATION, 'YELLOW', 'OPEN', '2025-03', 0.2, 0.3],
      ['B', PARTICIPATION, 'RED', 'OPEN', '2025-03', 0.1, 0.3],
      ['D', PARTICIPATION, 'RED', 'OPEN', '2025-03', 0, 0.3],
    ]);
    // both units are stored (the courtyard's); the assignee follows the level
    expect(alerts.map((alert) => [alert.courtyard, alert.community, alert.street])).toEqual([
      ['A', 'M1', 'S1'],
      ['B', 'M1', 'S1'],
      ['D', 'M3', 'S2'],
    ]);
    const unit = (alert: (typeof alerts)[number]) => {
      const assigned = assignedUnit({
        level: alert.level as AlertLevel,
        streetId: fixture.ids[alert.street as 'S1'],
        communityId: fixture.ids[alert.community as 'M1'],
      });
      return [assigned.level, fixture.name(assigned.id)];
    };
    expect(alerts.map(unit)).toEqual([
      ['COMMUNITY', 'M1'],
      ['STREET', 'S1'],
      ['STREET', 'S2'],
    ]);
    // one OPENED event each, by the system
    const opened = (courtyard: string, level: string) => ({
      courtyard,
      kpi: PARTICIPATION,
      action: 'OPENED',
      level,
      period: '2025-03',
      note: null,
      actor_id: null,
    });
    expect(await fixture.events()).toEqual([opened('A', 'YELLOW'), opened('B', 'RED'), opened('D', 'RED')]);
  });

  it('escalates after three yellow months: the fourth is RED, the alert ESCALATED and handed to the street', async () => {
    const fixture = await district('escalate', {
      participation: { A: { '2025-01': 2, '2025-02': 2, '2025-03': 2, '2025-04': 2 } },
    });
    for (const month of ['2025-01', '2025-02', '2025-03']) await fixture.compute(month);
    const [march] = await fixture.alerts();
    expect(march).toMatchObject({
      courtyard: 'A',
      level: 'YELLOW',
      status: 'OPEN',
      period: '2025-03',
      community: 'M1',
    });

    const april = await fixture.compute('2025-04');
    expect(april.alerts).toEqual({ opened: 0, updated: 0, escalated: 1, resolved: 0 });
    // the same alert; the same value 0.20 as March: RED by the escalation rule, not by its margin
    expect(await fixture.alerts()).toEqual([
      expect.objectContaining({
        id: march.id,
        level: 'RED',
        status: 'OPEN',
        period: '2025-04',
        value: 0.2,
        target: 0.3,
      }),
    ]);
    expect(assignedUnit({ level: AlertLevel.RED, streetId: fixture.ids.S1, communityId: fixture.ids.M1 })).toEqual({
      level: 'STREET',
      id: fixture.ids.S1,
    });
    expect((await fixture.events()).map((event) => [event.action, event.level, event.period])).toEqual([
      ['OPENED', 'YELLOW', '2025-01'],
      ['UPDATED', 'YELLOW', '2025-02'],
      ['UPDATED', 'YELLOW', '2025-03'],
      ['ESCALATED', 'RED', '2025-04'],
    ]);
  });

  it('follows the latest closed month whatever the order: October, then September, then October again', async () => {
    // A: September RED (1/10), October YELLOW (2/10)
    const data: FixtureData = { participation: { A: { '2025-09': 1, '2025-10': 2 } } };
    const outOfOrder = await district('order-a', data);
    await outOfOrder.compute('2025-10');
    const afterOctober = await outOfOrder.alerts();
    expect(afterOctober.map((alert) => [alert.level, alert.period, alert.value])).toEqual([['YELLOW', '2025-10', 0.2]]);
    // computing an earlier month changes nothing: October is still the latest
    expect((await outOfOrder.compute('2025-09')).alerts).toEqual({ opened: 0, updated: 0, escalated: 0, resolved: 0 });
    expect((await outOfOrder.compute('2025-10')).alerts).toEqual({ opened: 0, updated: 0, escalated: 0, resolved: 0 });
    expect(await outOfOrder.alerts()).toEqual(afterOctober);
    expect((await outOfOrder.events()).map((event) => event.action)).toEqual(['OPENED']);

    // in order, the alert opens RED for September and follows October down to YELLOW (UPDATED, not ESCALATED)
    const inOrder = await district('order-b', data);
    await inOrder.compute('2025-09');
    await inOrder.compute('2025-10');
    const strip = (alerts: Awaited<ReturnType<AlertFixture['alerts']>>) => alerts.map(({ id: _, ...rest }) => rest);
    expect(strip(await inOrder.alerts())).toEqual(strip(afterOctober));
    expect((await inOrder.events()).map((event) => [event.action, event.level, event.period])).toEqual([
      ['OPENED', 'RED', '2025-09'],
      ['UPDATED', 'YELLOW', '2025-10'],
    ]);
    // and a range (months in order, one sync at the end) lands on the same alert
    const range = await district('order-c', data);
    const { alerts } = await range.computePeriods(['2025-09', '2025-10', '2025-Q3', '2025-Q4']);
    expect(alerts).toEqual({ opened: 1, updated: 0, escalated: 0, resolved: 0 });
    expect(strip(await range.alerts())).toEqual(strip(afterOctober));
  });

  it('resolves automatically when the latest closed month turns GREEN, and opens a new alert for a later yellow month', async () => {
    const fixture = await district('resolve', { participation: { A: { '2025-05': 2, '2025-06': 3, '2025-07': 2 } } });
    await fixture.compute('2025-05');
    const result = await fixture.compute('2025-06');
    expect(result.alerts).toEqual({ opened: 0, updated: 0, escalated: 0, resolved: 1 });
    const [resolved] = await fixture.alerts();
    // the alert keeps the month it followed; the event names the green month
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      resolved: true,
      level: 'YELLOW',
      period: '2025-05',
      value: 0.2,
    });
    expect((await fixture.events()).at(-1)).toEqual({
      courtyard: 'A',
      kpi: PARTICIPATION,
      action: 'RESOLVED',
      level: 'YELLOW',
      period: '2025-06',
      note: 'automatic',
      actor_id: null,
    });

    // May again: June is still the latest, nothing changes
    expect((await fixture.compute('2025-05')).alerts).toEqual({ opened: 0, updated: 0, escalated: 0, resolved: 0 });
    // July yellow: a new alert beside the resolved one
    expect((await fixture.compute('2025-07')).alerts).toEqual({ opened: 1, updated: 0, escalated: 0, resolved: 0 });
    const alerts = await fixture.alerts();
    expect(alerts.map((alert) => [alert.status, alert.period])).toEqual([
      ['RESOLVED', '2025-05'],
      ['OPEN', '2025-07'],
    ]);
    expect(alerts[1].id).not.toBe(resolved.id);
  });

  it('lets a resolution by hand stand for its month; a later yellow or red month opens a new alert', async () => {
    const fixture = await district('manual', { participation: { A: { '2025-05': 2, '2025-06': 1 } } });
    await fixture.compute('2025-05');
    const [alert] = await fixture.alerts();
    await fixture.tx(async (em) => {
      await em.execute(`update alerts set status = 'RESOLVED', resolved_at = now() where id = ?`, [alert.id]);
      await em.execute(
        `insert into alert_events (tenant_id, alert_id, action, note, level, period) values (?, ?, 'RESOLVED', '已整改', 'YELLOW', '2025-05')`,
        [fixture.tenantId, alert.id],
      );
    });
    // May recomputed, still yellow: the human resolution stands
    expect((await fixture.compute('2025-05')).alerts).toEqual({ opened: 0, updated: 0, escalated: 0, resolved: 0 });
    expect((await fixture.alerts()).map((row) => row.status)).toEqual(['RESOLVED']);
    // June red, later than May: a new alert
    expect((await fixture.compute('2025-06')).alerts).toEqual({ opened: 1, updated: 0, escalated: 0, resolved: 0 });
    expect((await fixture.alerts()).map((row) => [row.status, row.level, row.period])).toEqual([
      ['RESOLVED', 'YELLOW', '2025-05'],
      ['OPEN', 'RED', '2025-06'],
    ]);
  });

  it('keeps an ACKNOWLEDGED alert acknowledged when it is updated or escalated', async () => {
    const fixture = await district('acknowledged', { participation: { A: { '2025-05': 2, '2025-06': 1 } } });
    await fixture.compute('2025-05');
    const [alert] = await fixture.alerts();
    await fixture.tx((em) =>
      em.execute(`update alerts set status = 'ACKNOWLEDGED', acknowledged_at = now() where id = ?`, [alert.id]),
    );
    expect((await fixture.compute('2025-06')).alerts).toEqual({ opened: 0, updated: 0, escalated: 1, resolved: 0 });
    expect(await fixture.alerts()).toEqual([
      expect.objectContaining({ id: alert.id, status: 'ACKNOWLEDGED', level: 'RED', period: '2025-06', value: 0.1 }),
    ]);
  });

  it('raises no alert from an open month, nor from a snapshot computed while its month was open', async () => {
    const fixture = await district('open', { participation: { A: { '2025-06': 1 } } });
    const midJune = new Date('2025-06-15T04:00:00Z');
    const june = await fixture.compute('2025-06', { now: midJune });
    expect(june.provisional).toBe(true);
    expect(june.alerts).toBeUndefined();
    // June has closed since, but its snapshot is still the provisional one: no alert from it
    expect(await fixture.sync()).toEqual({ opened: 0, updated: 0, escalated: 0, resolved: 0 });
    expect(await fixture.alerts(null)).toEqual([]);
    // the close recomputes it: now it counts
    expect((await fixture.compute('2025-06')).alerts).toEqual({ opened: 1, updated: 0, escalated: 0, resolved: 0 });
    // a quarter never raises alerts
    expect((await fixture.compute('2025-Q2')).alerts).toBeUndefined();
    expect(await fixture.alerts()).toHaveLength(1);
  });

  it('changes nothing for a month without a value', async () => {
    // satisfaction: March 70 (YELLOW vs 75), no survey in April (NO_DATA)
    const fixture = await district('no-data', { surveys: { A: { '2025-03': 70 } } });
    await fixture.compute('2025-03');
    const before = await fixture.alerts(KpiKey.SATISFACTION_SCORE);
    expect(before.map((alert) => [alert.courtyard, alert.level, alert.period, alert.value])).toEqual([
      ['A', 'YELLOW', '2025-03', 70],
    ]);
    const events = await fixture.eventCount();
    expect((await fixture.compute('2025-04')).alerts).toEqual({ opened: 0, updated: 0, escalated: 0, resolved: 0 });
    expect(await fixture.alerts(KpiKey.SATISFACTION_SCORE)).toEqual(before);
    expect(await fixture.eventCount()).toBe(events);
  });

  it('is idempotent: running again writes no event', async () => {
    const fixture = await district('idempotent', {
      participation: { A: { '2025-02': 2 }, B: { '2025-02': 1, '2025-03': 2 }, C: { '2025-03': 1 } },
    });
    await fixture.computePeriods(['2025-01', '2025-02', '2025-03', '2025-Q1']);
    const alerts = await fixture.alerts(null);
    const events = await fixture.eventCount();
    // one sync after the range: A (yellow in February only) is green in March, so it never had an
    // alert; B follows March (yellow, after a red February); C is red in March
    expect(alerts.map((alert) => [alert.courtyard, alert.status, alert.level, alert.period])).toEqual([
      ['B', 'OPEN', 'YELLOW', '2025-03'],
      ['C', 'OPEN', 'RED', '2025-03'],
    ]);
    expect(events).toBe(2);
    await fixture.computePeriods(['2025-01', '2025-02', '2025-03', '2025-Q1']);
    await fixture.compute('2025-03');
    await fixture.compute('2025-02');
    expect(await fixture.sync()).toEqual({ opened: 0, updated: 0, escalated: 0, resolved: 0 });
    expect(await fixture.alerts(null)).toEqual(alerts);
    expect(await fixture.eventCount()).toBe(events);
  });

  it('follows an incremental refresh of one courtyard', async () => {
    const fixture = await district('incremental', { participation: { A: { '2025-08': 2 }, B: { '2025-08': 2 } } });
    await fixture.compute('2025-08');
    expect((await fixture.alerts()).map((alert) => [alert.courtyard, alert.status])).toEqual([
      ['A', 'OPEN'],
      ['B', 'OPEN'],
    ]);
    // a late record for A: 2 + 1 more households → 3/10, GREEN
    await fixture.addAttendance('A', '2025-08', 3);
    const result = await fixture.compute('2025-08', { courtyardIds: [fixture.ids.A] });
    expect(result.rows.COURTYARD).toBe(10);
    expect(result.alerts).toEqual({ opened: 0, updated: 0, escalated: 0, resolved: 1 });
    expect((await fixture.alerts()).map((alert) => [alert.courtyard, alert.status])).toEqual([
      ['A', 'RESOLVED'],
      ['B', 'OPEN'],
    ]);
  });

  it('never opens two alerts for one (courtyard, KPI), even from concurrent syncs', async () => {
    const fixture = await district('concurrent', {
      participation: { A: { '2025-03': 2 }, B: { '2025-03': 1 }, C: { '2025-03': 2 } },
    });
    // snapshots without their alerts, then two syncs at once
    await fixture.compute('2025-03', { alerts: false });
    expect(await fixture.alerts(null)).toEqual([]);
    const results = await Promise.all([fixture.sync(), fixture.sync()]);
    expect(results.map((result) => result.opened).sort()).toEqual([0, 3]);
    expect((await fixture.alerts()).map((alert) => alert.courtyard)).toEqual(['A', 'B', 'C']);
    expect(await fixture.eventCount()).toBe(3);

    // two whole recomputations at once (each syncs at its end): still one alert each
    await fixture.addAttendance('B', '2025-03', 2); // B 1 → 2 households: RED → YELLOW
    await Promise.all([
      fixture.compute('2025-03'),
      fixture.compute('2025-03'),
      fixture.computePeriods(['2025-03', '2025-Q1']),
    ]);
    const alerts = await fixture.alerts();
    expect(alerts.map((alert) => [alert.courtyard, alert.level, alert.status])).toEqual([
      ['A', 'YELLOW', 'OPEN'],
      ['B', 'YELLOW', 'OPEN'],
      ['C', 'YELLOW', 'OPEN'],
    ]);
    expect((await fixture.events()).filter((event) => event.courtyard === 'B').map((event) => event.action)).toEqual([
      'OPENED',
      'UPDATED',
    ]);
    // the partial unique index agrees: at most one unresolved alert per (courtyard, KPI)
    const [duplicates] = await fixture.tx((em) =>
      em.execute<{ count: number }[]>(
        `select count(*)::int as count from (select 1 from alerts where status <> 'RESOLVED' group by courtyard_id, kpi having count(*) > 1) d`,
      ),
    );
    expect(duplicates.count).toBe(0);
  });

  it('moves an open alert with its courtyard to another community and street', async () => {
    const fixture = await district('moved', { participation: { D: { '2025-03': 2 } } });
    await fixture.compute('2025-03');
    await fixture.tx((em) =>
      em.execute(`update courtyards set community_id = ?, street_id = ? where id = ?`, [
        fixture.ids.M2,
        fixture.ids.S1,
        fixture.ids.D,
      ]),
    );
    expect(await fixture.sync()).toEqual({ opened: 0, updated: 1, escalated: 0, resolved: 0 });
    expect(await fixture.alerts()).toEqual([
      expect.objectContaining({ courtyard: 'D', community: 'M2', street: 'S1', level: 'YELLOW' }),
    ]);
  });
});
