import type { EntityManager } from '@mikro-orm/postgresql';
import { periodContaining } from '@xiaoyuan/domain';
import {
  KPI_DEFINITIONS,
  KPI_KEYS,
  KPI_MARGINS,
  KpiKey,
  type DistrictClock,
  type Period,
  PhaseKey,
  ScopeLevel,
  defaultKpiTarget,
  isClosed,
  parsePeriod,
  phaseOn,
  previousPeriod,
  textArray,
} from '@xiaoyuan/schema';
import {
  COURTYARD_SNAPSHOTS_SQL,
  DELETE_UNENROLLED_OF_SQL,
  DELETE_UNENROLLED_SQL,
  DELTA_BASE_SQL,
  RATIO_KPIS,
  ROLLUP_DELTA_SQL,
  ROLLUP_SNAPSHOTS_SQL,
  bindNamed,
} from './kpi-queries';
import { syncAlerts, type SyncAlertsResult } from '../alerts/alert-engine';

/*
 * The KPI engine (DOMAIN.md §6–§7): every KPI of every courtyard, community, street and the
 * district for one period, computed in PostgreSQL and upserted into kpi_snapshots; no record is
 * loaded into JavaScript.
 *
 * Choices the domain text leaves open:
 * - Enrolment: a courtyard counts in a period when its enrolment (of any plan: a courtyard enrols
 *   once) is dated on or before the period's last day; it then counts for the whole period, also
 *   with records dated before its enrolment. A courtyard not enrolled by then has no snapshot for
 *   the period (one left from an earlier run is deleted) and counts in no roll-up. Communities
 *   and streets without an enrolled courtyard get NO_DATA rows.
 * - Median (DISPUTE_RESOLUTION_DAYS) and 90th percentile (SERVICE_RESPONSE_HOURS) are
 *   `percentile_cont`: linear interpolation between the two nearest records (the median of an
 *   even count is the mean of the middle two; p90 of 1..10 h is 9.1 h). It is what a
 *   spreadsheet's PERCENTILE/MEDIAN gives, so officials can check it by hand, and it is stable
 *   for the small samples of one courtyard's month. Both are taken over the pooled records of
 *   the scope. Their snapshot stores numerator = value and denominator = the number of records.
 *   A service request without a first response yet has no response time and is left out.
 * - Without a target (no active plan, or a period whose last month is before the plan's month 1),
 *   a KPI with a value is GREEN with `target` NULL: there is nothing it can miss, it must raise
 *   no alert, and NO_DATA is reserved (and constrained in the table) for "no value". Readers tell
 *   "met" from "not targeted" by `target`.
 * - Escalation: a month's KPI that is YELLOW by its margin is RED when, in each of the three
 *   months before (all closed), the same scope's KPI was YELLOW by its stored value and target,
 *   i.e. its margin band, not counting its own escalation; so a persistent small miss stays RED
 *   from its fourth month on, and a GREEN month is never escalated. Those three months must have
 *   been computed before: `recomputeKpiRange` computes months in order.
 * - Status is judged on the stored value (rounded to 6 decimals), so it agrees with what is shown.
 * - Concurrency: one transaction-level advisory lock per (tenant, period) serialises runs of the
 *   same period, so a roll-up never sums courtyard snapshots that another run is rewriting.
 * - JIT: `set local jit = off` at the start of every run (for the rest of its transaction): the
 *   statements are index-driven, and compiling them cost far more than running them.
 * - Alerts (src/alerts): a run that wrote a closed month ends with `syncAlerts` in the same
 *   transaction, for the courtyards it wrote (or all of them): once per `recomputeKpis`, once at
 *   the end of `recomputeKpiPeriods`/`recomputeKpiRange`. The alert lock is the last lock a run
 *   takes, so runs of different periods cannot deadlock on it.
 * - KPIs changed (`kpis`, with `courtyardIds`): the refresh after a record names the KPIs that
 *   record can change. Then only those KPIs are written, for the courtyards and their community,
 *   street and the district; ratio KPIs' roll-ups by the courtyards' deltas (stored roll-up +
 *   new − old courtyard numerators and denominators, exact numeric sums), the median and the
 *   90th percentile pooled exactly as in a full run, and only when they are among the KPIs. The
 *   delta needs every roll-up row to equal the sum of its members, so it is used only when every
 *   given courtyard is enrolled and has its rows, no enrolled courtyard lacks its snapshots, and
 *   the roll-up rows exist; otherwise the run is the full one for those courtyards (every KPI,
 *   roll-ups re-summed). Rows written get value, target, status (with escalation) and
 *   `provisional` as in a full run; rows of other KPIs are left as they are.
 */

