import { DEFAULT_RULE_FOR_TIER, ProposalTier, decideVote } from '@xiaoyuan/schema';
import { addDays, addHours, at, daysBetween, hoursBetween, maxText, minText } from './demo-calendar';
import { HELPER_GIVEN_NAMES, HELPER_SURNAMES, PROPOSAL_TEMPLATES, type ProposalTemplate } from './demo-words';
import type { CourtyardProfile, DemoContext, DemoCourtyard, ProposalRow, VoteRow } from './demo-records.types';

const voteDescription = (template: ProposalTemplate) => `关于${template.title}的议题，请各户在表决期内投票。`;

/** A new proposal row's id and the columns it takes from its template. */
function proposalOf(context: DemoContext, courtyard: DemoCourtyard, template: ProposalTemplate, description: string) {
  return {
    id: context.newId(),
    courtyard_id: courtyard.id,
    title: template.title,
    description,
    tier: template.tier,
    rule: DEFAULT_RULE_FOR_TIER[template.tier],
  };
}

/**
 * Proposals and votes: a few closed ones per courtyard (more in the pilot batch), each with votes
 * of a share of the households over its window and `passed` decided by `decideVote` from exactly
 * those votes; in some courtyards one proposal still voting (closing in the next days), in a few
 * one draft.
 */
export function planProposals(
  context: DemoContext,
  profiles: readonly CourtyardProfile[],
): { proposals: ProposalRow[]; votes: VoteRow[] } {
  const { random, today, nowLocal } = context;
  const proposals: ProposalRow[] = [];
  const votes: VoteRow[] = [];

  for (const profile of profiles) {
    const { courtyard } = profile;
    const helpers = Array.from(
      { length: random.integer(1, 2) },
      () => `数字助老员 ${random.pick(HELPER_SURNAMES)}${random.pick(HELPER_GIVEN_NAMES)}`,
    );
    const templates = random.shuffle(PROPOSAL_TEMPLATES);
    let closedCount = profile.batch === 1 ? random.integer(2, 5) : random.integer(0, 2);
    if (profile.lagging) closedCount = Math.max(profile.batch === 1 ? 1 : 0, closedCount - 2);
    const openFrom = addDays(profile.enrolledOn, 20);
    const openTo = addDays(today, -16); // a window of at most 14 days has closed by yesterday
    const openDates =
      daysBetween(openFrom, openTo) >= 0
        ? Array.from({ length: closedCount }, () =>
            addDays(openFrom, random.integer(0, daysBetween(openFrom, openTo))),
          ).sort()
        : [];

    openDates.forEach((openDate, index) => {
      const template = templates[index % templates.length];
      const rule = DEFAULT_RULE_FOR_TIER[template.tier];
      const openedAt = at(openDate, random.integer(8, 11));
      const closesAt = at(addDays(openDate, random.pick([7, 10, 14])), 20);
      // now and then the committee closes the vote by hand a little early
      const closedAt = random.chance(0.15) ? at(addDays(closesAt.slice(0, 10), -random.integer(1, 3)), 18) : closesAt;
      const roll = random.next();
      const publishedAfter = roll < 0.82 ? random.decimal(1, 22) : roll < 0.93 ? random.decimal(26, 96) : null;
      const publishedAt = publishedAfter === null ? null : addHours(closedAt, publishedAfter);
      const proposal: ProposalRow = {
        ...proposalOf(context, courtyard, template, voteDescription(template)),
        status: 'CLOSED',
        voting_opened_at: openedAt,
        voting_closes_at: closesAt,
        closed_at: closedAt,
        published_at: publishedAt !== null && publishedAt <= nowLocal ? publishedAt : null,
        passed: null,
        created_at: at(addDays(openDate, -random.integer(1, 5)), random.decimal(9, 17)),
      };
      const cast = castVotes(context, profile, proposal, template, helpers, closedAt, 1);
      proposal.passed = decideVote(rule, tally(courtyard, cast)).passed;
      proposals.push(proposal);
      votes.push(...cast);
    });

    // one still voting, closing within the next days
    const enrolledDays = daysBetween(profile.enrolledOn, today);
    if (!profile.lagging && enrolledDays >= 10 && random.chance(profile.batch === 1 ? 0.45 : 0.25)) {
      const template = templates[openDates.length % templates.length];
      const openedAt = maxText(addHours(nowLocal, -random.decimal(20, 96)), at(profile.enrolledOn, 9));
      const closesAt = at(addDays(today, random.integer(2, 10)), 20);
      const proposal: ProposalRow = {
        ...proposalOf(context, courtyard, template, voteDescription(template)),
        status: 'VOTING',
        voting_opened_at: openedAt,
        voting_closes_at: closesAt,
        closed_at: null,
        published_at: null,
        passed: null,
        created_at: addHours(openedAt, -random.decimal(24, 72)),
      };
      const elapsed = hoursBetween(openedAt, nowLocal) / hoursBetween(openedAt, closesAt);
      proposals.push(proposal);
      votes.push(...castVotes(context, profile, proposal, template, helpers, nowLocal, Math.min(1, 0.3 + elapsed)));
    }

    if (enrolledDays >= 10 && random.chance(0.1)) {
      const template = templates[(openDates.length + 1) % templates.length];
      proposals.push({
        ...proposalOf(context, courtyard, template, '草稿：待自治委员会审议后发起表决。'),
        status: 'DRAFT',
        voting_opened_at: null,
        voting_closes_at: null,
        closed_at: null,
        published_at: null,
        passed: null,
        created_at: addHours(nowLocal, -random.decimal(2, 120)),
      });
    }
  }
  return { proposals, votes };
}

