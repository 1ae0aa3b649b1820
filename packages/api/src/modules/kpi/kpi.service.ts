import {
  ApiScope,
  Community,
  Courtyard,
  District,
  fromGlobalId,
  isClosed,
  JOBS,
  JobState,
  KPI_KEYS,
  KpiStatus,
  type KpiKey,
  type KpiSnapshotRow,
  planKpiRefresh,
  previousPeriod,
  QUEUES,
  ScopeLevel,
  Street,
  type Period,
  textArray,
} from '@xiaoyuan/schema';
import type { UnitRef } from '../../engine/authorization.service';
import type { RequestContext } from '../../engine/context';
import { badUserInput, forbidden, graphqlError, UserErrorCode, type UserError } from '../../engine/errors';
import { translate } from '../../engine/i18n';
import { hierarchyService, unitOf } from '../hierarchy/hierarchy.service';
import { JobView } from '../jobs/jobs.types';
import { jobsService } from '../jobs/jobs.service';
import { periodArgument } from '../../engine/validation';
import type { RequestKpiRecomputeInput } from './kpi.inputs';
import { SNAPSHOT_COLUMNS, snapshotsOf } from './kpi.loaders';
import { KpiPointView, KpiValueView, type RequestKpiRecomputePayload } from './kpi.types';

/** The most points a trend returns (five years of months). */
export const MAX_TREND_POINTS = 60;

/** A unit whose KPIs are read: its level and row id (the district's is the tenant id). */
export interface KpiScope {
  level: ScopeLevel;
  id: string;
  unit: UnitRef;
}

