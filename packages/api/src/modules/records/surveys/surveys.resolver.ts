import { Courtyard, PeriodScalar } from '@xiaoyuan/schema';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../engine/context';
import { periodArgument } from '../../../engine/validation';
import { RecordSurveyResponsesInput } from './surveys.inputs';
import { surveysService } from './surveys.service';
import { RecordSurveyResponsesPayload, SurveySummary } from './surveys.types';

@Resolver()
export class SurveysResolver {
  @Mutation(() => RecordSurveyResponsesPayload, { description: 'All or nothing: one bad response and none is stored.' })
  recordSurveyResponses(
    @Arg('input', () => RecordSurveyResponsesInput) input: RecordSurveyResponsesInput,
    @Ctx() context: RequestContext,
  ) {
    return surveysService.recordSurveyResponses(context, input);
  }
}

@Resolver(() => Courtyard)
export class CourtyardSurveysResolver {
  @FieldResolver(() => SurveySummary, { description: 'Satisfaction survey responses dated in the period.' })
  surveySummary(
    @Root() courtyard: Courtyard,
    @Arg('period', () => PeriodScalar) period: string,
    @Ctx() context: RequestContext,
  ) {
    return surveysService.surveySummary(context, courtyard.id, periodArgument(period));
  }
}
