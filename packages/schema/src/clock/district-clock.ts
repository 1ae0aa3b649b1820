import type { EntityManager } from '@mikro-orm/postgresql';
import { isClosed, localDate, type Period, type PeriodKind, periodsContaining, zoneFormatter } from '@xiaoyuan/domain';

const PERIOD_INDEX: Record<PeriodKind, number> = { MONTH: 0, QUARTER: 1, YEAR: 2 };

const DATE_TIME_PARTS: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
};

/**
 * The district's calendar: its time zone and "now", and every question about local dates and
 * periods asked of them. The API builds one per request with the caller, the worker one per tenant
 * job; nothing else reads `districts.timezone`. Pure (Intl only) apart from `loadDistrictClock`.
 */
export class DistrictClock {
  constructor(
    /** an IANA zone, e.g. `Asia/Shanghai` (what SQL's `at time zone` takes) */
    readonly timezone: string,
    /** the current instant; tests and backfills fix it */
    private readonly currentInstant: () => Date = () => new Date(),
  ) {}

  now(): Date {
    return this.currentInstant();
  }

  /** Today in the district, `YYYY-MM-DD`. */
  today(): string {
    return localDate(this.timezone, this.now());
  }

  /** The district's calendar date of an instant, `YYYY-MM-DD`. */
  localDate(instant: Date): string {
    return localDate(this.timezone, instant);
  }

  /** The local date and time of an instant, `YYYY-MM-DD HH:mm:ss` (24-hour). */
  localDateTime(instant: Date = this.now()): string {
    const parts = Object.fromEntries(
      zoneFormatter(this.timezone, DATE_TIME_PARTS)
        .formatToParts(instant)
        .map((part) => [part.type, part.value]),
    );
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  }

  /** The month, quarter or year that contains a local date (`YYYY-MM-DD`) or an instant. */
  periodOf(at: string | Date, kind: PeriodKind): Period {
    const date = at instanceof Date ? this.localDate(at) : at;
    return periodsContaining(date)[PERIOD_INDEX[kind]];
  }

  /** A period is closed once its last day has passed in the district. */
  isClosed(period: Period): boolean {
    return isClosed(period, this.today());
  }
}

/** The district is not visible in the transaction: it does not exist, or the scope is another one. */
export class UnknownDistrictError extends Error {
  constructor(readonly tenantId: string) {
    super(`district ${tenantId} is not visible in this transaction`);
  }
}

/**
 * The clock of a district, read in the caller's transaction (which must see the district: scoped
 * to it, or the platform). `UnknownDistrictError` when the district is not visible.
 */
export async function loadDistrictClock(em: EntityManager, tenantId: string, now?: () => Date): Promise<DistrictClock> {
  const [district] = await em.execute<{ timezone: string }[]>(`select timezone from districts where id = ?::uuid`, [
    tenantId,
  ]);
  if (!district) throw new UnknownDistrictError(tenantId);
  return new DistrictClock(district.timezone, now);
}

/** Every district's time zone, for the platform (the scope that sees them all), ordered by id. */
export function listDistrictZones(em: EntityManager): Promise<{ id: string; timezone: string }[]> {
  return em.execute<{ id: string; timezone: string }[]>(`select id::text as id, timezone from districts order by id`);
}
