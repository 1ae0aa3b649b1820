import { DateTimeScalar, ProposalTier, VoteChannel, VoteChoice, VotingRule } from '@xiaoyuan/schema';
import { Field, ID, InputType } from 'type-graphql';

@InputType('CreateProposalInput')
export class CreateProposalInput {
  @Field(() => ID)
  courtyardId!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ProposalTier)
  tier!: ProposalTier;

  @Field(() => VotingRule)
  rule!: VotingRule;
}

@InputType('OpenVotingInput')
export class OpenVotingInput {
  @Field(() => ID)
  proposalId!: string;

  @Field(() => DateTimeScalar, { description: 'In the future, at most a year ahead.' })
  closesAt!: Date;
}

@InputType('CastVoteInput')
export class CastVoteInput {
  @Field(() => ID)
  proposalId!: string;

  @Field(() => String, { description: "A household of the proposal's courtyard." })
  householdCode!: string;

  @Field(() => VoteChoice)
  choice!: VoteChoice;

  @Field(() => VoteChannel)
  channel!: VoteChannel;

  @Field(() => String, {
    nullable: true,
    description: 'The digital helper (数字助老员) casting an ASSISTED vote: required for ASSISTED, absent otherwise.',
  })
  assistedBy?: string | null;
}

@InputType('CloseVotingInput')
export class CloseVotingInput {
  @Field(() => ID)
  proposalId!: string;
}

@InputType('PublishDecisionInput')
export class PublishDecisionInput {
  @Field(() => ID)
  proposalId!: string;
}
