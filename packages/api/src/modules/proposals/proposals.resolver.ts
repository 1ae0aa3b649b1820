import { Courtyard, Household, ProposalStatus } from '@xiaoyuan/schema';
import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { PageArgs, pageOf } from '../../engine/pagination';
import { courtyardById, householdById } from '../hierarchy/hierarchy.loaders';
import {
  CastVoteInput,
  CloseVotingInput,
  CreateProposalInput,
  OpenVotingInput,
  PublishDecisionInput,
} from './proposals.inputs';
import { proposalById, proposalTallies } from './proposals.loaders';
import { proposalsService, resultOf } from './proposals.service';
import {
  CastVotePayload,
  CourtyardProposalsArgs,
  ProposalConnection,
  ProposalPayload,
  ProposalView,
  VoteConnection,
  VoteResultView,
  VoteView,
} from './proposals.types';

@Resolver()
export class ProposalsResolver {
  @Mutation(() => ProposalPayload, { description: 'A proposal (议题) of a courtyard, as a DRAFT.' })
  createProposal(@Arg('input', () => CreateProposalInput) input: CreateProposalInput, @Ctx() context: RequestContext) {
    return proposalsService.createProposal(context, input);
  }

  @Mutation(() => ProposalPayload, { description: 'DRAFT → VOTING until closesAt (in the future).' })
  openVoting(@Arg('input', () => OpenVotingInput) input: OpenVotingInput, @Ctx() context: RequestContext) {
    return proposalsService.openVoting(context, input);
  }

  @Mutation(() => CastVotePayload, {
    description: 'One vote per household: a second one is ALREADY_VOTED, also under concurrency.',
  })
  castVote(@Arg('input', () => CastVoteInput) input: CastVoteInput, @Ctx() context: RequestContext) {
    return proposalsService.castVote(context, input);
  }

  @Mutation(() => ProposalPayload, {
    description: 'VOTING → CLOSED, storing whether the proposal passed under its rule (also after closesAt).',
  })
  closeVoting(@Arg('input', () => CloseVotingInput) input: CloseVotingInput, @Ctx() context: RequestContext) {
    return proposalsService.closeVoting(context, input);
  }

  @Mutation(() => ProposalPayload, { description: "Records the publication (公示) of a CLOSED proposal's decision." })
  publishDecision(
    @Arg('input', () => PublishDecisionInput) input: PublishDecisionInput,
    @Ctx() context: RequestContext,
  ) {
    return proposalsService.publishDecision(context, input);
  }
}

@Resolver(() => ProposalView)
export class ProposalFieldsResolver {
  @FieldResolver(() => VoteResultView, {
    nullable: true,
    description: 'The result of a CLOSED proposal (passed as stored by closeVoting); null before.',
  })
  async result(@Root() proposal: ProposalView, @Ctx() context: RequestContext) {
    if (proposal.status !== ProposalStatus.CLOSED) return null;
    const tally = await proposalTallies(context).load(proposal.proposalId);
    return tally ? resultOf(proposal.rule, tally, proposal.passed) : null;
  }

  @FieldResolver(() => VoteResultView, {
    nullable: true,
    description: 'The tally so far (provisional while VOTING: passed as if voting closed now); null for a DRAFT.',
  })
  async tally(@Root() proposal: ProposalView, @Ctx() context: RequestContext) {
    if (proposal.status === ProposalStatus.DRAFT) return null;
    const tally = await proposalTallies(context).load(proposal.proposalId);
    return tally
      ? resultOf(proposal.rule, tally, proposal.status === ProposalStatus.CLOSED ? proposal.passed : null)
      : null;
  }

  @FieldResolver(() => VoteConnection, { description: 'Votes in the order they were cast.' })
  votes(@Root() proposal: ProposalView, @Args(() => PageArgs) page: PageArgs, @Ctx() context: RequestContext) {
    return proposalsService.votes(context, proposal.proposalId, pageOf(page));
  }

  @FieldResolver(() => Courtyard)
  courtyard(@Root() proposal: ProposalView, @Ctx() context: RequestContext) {
    return courtyardById(context).load(proposal.courtyardId);
  }
}

@Resolver(() => VoteView)
export class VoteFieldsResolver {
  @FieldResolver(() => Household)
  household(@Root() vote: VoteView, @Ctx() context: RequestContext) {
    return householdById(context).load(vote.householdId);
  }

  @FieldResolver(() => ProposalView)
  proposal(@Root() vote: VoteView, @Ctx() context: RequestContext) {
    return proposalById(context).load(vote.proposalId);
  }
}

@Resolver(() => Courtyard)
export class CourtyardProposalsResolver {
  @FieldResolver(() => ProposalConnection, {
    description: 'Proposals of the courtyard, newest first, optionally of one status.',
  })
  proposals(
    @Root() courtyard: Courtyard,
    @Args(() => CourtyardProposalsArgs) args: CourtyardProposalsArgs,
    @Ctx() context: RequestContext,
  ) {
    return proposalsService.proposals(context, courtyard.id, args.status ?? null, pageOf(args));
  }
}

export const PROPOSALS_RESOLVERS = [
  ProposalsResolver,
  ProposalFieldsResolver,
  VoteFieldsResolver,
  CourtyardProposalsResolver,
] as const;
