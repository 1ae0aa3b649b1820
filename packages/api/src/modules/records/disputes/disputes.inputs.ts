import { DisputeCategory, LocalDateScalar, ResolutionChannel } from '@xiaoyuan/schema';
import { Field, ID, InputType } from 'type-graphql';

@InputType('RegisterDisputeInput')
export class RegisterDisputeInput {
  @Field(() => ID)
  courtyardId!: string;

  @Field(() => DisputeCategory)
  category!: DisputeCategory;

  @Field(() => LocalDateScalar)
  reportedOn!: string;

  @Field(() => String, { nullable: true })
  summary?: string | null;
}

@InputType('ResolveDisputeInput')
export class ResolveDisputeInput {
  @Field(() => ID)
  disputeId!: string;

  @Field(() => LocalDateScalar)
  resolvedOn!: string;

  @Field(() => ResolutionChannel)
  channel!: ResolutionChannel;

  @Field(() => String, { nullable: true, description: 'How it was resolved (the resolution note).' })
  note?: string | null;
}
