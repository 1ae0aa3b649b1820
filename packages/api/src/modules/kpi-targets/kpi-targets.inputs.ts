import { KpiKey, PhaseKey } from '@xiaoyuan/schema';
import { Field, Float, InputType } from 'type-graphql';

@InputType('SetKpiTargetInput')
export class SetKpiTargetInput {
  @Field(() => PhaseKey)
  phase!: PhaseKey;

  @Field(() => KpiKey)
  kpi!: KpiKey;

  @Field(() => Float, {
    description:
      'Fractions (rates) 0–1, SATISFACTION_SCORE 0–100, "at most" KPIs (days, hours) greater than 0; stored with 4 decimals.',
  })
  target!: number;
}

@InputType('ResetKpiTargetInput')
export class ResetKpiTargetInput {
  @Field(() => PhaseKey)
  phase!: PhaseKey;

  @Field(() => KpiKey)
  kpi!: KpiKey;
}
