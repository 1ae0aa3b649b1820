import { randomUUID } from 'node:crypto';
import {
  ApiScope,
  Courtyard,
  decideVote,
  fromGlobalId,
  Household,
  Proposal,
  ProposalStatus,
  Vote,
  VoteChannel,
  type VoteTally,
} from '@xiaoyuan/schema';
import type { RequestContext } from '../../engine/context';
import {
  PG_UNIQUE_VIOLATION,
  postgresErrorCode,
  UserErrorCode,
  UserErrorsThrown,
  type UserError,
  type UserErrors,
} from '../../engine/errors';
import { translate } from '../../engine/i18n';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { toConnection, type Connection, type Page } from '../../engine/pagination';
import { checkOptionalText } from '../../engine/validation';
import { unitOf } from '../hierarchy/hierarchy.service';
import { courtyardUnit } from '../records/courtyard-access';
import type {
  CastVoteInput,
  CloseVotingInput,
  CreateProposalInput,
  OpenVotingInput,
  PublishDecisionInput,
} from './proposals.inputs';
import {
  computeTallies,
  courtyardProposalCounts,
  courtyardProposalPages,
  PROPOSAL_COLUMNS,
  proposalVoteCounts,
  proposalVotePages,
  VOTE_COLUMNS,
} from './proposals.loaders';
import { ProposalView, VoteResultView, VoteView, type ProposalRow, type VoteRow } from './proposals.types';

const MAX_TITLE_LENGTH = 200;
const MAX_DESCRIPTION_LENGTH = 5000;
const MAX_HELPER_NAME_LENGTH = 100;
/** A voting window ends at most this far ahead. */
const MAX_VOTING_DAYS = 366;
/** `unique (tenant_id, proposal_id, household_id)`: one vote per household, also under concurrency. */
const ONE_VOTE_CONSTRAINT = 'votes_tenant_id_proposal_id_household_id_key';

type ProposalPayload = { proposal: ProposalView | null; userErrors: UserError[] };
type VotePayload = { vote: VoteView | null; userErrors: UserError[] };
const failed = (userErrors: UserError[]): ProposalPayload => ({ proposal: null, userErrors });

/** The figures of a tally under the proposal's rule; `passed` as decided now. */
export function resultOf(rule: Proposal['rule'], tally: VoteTally, passed?: boolean | null): VoteResultView {
  const outcome = decideVote(rule, tally);
  return Object.assign(new VoteResultView(), {
    ...outcome,
    passed: passed ?? outcome.passed,
    votesFor: tally.votesFor,
    votesAgainst: tally.votesAgainst,
    votesAbstain: tally.votesAbstain,
  });
}

/**
 * Proposals and votes (议题、表决, DOMAIN.md §5): DRAFT → VOTING (openVoting, with its closing
 * time) → CLOSED (closeVoting stores whether it passed); publishDecision records the publication
 * (公示). One vote per household, enforced by the database's unique key.
 *
 * Concurrency: castVote holds a share lock on the proposal row and open/close/publish an update
 * lock, so a vote is either counted by closeVoting or refused as VOTING_CLOSED, never lost.
 */
export class ProposalsService {
  async createProposal(context: RequestContext, input: CreateProposalInput): Promise<ProposalPayload> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const decoded = fromGlobalId(input.courtyardId);
    const courtyard = decoded?.type === 'Courtyard' ? await context.em.findOne(Courtyard, { id: decoded.id }) : null;
    const field = ['input', 'courtyardId'];
    if (!courtyard) return failed(errors.add(UserErrorCode.NOT_FOUND, field, 'NOT_FOUND').list);
    if (!context.auth.canWriteRecords(courtyardUnit(courtyard)))
      return failed(errors.add(UserErrorCode.FORBIDDEN, field, 'FORBIDDEN').list);
    context.noteAudit('Courtyard', courtyard.id, { tier: input.tier, rule: input.rule });