function castVotes(
  context: DemoContext,
  profile: CourtyardProfile,
  proposal: ProposalRow,
  template: ProposalTemplate,
  helpers: readonly string[],
  castUntil: string,
  shareOfTurnout: number,
): VoteRow[] {
  const { random } = context;
  const civilCode = template.tier !== ProposalTier.MINOR;
  let turnout = civilCode ? random.decimal(0.55, 0.92) : random.decimal(0.35, 0.8);
  if (profile.lagging) turnout *= 0.75;
  const approval = template.tier === ProposalTier.SPECIAL ? random.decimal(0.6, 0.95) : random.decimal(0.45, 0.9);
  const voters = random
    .shuffle(profile.courtyard.households)
    .slice(0, Math.round(turnout * shareOfTurnout * profile.courtyard.households.length));
  const windowHours = Math.max(0, hoursBetween(proposal.voting_opened_at!, castUntil));
  return voters.map((household) => {
    const channel = random.weighted({ ONLINE: 60, OFFLINE: 25, ASSISTED: 15 });
    return {
      proposal_id: proposal.id,
      household_id: household.id,
      choice: random.chance(approval) ? 'FOR' : random.chance(0.7) ? 'AGAINST' : 'ABSTAIN',
      channel,
      assisted_by: channel === 'ASSISTED' ? random.pick(helpers) : null,
      cast_at: minText(addHours(proposal.voting_opened_at!, random.next() * windowHours), castUntil),
    };
  });
}

/** The tallies `decideVote` takes, from the votes themselves (areas in hundredths of a m²). */
function tally(courtyard: DemoCourtyard, votes: readonly VoteRow[]) {
  const area = new Map(courtyard.households.map((household) => [household.id, household.areaHundredths ?? 0]));
  const result = {
    votesFor: 0,
    votesAgainst: 0,
    votesAbstain: 0,
    areaFor: 0,
    areaAgainst: 0,
    areaAbstain: 0,
    householdCount: courtyard.householdCount,
    totalArea: courtyard.households.reduce((sum, household) => sum + (household.areaHundredths ?? 0), 0),
  };
  for (const vote of votes) {
    const householdArea = area.get(vote.household_id) ?? 0;
    if (vote.choice === 'FOR') {
      result.votesFor++;
      result.areaFor += householdArea;
    } else if (vote.choice === 'AGAINST') {
      result.votesAgainst++;
      result.areaAgainst += householdArea;
    } else {
      result.votesAbstain++;
      result.areaAbstain += householdArea;
    }
  }
  return result;
}