export function kpiScopeOf(unit: District | Street | Community | Courtyard, tenantId: string): KpiScope {
  if (unit instanceof Street) return { level: ScopeLevel.STREET, id: unit.id, unit: unitOf(unit) };
  if (unit instanceof Community) return { level: ScopeLevel.COMMUNITY, id: unit.id, unit: unitOf(unit) };
  if (unit instanceof Courtyard) return { level: ScopeLevel.COURTYARD, id: unit.id, unit: unitOf(unit) };
  return { level: ScopeLevel.DISTRICT, id: tenantId, unit: { kind: 'District' } };
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** KPIs read from the worker's snapshots, and recomputes requested by hand. */
export class KpiService {
  /**
   * The ten KPIs of a unit for a period, with the previous period's value when `withPrevious` (the
   * caller asked for `previousValue` or `change`; else both are null and its snapshots not read).
   */
  async kpis(
    context: RequestContext,
    scope: KpiScope,
    periodText: string,
    withPrevious = true,
  ): Promise<KpiValueView[]> {
    context.requireTenantCaller(ApiScope.KPI_READ);
    // the unit comes from a list or node(id) that checked it already: this is the backstop
    if (!context.auth.canRead(scope.unit)) throw forbidden();
    const period = periodArgument(periodText);
    const loader = snapshotsOf(context);
    const [current, previous] = await Promise.all([
      loader.load({ level: scope.level, scopeId: scope.id, period: period.key }),
      withPrevious
        ? loader.load({ level: scope.level, scopeId: scope.id, period: previousPeriod(period).key })
        : new Map<KpiKey, KpiSnapshotRow>(),
    ]);
    const open = !context.clock.isClosed(period);
    return KPI_KEYS.map((key) => {
      const row = current.get(key);
      const previousValue = previous.get(key)?.value ?? null;
      const value = row?.value ?? null;
      return Object.assign(new KpiValueView(), {
        key,
        value,
        numerator: row?.numerator ?? null,
        denominator: row?.denominator ?? null,
        target: row?.target ?? null,
        status: row?.status ?? KpiStatus.NO_DATA,
        provisional: row ? row.provisional : open,
        computedAt: row ? new Date(row.computed_at) : null,
        previousValue,
        change: value !== null && previousValue !== null ? round6(value - previousValue) : null,
      });
    });
  }

  /** `kpiTrend`: every period of the same kind from `from` through `to`; NO_DATA where none was computed. */
  async trend(
    context: RequestContext,
    scopeId: string,
    key: KpiKey,
    fromText: string,
    toText: string,
  ): Promise<KpiPointView[]> {
    const caller = context.requireTenantCaller(ApiScope.KPI_READ);
    const periods = trendPeriods(periodArgument(fromText), periodArgument(toText));
    const scope = await this.scope(context, scopeId);
    const rows = await context.em.execute<KpiSnapshotRow[]>(
      `select ${SNAPSHOT_COLUMNS} from kpi_snapshots s
        where s.tenant_id = ? and s.scope_level = ? and s.scope_id = ? and s.kpi = ? and s.period = any(?::text[])`,
      [caller.tenantId, scope.level, scope.id, key, textArray(periods.map((period) => period.key))],
    );
    const byPeriod = new Map(rows.map((row) => [row.period, row]));
    const today = context.clock.today();
    return periods.map((period) => {
      const row = byPeriod.get(period.key);
      return Object.assign(new KpiPointView(), {
        period: period.key,
        value: row?.value ?? null,
        target: row?.target ?? null,
        status: row?.status ?? KpiStatus.NO_DATA,
        provisional: row ? row.provisional : !isClosed(period, today),
      });
    });
  }

  /** A unit by global id: NOT_FOUND outside the district, FORBIDDEN outside the caller's reach. */
  private async scope(context: RequestContext, globalId: string): Promise<KpiScope> {
    const caller = context.requireTenantCaller(ApiScope.KPI_READ);
    const decoded = fromGlobalId(globalId);
    let scope: KpiScope | null = null;
    if (decoded?.type === 'District') {
      scope =
        decoded.id === caller.tenantId
          ? { level: ScopeLevel.DISTRICT, id: caller.tenantId, unit: { kind: 'District' } }
          : null;
    } else if (decoded?.type === 'Street' || decoded?.type === 'Community' || decoded?.type === 'Courtyard') {
      const entity = { Street, Community, Courtyard }[decoded.type];
      const unit = await hierarchyService.find(context, globalId, entity as typeof Street);
      scope = unit ? kpiScopeOf(unit, caller.tenantId) : null;
    }
    if (!scope)
      throw graphqlError('NOT_FOUND', 'scopeId names no district, street, community or courtyard of your district');
    if (!context.auth.canRead(scope.unit)) throw forbidden();
    return scope;
  }

  /**
   * Recomputes one period of the whole district (the `recompute-kpis` job without courtyards, as
   * the KPI-refresh planner plans it): one job id per (district, period), so a second request while
   * one is waiting or running returns that job; a finished one is removed first, so a new request
   * runs again.
   */
  async requestRecompute(
    context: RequestContext,
    input: RequestKpiRecomputeInput,
  ): Promise<RequestKpiRecomputePayload> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    const failed = (userErrors: UserError[]) => ({ job: null, userErrors });
    if (!context.auth.canRequestKpiRecompute)
      return failed(errors.add(UserErrorCode.FORBIDDEN, ['input'], 'KPI_RECOMPUTE_FORBIDDEN').list);
    const period = periodArgument(input.period);
    const today = context.clock.today();
    if (period.start > today)
      return failed(errors.add(UserErrorCode.INVALID, ['input', 'period'], 'KPI_PERIOD_NOT_STARTED', today).list);
    context.noteAudit('KpiPeriod', null, { period: period.key });

    const [planned] = planKpiRefresh({ cause: 'manual', tenantId: caller.tenantId, period: period.key });
    const jobId = planned.id;
    try {
      await context.services.queues.enqueue(planned);
    } catch (error) {
      context.services.log.warn(
        `[kpi] could not enqueue ${JOBS.recomputeKpis} ${period.key}: ${(error as Error).message}`,
      );
      return failed([
        { code: UserErrorCode.UNAVAILABLE, field: null, message: translate(context.locale, 'QUEUE_UNAVAILABLE') },
      ]);
    }
    const job = await jobsService.find(context, QUEUES.kpi, jobId).catch(() => null);
    return { job: job ?? JobView.of(QUEUES.kpi, jobId, JobState.QUEUED, null, null), userErrors: [] };
  }
}

/** The periods of a trend, oldest first: same kind, from ≤ to, at most MAX_TREND_POINTS. */
export function trendPeriods(from: Period, to: Period): Period[] {
  if (from.kind !== to.kind)
    throw badUserInput(
      `"from" and "to" must be periods of the same kind (months, quarters or years), got "${from.key}" and "${to.key}"`,
    );
  if (from.start > to.start) throw badUserInput(`"from" (${from.key}) is after "to" (${to.key})`);
  const periods: Period[] = [];
  for (let period = to; period.start >= from.start; period = previousPeriod(period)) {
    periods.unshift(period);
    if (periods.length > MAX_TREND_POINTS)
      throw badUserInput(
        `A trend has at most ${MAX_TREND_POINTS} points: shorten the range from ${from.key} to ${to.key}`,
      );
  }
  return periods;
}

export const kpiService = new KpiService();
