import { IdleSpaceStatus, LocalDateScalar } from '@xiaoyuan/schema';
import { Field, Float, ID, InputType } from 'type-graphql';

@InputType('RegisterIdleSpaceInput')
export class RegisterIdleSpaceInput {
  @Field(() => ID)
  courtyardId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Float, { description: 'm², greater than 0, at most two decimals.' })
  areaSqm!: number;

  @Field(() => LocalDateScalar, { description: 'The date it was found idle: its history starts IDLE on this date.' })
  registeredOn!: string;
}

@InputType('ChangeIdleSpaceStatusInput')
export class ChangeIdleSpaceStatusInput {
  @Field(() => ID)
  idleSpaceId!: string;

  @Field(() => IdleSpaceStatus)
  status!: IdleSpaceStatus;

  @Field(() => LocalDateScalar)
  changedOn!: string;

  @Field(() => String, { nullable: true, description: "The new use (garden, elders' room…); required for UTILIZED." })
  newUse?: string | null;
}
