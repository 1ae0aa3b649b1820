import { PeriodScalar } from '@xiaoyuan/schema';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../../engine/errors';

@ObjectType('RecordSurveyResponsesPayload')
export class RecordSurveyResponsesPayload {
  @Field(() => Int, { description: 'Responses stored: all of the input, or 0 with userErrors.' })
  recordedCount!: number;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

/** Satisfaction survey responses of a courtyard dated in a period (the SATISFACTION_SCORE's figures). */
@ObjectType('SurveySummary')
export class SurveySummary {
  @Field(() => PeriodScalar)
  period!: string;

  @Field(() => Int)
  responses!: number;

  @Field(() => Int, { description: 'Distinct households that responded.' })
  households!: number;

  @Field(() => Float, { nullable: true, description: 'Σ scores / responses; null without responses.' })
  averageScore!: number | null;
}