export interface RecomputeKpisInput {
  tenantId: string;
  /** `2026-10`, `2026-Q4` or `2026` */
  period: string;
  /**
   * Only these courtyards' snapshots, and the roll-ups of their community, street and the
   * district. Absent: every scope of the district.
   */
  courtyardIds?: readonly string[];
  /**
   * With `courtyardIds`: only these KPIs can have changed (the refresh after a record names the
   * ones its kind affects). Absent: all ten.
   */
  kpis?: readonly KpiKey[];
  /** the district's clock (the job's; tests and backfills fix its instant): decides `provisional` */
  clock: DistrictClock;
  /** sync the alerts after writing a closed month (default true; a multi-period run syncs once at its end) */
  alerts?: boolean;
}

export interface RecomputeKpisResult {
  period: string;
  phase: PhaseKey | null;
  provisional: boolean;
  /** snapshot rows written, by scope level */
  rows: Partial<Record<ScopeLevel, number>>;
  /** the alert changes, when this run synced them */
  alerts?: SyncAlertsResult;
}

interface KpiRule {
  kpi: KpiKey;
  target: number | null;
  at_most: boolean;
  margin_fixed: number;
  margin_share: number;
}

/** The first day of the district's active plan, if any. */
async function planStart(em: EntityManager, tenantId: string): Promise<string | null> {
  const [row] = await em.execute<{ starts_on: string }[]>(
    `select to_char(starts_on, 'YYYY-MM-DD') as starts_on from rollout_plans where tenant_id = ? and active`,
    [tenantId],
  );
  return row?.starts_on ?? null;
}

/** Targets of a phase: the district's overrides, else the plan's defaults; none without a phase. */
async function loadRules(em: EntityManager, tenantId: string, phase: PhaseKey | null): Promise<KpiRule[]> {
  const overrides = new Map<string, number>();
  if (phase) {
    const rows = await em.execute<{ kpi: string; target: string }[]>(
      `select kpi, target::text as target from kpi_targets where tenant_id = ? and phase = ?`,
      [tenantId, phase],
    );
    for (const row of rows) overrides.set(row.kpi, Number(row.target));
  }
  return KPI_KEYS.map((kpi) => {
    const margin = KPI_MARGINS[KPI_DEFINITIONS[kpi].kind];
    return {
      kpi,
      target: phase ? (overrides.get(kpi) ?? defaultKpiTarget(kpi, phase)) : null,
      at_most: KPI_DEFINITIONS[kpi].kind === 'AT_MOST',
      margin_fixed: margin.fixed,
      margin_share: margin.shareOfTarget,
    };
  });
}

/** The three months before a month, when all three are closed (escalation looks at them). */
function escalationMonths(period: Period, today: string): string[] {
  if (period.kind !== 'MONTH') return [];
  const months: Period[] = [];
  let month = period;
  for (let i = 0; i < 3; i++) months.push((month = previousPeriod(month)));
  return months.every((candidate) => isClosed(candidate, today)) ? months.map((candidate) => candidate.key) : [];
}

/**
 * Computes and upserts the ten KPIs of one period at every level (or, with `courtyardIds`, of
 * those courtyards and their roll-ups). Runs in the caller's transaction, which must be scoped to
 * `tenantId` (`withTenant`). Idempotent.
 */
export async function recomputeKpis(em: EntityManager, input: RecomputeKpisInput): Promise<RecomputeKpisResult> {
  const { result, written } = await computePeriod(em, input);
  if (input.alerts !== false && closesAMonth(result)) {
    result.alerts = await syncAlerts(em, { tenantId: input.tenantId, courtyardIds: written, clock: input.clock });
  }
  return result;
}

