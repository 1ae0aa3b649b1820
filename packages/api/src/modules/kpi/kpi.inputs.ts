import { PeriodScalar } from '@xiaoyuan/schema';
import { Field, InputType } from 'type-graphql';

@InputType('RequestKpiRecomputeInput')
export class RequestKpiRecomputeInput {
  @Field(() => PeriodScalar, { description: 'A month, quarter or year that has started.' })
  period!: string;
}
