import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { ResetKpiTargetInput, SetKpiTargetInput } from './kpi-targets.inputs';
import { kpiTargetsService } from './kpi-targets.service';
import { KpiTargetPayload, KpiTargetRow } from './kpi-targets.types';

@Resolver()
export class KpiTargetsResolver {
  @Query(() => [KpiTargetRow], {
    description:
      "Every phase × KPI with the target in force (the district's override, else the plan's default); any district role.",
  })
  kpiTargets(@Ctx() context: RequestContext) {
    return kpiTargetsService.list(context);
  }

  @Mutation(() => KpiTargetPayload, {
    description:
      "Overrides a KPI's target in a phase (district admin); this year's KPIs are recomputed in the background.",
  })
  setKpiTarget(@Arg('input', () => SetKpiTargetInput) input: SetKpiTargetInput, @Ctx() context: RequestContext) {
    return kpiTargetsService.set(context, input);
  }

  @Mutation(() => KpiTargetPayload, {
    description:
      "Drops the district's override: the plan's default applies again (district admin); this year's KPIs are recomputed in the background.",
  })
  resetKpiTarget(@Arg('input', () => ResetKpiTargetInput) input: ResetKpiTargetInput, @Ctx() context: RequestContext) {
    return kpiTargetsService.reset(context, input);
  }
}

export const KPI_TARGETS_RESOLVERS = [KpiTargetsResolver] as const;