/**
 * One period's snapshots, and the courtyards whose alerts it may have changed: every one after a
 * full run (undefined); after an incremental one, the given courtyards (their snapshots may have
 * been deleted) and every courtyard whose snapshots it wrote, which includes the ones completed
 * because the period had none yet (statement 1 returns them).
 */
async function computePeriod(
  em: EntityManager,
  input: RecomputeKpisInput,
): Promise<{ result: RecomputeKpisResult; written: string[] | undefined }> {
  const period = parsePeriod(input.period);
  if (!period) throw new Error(`KPI engine: "${input.period}" is not a period`);
  const everything = input.courtyardIds === undefined;
  const courtyardIds = [...new Set(input.courtyardIds ?? [])];

  // The statements are short index-driven plans whose cost estimates (the planner cannot see how
  // few courtyards an incremental run targets) pass jit_above_cost: compiling them took ~99 % of
  // an incremental run (BENCHMARKS.md). Off for the rest of the caller's transaction.
  await em.execute(`set local jit = off`);
  await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`kpi:${input.tenantId}:${period.key}`]);
  const startsOn = await planStart(em, input.tenantId);
  const today = input.clock.today();
  const phase = startsOn ? phaseOn(startsOn, period.end) : null;
  const rules = await loadRules(em, input.tenantId, phase);

  const values = {
    tenant: input.tenantId,
    period: period.key,
    start: period.start,
    end: period.end,
    timezone: input.clock.timezone,
    provisional: !isClosed(period, today),
    everyCourtyard: everything,
    everyScope: everything,
    courtyardIds: textArray(courtyardIds),
    ratioKpis: textArray(RATIO_KPIS),
    previousMonths: textArray(escalationMonths(period, today)),
    rules: JSON.stringify(rules),
    completeMissing: true,
    courtyardKpis: textArray(KPI_KEYS),
    rollupKpis: textArray(KPI_KEYS),
  };
  const result: RecomputeKpisResult = { period: period.key, phase, provisional: values.provisional, rows: {} };
  const written = new Set(courtyardIds);
  const count = (rows: { scope_level: ScopeLevel; rows: number; courtyards: string[] | null }[]) => {
    for (const row of rows) {
      result.rows[row.scope_level] = (result.rows[row.scope_level] ?? 0) + row.rows;
      for (const id of row.courtyards ?? []) written.add(id);
    }
  };
  const done = () => ({ result, written: everything ? undefined : [...written] });

  // Only some KPIs changed: their roll-ups by the courtyards' deltas when the stored rows allow it
  // (read before statement 1 rewrites the courtyards' rows), else the full run below. Every given
  // courtyard is then enrolled (DELTA_BASE_SQL checks it): there is no snapshot to delete.
  const kpis = input.kpis === undefined || everything ? [] : KPI_KEYS.filter((kpi) => input.kpis!.includes(kpi));
  if (kpis.length > 0 && kpis.length < KPI_KEYS.length && courtyardIds.length > 0) {
    const deltaKpis = kpis.filter((kpi) => RATIO_KPIS.includes(kpi));
    const pooledKpis = kpis.filter((kpi) => !RATIO_KPIS.includes(kpi));
    const partial = { ...values, kpis: textArray(kpis), deltaKpis: textArray(deltaKpis) };
    const [base] = await em.execute<{ eligible: boolean; old_rows: string }[]>(...bindNamed(DELTA_BASE_SQL, partial));
    if (base?.eligible) {
      const delta = {
        ...partial,
        completeMissing: false,
        courtyardKpis: partial.kpis,
        rollupKpis: textArray(pooledKpis),
        oldRows: base.old_rows,
      };
      count(await em.execute(...bindNamed(COURTYARD_SNAPSHOTS_SQL, delta)));
      if (pooledKpis.length > 0) count(await em.execute(...bindNamed(ROLLUP_SNAPSHOTS_SQL, delta)));
      if (deltaKpis.length > 0) count(await em.execute(...bindNamed(ROLLUP_DELTA_SQL, delta)));
      return done();
    }
  }

  // one statement after the other: all on the job's single transaction connection
  await em.execute(...bindNamed(everything ? DELETE_UNENROLLED_SQL : DELETE_UNENROLLED_OF_SQL, values));
  count(await em.execute(...bindNamed(COURTYARD_SNAPSHOTS_SQL, values)));
  // the roll-ups of every courtyard written, also of one completed because it had no snapshot
  count(await em.execute(...bindNamed(ROLLUP_SNAPSHOTS_SQL, { ...values, courtyardIds: textArray([...written]) })));
  return done();
}

