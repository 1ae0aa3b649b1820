import { DateTimeScalar, fenToMoney, LocalDateScalar, moneyToFen, PeriodScalar } from '@xiaoyuan/schema';
import { Kind } from 'graphql';

describe('scalars', () => {
  it('Date accepts real calendar dates only', () => {
    expect(LocalDateScalar.parseValue('2026-02-28')).toBe('2026-02-28');
    for (const bad of ['2026-02-30', '2026-2-1', '2026-13-01', '20260101', 20260101, null]) {
      expect(() => LocalDateScalar.parseValue(bad)).toThrow(/YYYY-MM-DD/);
    }
    expect(() => LocalDateScalar.parseLiteral({ kind: Kind.STRING, value: '2026-04-31' }, {})).toThrow();
    expect(LocalDateScalar.serialize('2026-10-31')).toBe('2026-10-31');
  });

  it('DateTime, Period and Money', () => {
    expect(DateTimeScalar.parseValue('2026-10-31T08:00:00+08:00')).toEqual(new Date('2026-10-31T00:00:00.000Z'));
    expect(() => DateTimeScalar.parseValue('2026-10-31')).toThrow();
    expect(PeriodScalar.parseValue('2026-Q4')).toBe('2026-Q4');
    expect(() => PeriodScalar.parseValue('2026-Q5')).toThrow();
    expect(moneyToFen('3000.5')).toBe(300050);
    expect(moneyToFen('1.234')).toBeNull();
    expect(fenToMoney(300050)).toBe('3000.50');
    expect(fenToMoney('-5')).toBe('-0.05');
  });
});
