import { ApiScope, intArray, uuidArray, type Period } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../../engine/context';
import { UserErrorCode, type UserError } from '../../../engine/errors';
import { inSavepoint } from '../../../engine/mutation';
import { checkNotFuture } from '../../../engine/validation';
import { writableCourtyard } from '../courtyard-access';
import { HouseholdCodes } from '../household-lookup';
import type { RecordSurveyResponsesInput } from './surveys.inputs';
import type { SurveySummary } from './surveys.types';

/** At most this many responses in one record. */
export const MAX_RESPONSES = 5000;

type SurveyResult = { recordedCount: number; userErrors: UserError[] };

/**
 * Satisfaction survey responses (DOMAIN.md §5): a courtyard's survey of one date, all or
 * nothing. Each response names a household of the courtyard by code, once, with a score 0–100;
 * a household answers the survey of a date once (a second record of the same date for it is a
 * DUPLICATE), so the satisfaction score is not skewed by a record entered twice.
 */
export class SurveysService {
  async recordSurveyResponses(context: RequestContext, input: RecordSurveyResponsesInput): Promise<SurveyResult> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const failed = (): SurveyResult => ({ recordedCount: 0, userErrors: errors.list });
    const courtyard = await writableCourtyard(context, errors, input.courtyardId, {
      takenOn: input.takenOn,
      responses: input.responses.length,
    });
    if (!courtyard) return failed();
    checkNotFuture(errors, ['input', 'takenOn'], input.takenOn, context.clock);
    if (input.responses.length === 0) errors.add(UserErrorCode.INVALID, ['input', 'responses'], 'EMPTY_LIST');
    if (input.responses.length > MAX_RESPONSES)
      errors.add(UserErrorCode.INVALID, ['input', 'responses'], 'TOO_MANY_ITEMS', MAX_RESPONSES);
    if (errors.any) return failed();

    // records of one courtyard and date are taken one after the other, so that the check for a
    // household that answered already holds under concurrency
    await context.em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`survey:${courtyard.id}:${input.takenOn}`]);
    const households = await HouseholdCodes.load(
      context.em,
      courtyard.id,
      input.responses.map((response) => response.householdCode),
    );
    const answered = new Set(
      households.householdIds().length === 0
        ? []
        : (
            await context.em.execute<{ household_id: string }[]>(
              `select distinct household_id from survey_responses where courtyard_id = ?::uuid and taken_on = ?::date and household_id = any(?::uuid[])`,
              [courtyard.id, input.takenOn, uuidArray(households.householdIds())],
            )
          ).map((row) => row.household_id),
    );
    const rows = input.responses.map((response, index) => {
      const field = (name: string) => ['input', 'responses', index, name];
      const householdId = households.check(errors, index, field('householdCode'));
      if (householdId && answered.has(householdId))
        errors.add(UserErrorCode.DUPLICATE, field('householdCode'), 'ALREADY_SURVEYED', input.takenOn);
      if (!Number.isInteger(response.score) || response.score < 0 || response.score > 100)
        errors.add(UserErrorCode.INVALID, field('score'), 'INVALID_SCORE');
      return { householdId: householdId ?? '', score: response.score };
    });
    if (errors.any) return failed();

    const outcome = await inSavepoint(
      context,
      async (em) => {
        await em.execute(
          `insert into survey_responses (tenant_id, courtyard_id, household_id, taken_on, score)
           select ?::uuid, ?::uuid, response.household_id, ?::date, response.score
           from unnest(?::uuid[], ?::int[]) as response(household_id, score)`,
          [
            caller.tenantId,
            courtyard.id,
            input.takenOn,
            uuidArray(rows.map((row) => row.householdId)),
            intArray(rows.map((row) => row.score)),
          ],
        );
        return rows.length;
      },
      () => ['input', 'responses'],
    );
    if (!outcome.ok) return { recordedCount: 0, userErrors: outcome.userErrors };
    context.kpiRefresh.touch(courtyard.id, input.takenOn, 'survey');
    context.noteAudit('Courtyard', courtyard.id, { recorded: outcome.value });
    return { recordedCount: outcome.value, userErrors: [] };
  }

  /** Responses dated in the period and their average score, computed in SQL for a batch of courtyards. */
  surveySummary(context: RequestContext, courtyardId: string, period: Period): Promise<SurveySummary> {
    const loader = context.loader<string, SurveySummary>(
      `survey-summary:${period.key}`,
      () =>
        new DataLoader((courtyardIds) =>
          context.serially(async () => {
            const scope = context.auth.readCondition('survey_responses', 't');
            const rows = await context.em.execute<
              { courtyard_id: string; responses: number; households: number; average: number | null }[]
            >(
              `select t.courtyard_id, count(*)::int as responses, count(distinct t.household_id)::int as households,
                    sum(t.score)::float8 / count(*) as average
             from survey_responses t
             where t.courtyard_id = any(?::uuid[]) and t.taken_on between ?::date and ?::date and ${scope.sql}
             group by t.courtyard_id`,
              [uuidArray([...courtyardIds]), period.start, period.end, ...scope.params],
            );
            const byCourtyard = new Map(rows.map((row) => [row.courtyard_id, row]));
            return courtyardIds.map((id) => {
              const row = byCourtyard.get(id);
              return {
                period: period.key,
                responses: row?.responses ?? 0,
                households: row?.households ?? 0,
                averageScore: row ? Number(row.average) : null,
              };
            });
          }),
        ),
    );
    return loader.load(courtyardId);
  }
}

export const surveysService = new SurveysService();
