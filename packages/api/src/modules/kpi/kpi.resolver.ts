import { ApiScope, Community, Courtyard, District, KpiKey, PeriodScalar, Street } from '@xiaoyuan/schema';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { selectsAnyOf } from '../../engine/selection';
import { RequestKpiRecomputeInput } from './kpi.inputs';
import { kpiScopeOf, kpiService } from './kpi.service';
import { KpiPointView, KpiValueView, RequestKpiRecomputePayload } from './kpi.types';

const KPIS = {
  description:
    'The ten KPIs for a period (2026-10, 2026-Q4, 2026), always all ten: NO_DATA with nulls where none was computed.',
};

/** The fields of a KpiValue that need the previous period's snapshots. */
const FROM_PREVIOUS_PERIOD = ['previousValue', 'change'] as const;

function kpisOf(
  context: RequestContext,
  unit: District | Street | Community | Courtyard,
  period: string,
  info: GraphQLResolveInfo,
) {
  return kpiService.kpis(
    context,
    kpiScopeOf(unit, context.requireTenantCaller(ApiScope.KPI_READ).tenantId),
    period,
    selectsAnyOf(info, FROM_PREVIOUS_PERIOD),
  );
}

@Resolver()
export class KpiResolver {
  @Query(() => [KpiPointView], {
    description:
      'A KPI of a district, street, community or courtyard over every period of the same kind from `from` through `to` (at most 60).',
  })
  kpiTrend(
    @Arg('scopeId', () => ID) scopeId: string,
    @Arg('key', () => KpiKey) key: KpiKey,
    @Arg('from', () => PeriodScalar) from: string,
    @Arg('to', () => PeriodScalar) to: string,
    @Ctx() context: RequestContext,
  ) {
    return kpiService.trend(context, scopeId, key, from, to);
  }

  @Mutation(() => RequestKpiRecomputePayload, {
    description: "Recomputes a period's KPIs of the whole district in the background (district admin).",
  })
  requestKpiRecompute(
    @Arg('input', () => RequestKpiRecomputeInput) input: RequestKpiRecomputeInput,
    @Ctx() context: RequestContext,
  ) {
    return kpiService.requestRecompute(context, input);
  }
}

@Resolver(() => District)
export class DistrictKpiResolver {
  @FieldResolver(() => [KpiValueView], KPIS)
  kpis(
    @Root() district: District,
    @Arg('period', () => PeriodScalar) period: string,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return kpisOf(context, district, period, info);
  }
}

@Resolver(() => Street)
export class StreetKpiResolver {
  @FieldResolver(() => [KpiValueView], KPIS)
  kpis(
    @Root() street: Street,
    @Arg('period', () => PeriodScalar) period: string,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return kpisOf(context, street, period, info);
  }
}

@Resolver(() => Community)
export class CommunityKpiResolver {
  @FieldResolver(() => [KpiValueView], KPIS)
  kpis(
    @Root() community: Community,
    @Arg('period', () => PeriodScalar) period: string,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return kpisOf(context, community, period, info);
  }
}

@Resolver(() => Courtyard)
export class CourtyardKpiResolver {
  @FieldResolver(() => [KpiValueView], KPIS)
  kpis(
    @Root() courtyard: Courtyard,
    @Arg('period', () => PeriodScalar) period: string,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return kpisOf(context, courtyard, period, info);
  }
}

export const KPI_RESOLVERS = [
  KpiResolver,
  DistrictKpiResolver,
  StreetKpiResolver,
  CommunityKpiResolver,
  CourtyardKpiResolver,
] as const;
