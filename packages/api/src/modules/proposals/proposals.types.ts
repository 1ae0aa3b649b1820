import {
  DateTimeScalar,
  NodeInterface,
  Proposal,
  ProposalStatus,
  ProposalTier,
  toGlobalId,
  Vote,
  VoteChannel,
  VoteChoice,
  VotingRule,
} from '@xiaoyuan/schema';
import { ArgsType, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';
import { connectionType, PageArgs } from '../../engine/pagination';

/** Publication (公示) within this long of the close of voting is "on time" (DOMAIN.md §5). */
export const PUBLICATION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A timestamptz of a raw SQL row (the driver hands them over as text) as a `Date`. */
export function instant(value: Date | string | null): Date | null {
  return value === null ? null : value instanceof Date ? value : new Date(value);
}

/** A `proposals` row as read by raw SQL (see `PROPOSAL_COLUMNS`). */
export interface ProposalRow {
  id: string;
  courtyard_id: string;
  title: string;
  description: string | null;
  tier: ProposalTier;
  rule: VotingRule;
  status: ProposalStatus;
  voting_opened_at: Date | string | null;
  voting_closes_at: Date | string | null;
  closed_at: Date | string | null;
  published_at: Date | string | null;
  passed: boolean | null;
  created_at: Date | string;
  /** created_at in UTC with microseconds: the exact sort key of a page cursor */
  created_key: string;
}

/** The outcome of a vote under its rule (DOMAIN.md §5), from tallies summed in SQL. */
@ObjectType('VoteResult')
export class VoteResultView {
  @Field(() => Boolean)
  passed!: boolean;

  @Field(() => Int)
  votesFor!: number;

  @Field(() => Int)
  votesAgainst!: number;

  @Field(() => Int)
  votesAbstain!: number;

  @Field(() => Float, { description: "Voting households / the courtyard's householdCount." })
  participationByCount!: number;

  @Field(() => Float, { description: 'Floor area of the voting households / that of all registered households.' })
  participationByArea!: number;

  @Field(() => Float, { description: 'FOR among the votes cast (abstentions count as cast).' })
  approvalByCount!: number;

  @Field(() => Float, { description: 'Floor area voting FOR / floor area of the votes cast.' })
  approvalByArea!: number;
}

/** A proposal (议题) put to a courtyard's vote. */
@ObjectType('Proposal', { implements: NodeInterface })
export class ProposalView {
  proposalId!: string;
  courtyardId!: string;
  /** the outcome stored by closeVoting */
  passed!: boolean | null;
  createdKey!: string;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Proposal', this.proposalId);
  }

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => ProposalTier)
  tier!: ProposalTier;

  @Field(() => VotingRule)
  rule!: VotingRule;

  @Field(() => ProposalStatus, {
    description:
      'As recorded: a VOTING proposal past votingClosesAt takes no votes (see votingOpen) until closeVoting records its result.',
  })
  status!: ProposalStatus;

  @Field(() => DateTimeScalar, { nullable: true })
  votingOpenedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  votingClosesAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When voting ended: closeVoting, or votingClosesAt when that came first.',
  })
  closedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the decision was published (公示).' })
  publishedAt!: Date | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => Boolean, { description: 'Votes are taken now: VOTING and before votingClosesAt.' })
  get votingOpen(): boolean {
    return this.status === ProposalStatus.VOTING && !!this.votingClosesAt && Date.now() < this.votingClosesAt.getTime();
  }

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Published within 24 hours of closing; false once 24 hours passed unpublished; null before closing or while still within the window.',
  })
  get publishedWithin24h(): boolean | null {
    if (!this.closedAt) return null;
    const deadline = this.closedAt.getTime() + PUBLICATION_WINDOW_MS;
    if (this.publishedAt) return this.publishedAt.getTime() <= deadline;
    return Date.now() > deadline ? false : null;
  }

  static ofRow(row: ProposalRow): ProposalView {
    return Object.assign(new ProposalView(), {
      proposalId: row.id,
      courtyardId: row.courtyard_id,
      passed: row.passed,
      createdKey: row.created_key,
      title: row.title,
      description: row.description,
      tier: row.tier,
      rule: row.rule,
      status: row.status,
      votingOpenedAt: instant(row.voting_opened_at),
      votingClosesAt: instant(row.voting_closes_at),
      closedAt: instant(row.closed_at),
      publishedAt: instant(row.published_at),
      createdAt: instant(row.created_at)!,
    });
  }

  static ofEntity(proposal: Proposal): ProposalView {
    return Object.assign(new ProposalView(), {
      proposalId: proposal.id,
      courtyardId: proposal.courtyard.id,
      passed: proposal.passed ?? null,
      createdKey: proposal.createdAt.toISOString(),
      title: proposal.title,
      description: proposal.description ?? null,
      tier: proposal.tier,
      rule: proposal.rule,
      status: proposal.status,
      votingOpenedAt: proposal.votingOpenedAt ?? null,
      votingClosesAt: proposal.votingClosesAt ?? null,
      closedAt: proposal.closedAt ?? null,
      publishedAt: proposal.publishedAt ?? null,
      createdAt: proposal.createdAt,
    });
  }
}

/** A `votes` row as read by raw SQL (see `VOTE_COLUMNS`). */
export interface VoteRow {
  id: string;
  proposal_id: string;
  household_id: string;
  choice: VoteChoice;
  channel: VoteChannel;
  assisted_by: string | null;
  cast_at: Date | string;
  cast_key: string;
}

/** A household's vote on a proposal. */
@ObjectType('Vote', { implements: NodeInterface })
export class VoteView {
  voteId!: string;
  proposalId!: string;
  householdId!: string;
  castKey!: string;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Vote', this.voteId);
  }

  @Field(() => VoteChoice)
  choice!: VoteChoice;

  @Field(() => VoteChannel)
  channel!: VoteChannel;

  @Field(() => String, { nullable: true, description: 'The digital helper (数字助老员) who cast an ASSISTED vote.' })
  assistedBy!: string | null;

  @Field(() => DateTimeScalar)
  castAt!: Date;

  static ofRow(row: VoteRow): VoteView {
    return Object.assign(new VoteView(), {
      voteId: row.id,
      proposalId: row.proposal_id,
      householdId: row.household_id,
      castKey: row.cast_key,
      choice: row.choice,
      channel: row.channel,
      assistedBy: row.assisted_by,
      castAt: instant(row.cast_at)!,
    });
  }

  static ofEntity(vote: Vote): VoteView {
    return Object.assign(new VoteView(), {
      voteId: vote.id,
      proposalId: vote.proposal.id,
      householdId: vote.household.id,
      castKey: vote.castAt.toISOString(),
      choice: vote.choice,
      channel: vote.channel,
      assistedBy: vote.assistedBy ?? null,
      castAt: vote.castAt,
    });
  }
}

export const ProposalConnection = connectionType('Proposal', ProposalView);
export const VoteConnection = connectionType('Vote', VoteView);

@ArgsType()
export class CourtyardProposalsArgs extends PageArgs {
  @Field(() => ProposalStatus, { nullable: true })
  status?: ProposalStatus | null;
}

@ObjectType('ProposalPayload')
export class ProposalPayload {
  @Field(() => ProposalView, { nullable: true })
  proposal!: ProposalView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('CastVotePayload')
export class CastVotePayload {
  @Field(() => VoteView, { nullable: true })
  vote!: VoteView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