/** A closed month raises alerts; quarters, years and open months do not (§7). */
function closesAMonth(result: RecomputeKpisResult): boolean {
  return !result.provisional && parsePeriod(result.period)?.kind === 'MONTH';
}

export interface RecomputeKpiRangeInput extends Omit<RecomputeKpisInput, 'period' | 'alerts'> {
  /** first month, `YYYY-MM` */
  from: string;
  /** last month, `YYYY-MM` (inclusive) */
  through: string;
  /** called after each period */
  onProgress?: (done: number, total: number, result: RecomputeKpisResult) => Promise<void> | void;
}

/**
 * The months from `from` through `through` in order (each month's escalation reads the three
 * before it), then every quarter and year they touch.
 */
export function periodsOfRange(from: string, through: string): string[] {
  const first = parsePeriod(from);
  const last = parsePeriod(through);
  if (first?.kind !== 'MONTH' || last?.kind !== 'MONTH' || first.key > last.key) {
    throw new Error(`KPI engine: "${from}".."${through}" is not a range of months`);
  }
  const months: Period[] = [];
  for (let month = last; month.key >= first.key; month = previousPeriod(month)) months.unshift(month);
  const quarters = [...new Set(months.map((month) => periodContaining('QUARTER', month.start)))];
  const years = [...new Set(months.map((month) => String(month.year)))];
  return [...months.map((month) => month.key), ...quarters, ...years];
}

export async function recomputeKpiRange(
  em: EntityManager,
  input: RecomputeKpiRangeInput,
): Promise<RecomputeKpisResult[]> {
  const { from, through, ...rest } = input;
  return (await recomputeKpiPeriods(em, { ...rest, periods: periodsOfRange(from, through) })).periods;
}

export interface RecomputeKpiPeriodsInput extends Omit<RecomputeKpisInput, 'period' | 'alerts'> {
  /** computed in this order (months before the quarters and years that contain them) */
  periods: readonly string[];
  /** called after each period */
  onProgress?: (done: number, total: number, result: RecomputeKpisResult) => Promise<void> | void;
}

export interface RecomputeKpiPeriodsResult {
  periods: RecomputeKpisResult[];
  /** the alert changes, when a closed month was among the periods (else null) */
  alerts: SyncAlertsResult | null;
}

/**
 * Several periods in one transaction, in the order given, then ONE alert sync when a closed month
 * was among them: the recompute-kpis job and the monthly close run through here.
 */
export async function recomputeKpiPeriods(
  em: EntityManager,
  input: RecomputeKpiPeriodsInput,
): Promise<RecomputeKpiPeriodsResult> {
  const results: RecomputeKpisResult[] = [];
  const written = new Set<string>();
  for (const period of input.periods) {
    const computed = await computePeriod(em, {
      tenantId: input.tenantId,
      period,
      courtyardIds: input.courtyardIds,
      kpis: input.kpis,
      clock: input.clock,
    });
    for (const id of computed.written ?? []) written.add(id);
    results.push(computed.result);
    await input.onProgress?.(results.length, input.periods.length, computed.result);
  }
  const alerts = results.some(closesAMonth)
    ? await syncAlerts(em, {
        tenantId: input.tenantId,
        courtyardIds: input.courtyardIds === undefined ? undefined : [...written],
        clock: input.clock,
      })
    : null;
  return { periods: results, alerts };
}
