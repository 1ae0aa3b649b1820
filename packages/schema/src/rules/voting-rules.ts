import { VotingRule } from '../enums';

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