    const title = (input.title ?? '').trim();
    if (title.length < 1 || title.length > MAX_TITLE_LENGTH)
      errors.add(UserErrorCode.INVALID, ['input', 'title'], 'PROPOSAL_TITLE_INVALID', MAX_TITLE_LENGTH);
    const description = checkOptionalText(errors, ['input', 'description'], input.description, MAX_DESCRIPTION_LENGTH);
    if (errors.any) return failed(errors.list);

    const outcome = await inSavepoint(context, async (em) =>
      persistNew(em, Proposal, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        courtyard: em.getReference(Courtyard, courtyard.id),
        title,
        description,
        tier: input.tier,
        rule: input.rule,
        status: ProposalStatus.DRAFT,
        createdAt: new Date(),
      }),
    );
    if (!outcome.ok) return failed(outcome.userErrors);
    context.noteAudit('Proposal', outcome.value.id, { courtyardId: courtyard.id });
    return { proposal: ProposalView.ofEntity(outcome.value), userErrors: [] };
  }

  async openVoting(context: RequestContext, input: OpenVotingInput): Promise<ProposalPayload> {
    const errors = context.userErrors();
    const proposal = await this.writableProposal(context, errors, input.proposalId, 'update');
    if (!proposal) return failed(errors.list);
    const now = Date.now();
    const closesAt = input.closesAt;
    context.audit.detail.closesAt = closesAt.toISOString();
    if (proposal.status !== ProposalStatus.DRAFT)
      errors.add(UserErrorCode.INVALID, ['input', 'proposalId'], 'PROPOSAL_NOT_DRAFT', proposal.status);
    if (closesAt.getTime() <= now)
      errors.add(UserErrorCode.INVALID, ['input', 'closesAt'], 'PROPOSAL_CLOSES_AT_NOT_FUTURE');
    else if (closesAt.getTime() > now + MAX_VOTING_DAYS * 24 * 3600 * 1000)
      errors.add(UserErrorCode.INVALID, ['input', 'closesAt'], 'PROPOSAL_CLOSES_AT_TOO_FAR', MAX_VOTING_DAYS);
    if (errors.any) return failed(errors.list);
    return this.update(context, proposal, {
      status: ProposalStatus.VOTING,
      votingOpenedAt: new Date(now),
      votingClosesAt: closesAt,
    });
  }

  async castVote(context: RequestContext, input: CastVoteInput): Promise<VotePayload> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    // a share lock: votes do not wait for each other, closeVoting waits for them
    const proposal = await this.writableProposal(context, errors, input.proposalId, 'share');
    if (!proposal) return { vote: null, userErrors: errors.list };
    const code = (input.householdCode ?? '').trim();
    context.audit.detail.householdCode = code;
    context.audit.detail.channel = input.channel;

    const votingOpen =
      proposal.status === ProposalStatus.VOTING &&
      !!proposal.votingClosesAt &&
      Date.now() < proposal.votingClosesAt.getTime();
    if (!votingOpen) errors.add(UserErrorCode.VOTING_CLOSED, ['input', 'proposalId'], 'VOTE_VOTING_CLOSED');
    const [household] = await context.em.execute<{ id: string }[]>(
      `select id from households where courtyard_id = ?::uuid and code = ?`,
      [proposal.courtyard.id, code],
    );
    if (!household)
      errors.add(UserErrorCode.UNKNOWN_HOUSEHOLD, ['input', 'householdCode'], 'VOTE_UNKNOWN_HOUSEHOLD', code);
    const assistedBy = input.assistedBy === null || input.assistedBy === undefined ? null : input.assistedBy.trim();
    if (input.channel === VoteChannel.ASSISTED) {
      if (!assistedBy) errors.add(UserErrorCode.INVALID, ['input', 'assistedBy'], 'VOTE_ASSISTED_BY_REQUIRED');
      else if (assistedBy.length > MAX_HELPER_NAME_LENGTH)
        errors.add(UserErrorCode.INVALID, ['input', 'assistedBy'], 'TEXT_TOO_LONG', MAX_HELPER_NAME_LENGTH);
    } else if (assistedBy !== null) {
      errors.add(UserErrorCode.INVALID, ['input', 'assistedBy'], 'VOTE_ASSISTED_BY_NOT_ALLOWED');
    }
    const alreadyVoted = (): UserError => ({
      code: UserErrorCode.ALREADY_VOTED,
      field: ['input', 'householdCode'],
      message: translate(context.locale, 'VOTE_ALREADY_VOTED', code),
    });
    if (!errors.any) {
      const voted = await context.em.execute(
        `select 1 from votes where proposal_id = ?::uuid and household_id = ?::uuid`,
        [proposal.id, household.id],
      );
      if (voted.length) errors.list.push(alreadyVoted());
    }
    if (errors.any) return { vote: null, userErrors: errors.list };

    const outcome = await inSavepoint(context, async (em) => {
      const vote = persistNew(em, Vote, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        proposal: em.getReference(Proposal, proposal.id),
        household: em.getReference(Household, household.id),
        choice: input.choice,
        channel: input.channel,
        assistedBy: input.channel === VoteChannel.ASSISTED ? assistedBy : null,
        castAt: new Date(),
      });
      try {
        await em.flush();
      } catch (error) {
        // a concurrent vote of the same household committed first: the database's unique key
        // decides, and the answer is the same as for a second vote in sequence
        if (
          postgresErrorCode(error) === PG_UNIQUE_VIOLATION &&
          (error as { constraint?: string }).constraint === ONE_VOTE_CONSTRAINT
        ) {
          throw new UserErrorsThrown([alreadyVoted()]);
        }
        throw error;
      }
      return vote;
    });
    if (!outcome.ok) return { vote: null, userErrors: outcome.userErrors };
    context.noteAudit('Vote', outcome.value.id, { proposalId: proposal.id });
    return { vote: VoteView.ofEntity(outcome.value), userErrors: [] };
  }

  /**
   * Ends voting and stores the outcome (decideVote on tallies summed in SQL). Also for a proposal
   * whose window has passed: voting ended at votingClosesAt, which is then its closedAt.
   */
  async closeVoting(context: RequestContext, input: CloseVotingInput): Promise<ProposalPayload> {
    const errors = context.userErrors();
    const proposal = await this.writableProposal(context, errors, input.proposalId, 'update');
    if (!proposal) return failed(errors.list);
    if (proposal.status !== ProposalStatus.VOTING) {
      return failed(
        errors.add(UserErrorCode.INVALID, ['input', 'proposalId'], 'PROPOSAL_NOT_VOTING', proposal.status).list,
      );
    }
    const tally = (await computeTallies(context.em, [proposal.id])).get(proposal.id)!;
    const { passed } = decideVote(proposal.rule, tally);
    const now = new Date();
    const closedAt = proposal.votingClosesAt && proposal.votingClosesAt < now ? proposal.votingClosesAt : now;
    Object.assign(context.audit.detail, {
      passed,
      votesFor: tally.votesFor,
      votesAgainst: tally.votesAgainst,
      votesAbstain: tally.votesAbstain,
    });
    return this.update(context, proposal, { status: ProposalStatus.CLOSED, closedAt, passed });
  }

  async publishDecision(context: RequestContext, input: PublishDecisionInput): Promise<ProposalPayload> {
    const errors = context.userErrors();
    const proposal = await this.writableProposal(context, errors, input.proposalId, 'update');
    if (!proposal) return failed(errors.list);
    if (proposal.status !== ProposalStatus.CLOSED)
      errors.add(UserErrorCode.INVALID, ['input', 'proposalId'], 'PROPOSAL_NOT_CLOSED');
    else if (proposal.publishedAt)
      errors.add(
        UserErrorCode.INVALID,
        ['input', 'proposalId'],
        'PROPOSAL_ALREADY_PUBLISHED',
        proposal.publishedAt.toISOString(),
      );
    if (errors.any) return failed(errors.list);
    return this.update(context, proposal, { publishedAt: new Date() });
  }

  // ---------------------------------------------------------------- reads

  async proposals(
    context: RequestContext,
    courtyardId: string,
    status: ProposalStatus | null,
    page: Page,
  ): Promise<Connection<ProposalView>> {
    context.requireTenantCaller(ApiScope.RECORDS_READ);
    const [{ nodes, hasNextPage }, total] = await Promise.all([
      courtyardProposalPages(context, status, page).load(courtyardId),
      courtyardProposalCounts(context, status).load(courtyardId),
    ]);
    return toConnection(
      nodes,
      hasNextPage,
      total,
      (node) => node.createdKey,
      (node) => node.proposalId,
    );
  }

  async votes(context: RequestContext, proposalId: string, page: Page): Promise<Connection<VoteView>> {
    context.requireTenantCaller(ApiScope.RECORDS_READ);
    const [{ nodes, hasNextPage }, total] = await Promise.all([
      proposalVotePages(context, page).load(proposalId),
      proposalVoteCounts(context).load(proposalId),
    ]);
    return toConnection(
      nodes,
      hasNextPage,
      total,
      (node) => node.castKey,
      (node) => node.voteId,
    );
  }

  /** A proposal for `node(id)`: null outside the district or what the caller may read. */
  async proposalNode(context: RequestContext, id: string): Promise<ProposalView | null> {
    const [row] = await context.em.execute<ProposalRow[]>(
      `select ${PROPOSAL_COLUMNS} from proposals p where p.id = ?::uuid`,
      [id],
    );
    return row && (await this.readable(context, row.courtyard_id)) ? ProposalView.ofRow(row) : null;
  }

  async voteNode(context: RequestContext, id: string): Promise<VoteView | null> {
    const [row] = await context.em.execute<(VoteRow & { courtyard_id: string })[]>(
      `select ${VOTE_COLUMNS}, p.courtyard_id from votes v join proposals p on p.id = v.proposal_id where v.id = ?::uuid`,
      [id],
    );
    return row && (await this.readable(context, row.courtyard_id)) ? VoteView.ofRow(row) : null;
  }

  // ---------------------------------------------------------------- helpers

  private async readable(context: RequestContext, courtyardId: string): Promise<boolean> {
    const courtyard = await context.em.findOne(Courtyard, { id: courtyardId });
    return !!courtyard && context.auth.canRead(unitOf(courtyard));
  }

  /**
   * The proposal, locked (`update` for changes of the proposal, `share` for votes) and read after
   * the lock: NOT_FOUND when the district has none, FORBIDDEN outside the caller's scope.
   */
  private async writableProposal(
    context: RequestContext,
    errors: UserErrors,
    globalId: string,
    lock: 'update' | 'share',
  ): Promise<Proposal | null> {
    context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const field = ['input', 'proposalId'];
    const decoded = fromGlobalId(globalId);
    const locked =
      decoded?.type === 'Proposal'
        ? await context.em.execute(`select 1 from proposals where id = ?::uuid for ${lock}`, [decoded.id])
        : [];
    const proposal = locked.length
      ? await context.em.findOne(Proposal, { id: decoded!.id }, { populate: ['courtyard'], refresh: true })
      : null;
    if (!proposal) {
      errors.add(UserErrorCode.NOT_FOUND, field, 'NOT_FOUND');
      return null;
    }
    context.noteAudit('Proposal', proposal.id);
    if (!context.auth.canWriteRecords(courtyardUnit(proposal.courtyard))) {
      errors.add(UserErrorCode.FORBIDDEN, field, 'FORBIDDEN');
      return null;
    }
    return proposal;
  }

  private async update(
    context: RequestContext,
    proposal: Proposal,
    changes: Partial<Proposal>,
  ): Promise<ProposalPayload> {
    const outcome = await inSavepoint(context, async (em) => {
      const managed = await em.findOneOrFail(Proposal, { id: proposal.id });
      Object.assign(managed, changes);
      return managed;
    });
    if (!outcome.ok) return failed(outcome.userErrors);
    return { proposal: ProposalView.ofEntity(outcome.value), userErrors: [] };
  }
}

export const proposalsService = new ProposalsService();
