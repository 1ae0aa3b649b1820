import type { EntityManager } from '@mikro-orm/postgresql';
import { type ProposalStatus, type VoteTally, uuidArray } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../engine/context';
import { badUserInput } from '../../engine/errors';
import { parentPages, type Page } from '../../engine/pagination';
import { ProposalView, VoteView, type ProposalRow } from './proposals.types';

// Per-request DataLoaders of proposals and votes: tallies, pages and lookups of a list of
// proposals are one set-based query each.

const MICROSECONDS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/** Columns of `proposals p` as `ProposalRow`. */
export const PROPOSAL_COLUMNS = `p.id, p.courtyard_id, p.title, p.description, p.tier, p.rule, p.status, p.voting_opened_at,
  p.voting_closes_at, p.closed_at, p.published_at, p.passed, p.created_at,
  to_char(p.created_at at time zone 'UTC', ${MICROSECONDS}) as created_key`;

/** Columns of `votes v` as `VoteRow`. */
export const VOTE_COLUMNS = `v.id, v.proposal_id, v.household_id, v.choice, v.channel, v.assisted_by, v.cast_at,
  to_char(v.cast_at at time zone 'UTC', ${MICROSECONDS}) as cast_key`;

/**
 * Tallies of proposals, summed in SQL: votes and floor areas by choice (areas numeric(10,2) in
 * exact integer hundredths of a m²), the courtyard's census householdCount and the floor area of
 * all its registered households.
 */
export async function computeTallies(
  em: EntityManager,
  proposalIds: readonly string[],
): Promise<Map<string, VoteTally>> {
  const rows = await em.execute<Record<string, string | number>[]>(
    `select p.id as proposal_id, c.household_count,
       count(v.id) filter (where v.choice = 'FOR') as votes_for,
       count(v.id) filter (where v.choice = 'AGAINST') as votes_against,
       count(v.id) filter (where v.choice = 'ABSTAIN') as votes_abstain,
       coalesce(sum(round(h.area_sqm * 100)) filter (where v.choice = 'FOR'), 0)::bigint as area_for,
       coalesce(sum(round(h.area_sqm * 100)) filter (where v.choice = 'AGAINST'), 0)::bigint as area_against,
       coalesce(sum(round(h.area_sqm * 100)) filter (where v.choice = 'ABSTAIN'), 0)::bigint as area_abstain,
       (select coalesce(sum(round(r.area_sqm * 100)), 0)::bigint from households r where r.courtyard_id = p.courtyard_id) as total_area
     from proposals p
     join courtyards c on c.id = p.courtyard_id
     left join votes v on v.proposal_id = p.id
     left join households h on h.id = v.household_id
     where p.id = any(?::uuid[])
     group by p.id, p.courtyard_id, c.household_count`,
    [uuidArray(proposalIds)],
  );
  return new Map(
    rows.map((row) => [
      String(row.proposal_id),
      {
        votesFor: Number(row.votes_for),
        votesAgainst: Number(row.votes_against),
        votesAbstain: Number(row.votes_abstain),
        areaFor: Number(row.area_for),
        areaAgainst: Number(row.area_against),
        areaAbstain: Number(row.area_abstain),
        householdCount: Number(row.household_count),
        totalArea: Number(row.total_area),
      },
    ]),
  );
}

export function proposalTallies(context: RequestContext) {
  return context.loader<string, VoteTally | null>(
    'proposal-tallies',
    () =>
      new DataLoader((ids) =>
        context.serially(async () => {
          const tallies = await computeTallies(context.em, ids);
          return ids.map((id) => tallies.get(id) ?? null);
        }),
      ),
  );
}

export function proposalById(context: RequestContext) {
  return context.loader<string, ProposalView | null>(
    'proposal-by-id',
    () =>
      new DataLoader((ids) =>
        context.serially(async () => {
          const rows = await context.em.execute<ProposalRow[]>(
            `select ${PROPOSAL_COLUMNS} from proposals p where p.id = any(?::uuid[])`,
            [uuidArray([...ids])],
          );
          const found = new Map(rows.map((row) => [row.id, ProposalView.ofRow(row)]));
          return ids.map((id) => found.get(id) ?? null);
        }),
      ),
  );
}

const INSTANT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,6}Z$/;

/** The cursor's instant and id, checked. */
function instantAfter(page: Page): string[] | null {
  if (!page.after) return null;
  if (!INSTANT_KEY.test(page.after.key)) throw badUserInput('"after" is not a cursor of this list');
  return [page.after.key, page.after.id];
}

/** A page of each courtyard's proposals (optionally of one status), newest first. */
export function courtyardProposalPages(context: RequestContext, status: ProposalStatus | null, page: Page) {
  return parentPages(context, {
    name: `courtyard-proposals:${status ?? ''}`,
    page,
    after: instantAfter(page),
    query: {
      columns: PROPOSAL_COLUMNS,
      from: 'proposals p',
      where: status ? ['p.status = ?'] : [],
      params: status ? [status] : [],
      orderBy: [
        { sql: 'p.created_at', type: 'timestamptz' },
        { sql: 'p.id', type: 'uuid' },
      ],
      descending: true,
    },
    parent: 'p.courtyard_id',
    node: ProposalView.ofRow,
  });
}

export function courtyardProposalCounts(context: RequestContext, status: ProposalStatus | null) {
  return context.loader<string, number>(
    `courtyard-proposal-counts:${status ?? ''}`,
    () =>
      new DataLoader((courtyardIds) =>
        context.serially(async () => {
          const rows = await context.em.execute<{ courtyard_id: string; count: string }[]>(
            `select courtyard_id, count(*) as count from proposals where courtyard_id = any(?::uuid[]) ${status ? 'and status = ?' : ''} group by courtyard_id`,
            status ? [uuidArray([...courtyardIds]), status] : [uuidArray([...courtyardIds])],
          );
          const counts = new Map(rows.map((row) => [row.courtyard_id, Number(row.count)]));
          return courtyardIds.map((id) => counts.get(id) ?? 0);
        }),
      ),
  );
}

/** A page of each proposal's votes, in the order they were cast. */
export function proposalVotePages(context: RequestContext, page: Page) {
  return parentPages(context, {
    name: 'proposal-votes',
    page,
    after: instantAfter(page),
    query: {
      columns: VOTE_COLUMNS,
      from: 'votes v',
      where: [],
      params: [],
      orderBy: [
        { sql: 'v.cast_at', type: 'timestamptz' },
        { sql: 'v.id', type: 'uuid' },
      ],
    },
    parent: 'v.proposal_id',
    node: VoteView.ofRow,
  });
}

export function proposalVoteCounts(context: RequestContext) {
  return context.loader<string, number>(
    'proposal-vote-counts',
    () =>
      new DataLoader((proposalIds) =>
        context.serially(async () => {
          const rows = await context.em.execute<{ proposal_id: string; count: string }[]>(
            `select proposal_id, count(*) as count from votes where proposal_id = any(?::uuid[]) group by proposal_id`,
            [uuidArray([...proposalIds])],
          );
          const counts = new Map(rows.map((row) => [row.proposal_id, Number(row.count)]));
          return proposalIds.map((id) => counts.get(id) ?? 0);
        }),
      ),
  );
}
