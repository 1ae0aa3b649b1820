import { Courtyard, PeriodScalar } from '@xiaoyuan/schema';
import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../engine/context';
import { PageArgs, pageOf } from '../../../engine/pagination';
import { courtyardById } from '../../hierarchy/hierarchy.loaders';
import { periodArgument } from '../../../engine/validation';
import { RecordActivityInput } from './activities.inputs';
import { attendancePages, attendanceTotals, toAttendanceConnection } from './activities.loaders';
import { activitiesService } from './activities.service';
import { ActivityConnection, ActivityView, AttendanceConnection, RecordActivityPayload } from './activities.types';

@Resolver()
export class ActivitiesResolver {
  @Mutation(() => RecordActivityPayload, {
    description: 'All or nothing: one unknown household or bad line and nothing is stored.',
  })
  recordActivity(@Arg('input', () => RecordActivityInput) input: RecordActivityInput, @Ctx() context: RequestContext) {
    return activitiesService.recordActivity(context, input);
  }
}

@Resolver(() => ActivityView)
export class ActivityFieldsResolver {
  @FieldResolver(() => Int, { description: 'Households with at least one participant.' })
  async attendeeHouseholdCount(@Root() activity: ActivityView, @Ctx() context: RequestContext) {
    return (await attendanceTotals(context).load(activity.rowId)).households;
  }

  @FieldResolver(() => Int, { description: 'People who took part, all households together.' })
  async participants(@Root() activity: ActivityView, @Ctx() context: RequestContext) {
    return (await attendanceTotals(context).load(activity.rowId)).participants;
  }

  @FieldResolver(() => Int, { description: 'Of the participants, youth aged 18–45.' })
  async youthParticipants(@Root() activity: ActivityView, @Ctx() context: RequestContext) {
    return (await attendanceTotals(context).load(activity.rowId)).youthParticipants;
  }

  @FieldResolver(() => AttendanceConnection, { description: 'Attendance by household code.' })
  async attendance(
    @Root() activity: ActivityView,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() context: RequestContext,
  ) {
    const page = pageOf(args);
    const [lines, totals] = await Promise.all([
      attendancePages(context, page).load(activity.rowId),
      attendanceTotals(context).load(activity.rowId),
    ]);
    return toAttendanceConnection(lines, totals.households);
  }

  @FieldResolver(() => Courtyard)
  courtyard(@Root() activity: ActivityView, @Ctx() context: RequestContext) {
    return courtyardById(context).load(activity.courtyardId);
  }
}

@Resolver(() => Courtyard)
export class CourtyardActivitiesResolver {
  @FieldResolver(() => ActivityConnection, {
    description: 'Activities of the courtyard, latest first; with `period`, those held in it.',
  })
  activities(
    @Root() courtyard: Courtyard,
    @Args(() => PageArgs) args: PageArgs,
    @Arg('period', () => PeriodScalar, { nullable: true }) period: string | null,
    @Ctx() context: RequestContext,
  ) {
    return activitiesService.courtyardActivities(
      context,
      courtyard.id,
      pageOf(args),
      period ? periodArgument(period) : null,
    );
  }
}
