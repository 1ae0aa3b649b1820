import { randomUUID } from 'node:crypto';
import { ApiScope, Activity, Courtyard, intArray, uuidArray, type Period } from '@xiaoyuan/schema';
import type { RequestContext } from '../../../engine/context';
import { UserErrorCode, type UserError } from '../../../engine/errors';
import { inSavepoint, persistNew } from '../../../engine/mutation';
import type { Connection, Page } from '../../../engine/pagination';
import { checkNotFuture } from '../../../engine/validation';
import { writableCourtyard } from '../courtyard-access';
import { courtyardRecords } from '../courtyard-records';
import { HouseholdCodes } from '../household-lookup';
import type { RecordActivityInput } from './activities.inputs';
import { ActivityView } from './activities.types';

export const MAX_TITLE_LENGTH = 200;
/** At most this many attendance lines in one record. */
export const MAX_ATTENDANCE = 5000;
/** People of one household at one activity. */
export const MAX_PARTICIPANTS = 1000;

type ActivityPayload = { activity: ActivityView | null; userErrors: UserError[] };

const failed = (userErrors: UserError[]): ActivityPayload => ({ activity: null, userErrors });

/**
 * Activities and their attendance (DOMAIN.md §5). A record is validated as a whole: one unknown,
 * repeated or out-of-range attendance line rejects it, every bad line is named, and nothing of it
 * is stored. An empty attendance list is allowed: an activity whose sign-in sheet was not kept
 * still counts as held (milestones), and adds no one to participation.
 */
export class ActivitiesService {
  async recordActivity(context: RequestContext, input: RecordActivityInput): Promise<ActivityPayload> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const courtyard = await writableCourtyard(context, errors, input.courtyardId, {
      attendance: input.attendance.length,
    });
    if (!courtyard) return failed(errors.list);

    const title = input.title.trim();
    if (title.length < 1 || title.length > MAX_TITLE_LENGTH)
      errors.add(UserErrorCode.INVALID, ['input', 'title'], 'INVALID_TITLE', MAX_TITLE_LENGTH);
    checkNotFuture(errors, ['input', 'heldOn'], input.heldOn, context.clock);
    if (input.attendance.length > MAX_ATTENDANCE) {
      errors.add(UserErrorCode.INVALID, ['input', 'attendance'], 'TOO_MANY_ITEMS', MAX_ATTENDANCE);
      return failed(errors.list);
    }

    // every household code of the record in one query; then each line on its own, so that every
    // bad line is reported, not only the first
    const households = await HouseholdCodes.load(
      context.em,
      courtyard.id,
      input.attendance.map((line) => line.householdCode),
    );
    const lines = input.attendance.map((line, index) => {
      const field = (name: string) => ['input', 'attendance', index, name];
      const householdId = households.check(errors, index, field('householdCode'));
      const participants = line.participants ?? 1;
      const youthParticipants = line.youthParticipants ?? 0;
      if (!Number.isInteger(participants) || participants < 1 || participants > MAX_PARTICIPANTS) {
        errors.add(UserErrorCode.INVALID, field('participants'), 'INVALID_PARTICIPANTS', MAX_PARTICIPANTS);
      } else if (!Number.isInteger(youthParticipants) || youthParticipants < 0 || youthParticipants > participants) {
        errors.add(UserErrorCode.INVALID, field('youthParticipants'), 'INVALID_YOUTH_PARTICIPANTS', participants);
      }
      return { householdId: householdId ?? '', participants, youthParticipants };
    });
    if (errors.any) return failed(errors.list);

    const outcome = await inSavepoint(
      context,
      async (em) => {
        const activity = persistNew(em, Activity, {
          id: randomUUID(),
          tenantId: caller.tenantId,
          courtyard: em.getReference(Courtyard, courtyard.id),
          kind: input.kind,
          title,
          heldOn: input.heldOn,
          createdAt: new Date(),
        });
        await em.flush();
        if (lines.length > 0) {
          // the attendance in one statement, however long the list
          await em.execute(
            `insert into activity_attendance (tenant_id, activity_id, household_id, participants, youth_participants)
             select ?::uuid, ?::uuid, line.household_id, line.participants, line.youth_participants
             from unnest(?::uuid[], ?::int[], ?::int[]) as line(household_id, participants, youth_participants)`,
            [
              caller.tenantId,
              activity.id,
              uuidArray(lines.map((line) => line.householdId)),
              intArray(lines.map((line) => line.participants)),
              intArray(lines.map((line) => line.youthParticipants)),
            ],
          );
        }
        return activity;
      },
      () => ['input', 'attendance'],
    );
    if (!outcome.ok) return failed(outcome.userErrors);
    context.kpiRefresh.touch(courtyard.id, input.heldOn, 'activity');
    context.noteAudit('Activity', outcome.value.id, { courtyardId: courtyard.id, heldOn: input.heldOn });
    return { activity: ActivityView.of(outcome.value), userErrors: [] };
  }

  /** A courtyard's activities, latest first, optionally those held in a period. */
  async courtyardActivities(
    context: RequestContext,
    courtyardId: string,
    page: Page,
    period: Period | null,
  ): Promise<Connection<ActivityView>> {
    return courtyardRecords(
      context,
      courtyardId,
      {
        entity: Activity,
        table: 'activities',
        orderBy: 'held_on',
        orderType: 'date',
        descending: true,
        keyOf: (row) => row.heldOn,
        where: period ? ['t.held_on between ?::date and ?::date'] : [],
        params: period ? [period.start, period.end] : [],
        variant: period?.key ?? '',
        view: ActivityView.of,
      },
      page,
    );
  }
}

export const activitiesService = new ActivitiesService();
