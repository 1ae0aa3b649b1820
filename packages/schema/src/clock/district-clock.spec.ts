import { DistrictClock } from './district-clock';

describe('DistrictClock', () => {
  // 2026-03-31 17:30 UTC: already April 1st in Shanghai (UTC+8), still March 31st in Los Angeles
  const instant = new Date('2026-03-31T17:30:00Z');

  it('answers today and local dates in the district, at the instant it is given', () => {
    const clock = new DistrictClock('Asia/Shanghai', () => instant);
    expect(clock.timezone).toBe('Asia/Shanghai');
    expect(clock.now()).toBe(instant);
    expect(clock.today()).toBe('2026-04-01');
    expect(new DistrictClock('America/Los_Angeles', () => instant).today()).toBe('2026-03-31');
    expect(clock.localDate(new Date('2026-01-01T15:59:59Z'))).toBe('2026-01-01');
    expect(clock.localDate(new Date('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
    expect(clock.localDateTime()).toBe('2026-04-01 01:30:00');
    expect(clock.localDateTime(new Date('2026-01-01T15:59:59Z'))).toBe('2026-01-01 23:59:59');
  });

  it('finds the month, quarter or year of a local date or an instant', () => {
    const clock = new DistrictClock('Asia/Shanghai', () => instant);
    expect(clock.periodOf('2026-03-31', 'MONTH').key).toBe('2026-03');
    expect(clock.periodOf(instant, 'MONTH').key).toBe('2026-04');
    expect(clock.periodOf(instant, 'QUARTER').key).toBe('2026-Q2');
    expect(clock.periodOf('2026-03-31', 'QUARTER').key).toBe('2026-Q1');
    expect(clock.periodOf(instant, 'YEAR').key).toBe('2026');
  });

  it('closes a period once its last day has passed in the district', () => {
    const clock = new DistrictClock('Asia/Shanghai', () => instant);
    expect(clock.isClosed(clock.periodOf('2026-03-01', 'MONTH'))).toBe(true);
    expect(clock.isClosed(clock.periodOf('2026-04-01', 'MONTH'))).toBe(false);
    expect(
      new DistrictClock('America/Los_Angeles', () => instant).isClosed(clock.periodOf('2026-03-01', 'MONTH')),
    ).toBe(false);
  });
});
