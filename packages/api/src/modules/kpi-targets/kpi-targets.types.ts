import { KpiKey, PhaseKey } from '@xiaoyuan/schema';
import { Field, Float, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';

/** A KPI's target in a phase: the district's override, else the plan's own figure (DOMAIN.md §6). */
@ObjectType('KpiTargetRow')
export class KpiTargetRow {
  @Field(() => PhaseKey)
  phase!: PhaseKey;

  @Field(() => KpiKey)
  kpi!: KpiKey;

  @Field(() => Float, { description: 'The target in force: the override when there is one, else the default.' })
  target!: number;

  @Field(() => Float, { description: "The plan's own target (DOMAIN.md §6)." })
  defaultTarget!: number;

  @Field(() => Boolean, { description: 'The district has set its own target.' })
  overridden!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the override was last set; null for a default.' })
  updatedAt!: Date | null;
}

@ObjectType('KpiTargetPayload')
export class KpiTargetPayload {
  @Field(() => KpiTargetRow, { nullable: true })
  target!: KpiTargetRow | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
