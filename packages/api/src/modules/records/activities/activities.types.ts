import {
  Activity,
  ActivityKind,
  DateTimeScalar,
  Household,
  LocalDateScalar,
  NodeInterface,
  toGlobalId,
} from '@xiaoyuan/schema';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../../engine/errors';
import { connectionType } from '../../../engine/pagination';

/** An activity of a courtyard (议事会、文化活动、志愿服务、培训). */
@ObjectType('Activity', { implements: NodeInterface })
export class ActivityView {
  /** the activities row */
  rowId!: string;
  courtyardId!: string;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Activity', this.rowId);
  }

  @Field(() => ActivityKind)
  kind!: ActivityKind;

  @Field(() => String)
  title!: string;

  @Field(() => LocalDateScalar)
  heldOn!: string;

  @Field(() => DateTimeScalar, { description: 'When the record was entered.' })
  recordedAt!: Date;

  static of(activity: Activity): ActivityView {
    const view = new ActivityView();
    view.rowId = activity.id;
    view.courtyardId = activity.courtyard.id;
    view.kind = activity.kind;
    view.title = activity.title;
    view.heldOn = activity.heldOn;
    view.recordedAt = activity.createdAt;
    return view;
  }
}

/** A household's attendance at an activity. */
@ObjectType('Attendance')
export class AttendanceView {
  @Field(() => Household)
  household!: Household;

  @Field(() => String)
  householdCode!: string;

  @Field(() => Int)
  participants!: number;

  @Field(() => Int, { description: 'Of the participants, youth aged 18–45.' })
  youthParticipants!: number;
}

export const ActivityConnection = connectionType('Activity', ActivityView);
export const AttendanceConnection = connectionType('Attendance', AttendanceView);

@ObjectType('RecordActivityPayload')
export class RecordActivityPayload {
  @Field(() => ActivityView, { nullable: true })
  activity!: ActivityView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
