import { ProposalTier, VotingRule } from './enums';

/** A proposal's tallies, summed in SQL. Areas are in hundredths of a square metre (exact integers). */
export interface VoteTally {
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
  areaFor: number;
  areaAgainst: number;
  areaAbstain: number;
  /** the courtyard's census `householdCount` */
  householdCount: number;
  /** floor area of all the courtyard's registered households */
  totalArea: number;
}

export interface VoteOutcome {
  passed: boolean;
  participationByCount: number;
  participationByArea: number;
  approvalByCount: number;
  approvalByArea: number;
}

/** The rule a tier usually takes (DOMAIN.md §5): the form proposes it, the user may change it. */
export const DEFAULT_RULE_FOR_TIER: Readonly<Record<ProposalTier, VotingRule>> = {
  [ProposalTier.MINOR]: VotingRule.SIMPLE_MAJORITY,
  [ProposalTier.MAJOR]: VotingRule.CIVIL_CODE_ORDINARY,
  [ProposalTier.SPECIAL]: VotingRule.CIVIL_CODE_SPECIAL,
};

/**
 * The thresholds of each rule, by count and by area, as shown beside a result: participation (null:
 * none) and approval, strict (more than) or not (at least). `decideVote` applies the same thresholds
 * in integer arithmetic, so 2/3 and 3/4 are exact there.
 */
export const VOTING_RULE_THRESHOLDS: Readonly<
  Record<VotingRule, { participation: number | null; approval: number; approvalStrict: boolean }>
> = {
  [VotingRule.SIMPLE_MAJORITY]: { participation: null, approval: 0.5, approvalStrict: true },
  [VotingRule.CIVIL_CODE_ORDINARY]: { participation: 2 / 3, approval: 0.5, approvalStrict: true },
  [VotingRule.CIVIL_CODE_SPECIAL]: { participation: 2 / 3, approval: 0.75, approvalStrict: false },
};

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/**
 * DOMAIN.md §5. Participation: voting households / householdCount, and their floor area / all
 * registered floor area. Approval: FOR among those who voted (abstentions count as cast).
 * The thresholds are compared in integers, so 2/3 and 3/4 are exact.
 */
export function decideVote(rule: VotingRule, tally: VoteTally): VoteOutcome {
  const castCount = tally.votesFor + tally.votesAgainst + tally.votesAbstain;
  const castArea = tally.areaFor + tally.areaAgainst + tally.areaAbstain;
  const outcome = {
    participationByCount: ratio(castCount, tally.householdCount),
    participationByArea: ratio(castArea, tally.totalArea),
    approvalByCount: ratio(tally.votesFor, castCount),
    approvalByArea: ratio(tally.areaFor, castArea),
  };
  if (rule === VotingRule.SIMPLE_MAJORITY) {
    return { ...outcome, passed: 2 * tally.votesFor > castCount };
  }
  // Civil Code art. 278: ≥ 2/3 of the area and ≥ 2/3 of the households take part.
  const participates =
    tally.householdCount > 0 &&
    tally.totalArea > 0 &&
    3 * castCount >= 2 * tally.householdCount &&
    3 * castArea >= 2 * tally.totalArea;
  const approves =
    rule === VotingRule.CIVIL_CODE_SPECIAL
      ? 4 * tally.areaFor >= 3 * castArea && 4 * tally.votesFor >= 3 * castCount
      : 2 * tally.areaFor > castArea && 2 * tally.votesFor > castCount;
  return { ...outcome, passed: participates && castCount > 0 && approves };
}
