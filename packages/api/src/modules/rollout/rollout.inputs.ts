import { LocalDateScalar, MilestoneKey } from '@xiaoyuan/schema';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('CreateRolloutPlanInput')
export class CreateRolloutPlanInput {
  @Field(() => String)
  name!: string;

  @Field(() => LocalDateScalar)
  startsOn!: string;

  @Field(() => Int, { nullable: true, description: 'Courtyards the pilot phase targets; 30 when left out.' })
  pilotSize?: number | null;
}

@InputType('EnrollCourtyardsInput')
export class EnrollCourtyardsInput {
  @Field(() => Int)
  batch!: number;

  @Field(() => [ID])
  courtyardIds!: string[];

  @Field(() => LocalDateScalar)
  enrolledOn!: string;
}

@InputType('ConfirmMilestoneInput')
export class ConfirmMilestoneInput {
  @Field(() => MilestoneKey)
  key!: MilestoneKey;

  @Field(() => LocalDateScalar)
  metOn!: string;

  @Field(() => String)
  note!: string;

  @Field(() => String, { nullable: true })
  evidenceUrl?: string | null;
}
