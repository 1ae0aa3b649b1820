import { ActivityKind, LocalDateScalar } from '@xiaoyuan/schema';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('AttendanceInput')
export class AttendanceInput {
  /** a household of the activity's courtyard, by its code (e.g. "3-201") */
  @Field(() => String)
  householdCode!: string;

  @Field(() => Int, { nullable: true, description: 'People of the household who took part; 1 when left out.' })
  participants?: number | null;

  @Field(() => Int, { nullable: true, description: 'Of them, youth aged 18–45; 0 when left out.' })
  youthParticipants?: number | null;
}

@InputType('RecordActivityInput')
export class RecordActivityInput {
  @Field(() => ID)
  courtyardId!: string;

  @Field(() => ActivityKind)
  kind!: ActivityKind;

  @Field(() => String)
  title!: string;

  @Field(() => LocalDateScalar)
  heldOn!: string;

  @Field(() => [AttendanceInput], { description: 'May be empty: an activity whose attendance was not recorded.' })
  attendance!: AttendanceInput[];
}
