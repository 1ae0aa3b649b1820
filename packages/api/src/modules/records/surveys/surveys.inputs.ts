import { LocalDateScalar } from '@xiaoyuan/schema';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('SurveyResponseInput')
export class SurveyResponseInput {
  @Field(() => String)
  householdCode!: string;

  @Field(() => Int, { description: '0–100.' })
  score!: number;
}

@InputType('RecordSurveyResponsesInput')
export class RecordSurveyResponsesInput {
  @Field(() => ID)
  courtyardId!: string;

  @Field(() => LocalDateScalar)
  takenOn!: string;

  @Field(() => [SurveyResponseInput])
  responses!: SurveyResponseInput[];
}
