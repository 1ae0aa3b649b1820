import { PhaseKey, VotingRule } from './enums';
import {
  isCalendarDate,
  isClosed,
  isFutureDate,
  localDate,
  parsePeriod,
  periodContaining,
  periodsContaining,
  previousPeriod,
  recentPeriods,
  shiftPeriod,
} from './periods';
import {
  isManualMilestone,
  lastDayOfPlanMonth,
  milestoneStatus,
  phaseOn,
  phaseTarget,
  planMonth,
} from './rollout-calendar';
import { DEFAULT_RULE_FOR_TIER, decideVote, VOTING_RULE_THRESHOLDS, type VoteTally } from './voting-rules';
import { MilestoneStatus, ProposalTier } from './enums';

describe('periods', () => {
  it('parses months, quarters and years into local calendar boundaries', () => {
    expect(parsePeriod('2026-10')).toMatchObject({
      kind: 'MONTH',
      start: '2026-10-01',
      end: '2026-10-31',
      months: ['2026-10'],
    });
    expect(parsePeriod('2024-02')).toMatchObject({ end: '2024-02-29' });
    expect(parsePeriod('2026-Q1')).toMatchObject({
      kind: 'QUARTER',
      start: '2026-01-01',
      end: '2026-03-31',
      months: ['2026-01', '2026-02', '2026-03'],
    });
    expect(parsePeriod('2026-Q4')).toMatchObject({ start: '2026-10-01', end: '2026-12-31' });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'YEAR', start: '2026-01-01', end: '2026-12-31' });
    expect(parsePeriod('2026')!.months).toHaveLength(12);
  });

  it('numbers a period within its year', () => {
    expect(parsePeriod('2026-10')).toMatchObject({ kind: 'MONTH', year: 2026, index: 10 });
    expect(parsePeriod('2026-Q4')).toMatchObject({ kind: 'QUARTER', year: 2026, index: 4 });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'YEAR', year: 2026, index: 1 });
  });

  it('refuses what is not a period', () => {
    for (const text of ['2026-13', '2026-00', '2026-Q5', '2026-Q0', '26-01', '2026-1', '2026-10-01', '', 'abc']) {
      expect(parsePeriod(text)).toBeNull();
    }
  });

  it('steps back across year boundaries', () => {
    expect(previousPeriod(parsePeriod('2026-01')!).key).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026-Q1')!).key).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('2026-Q3')!).key).toBe('2026-Q2');
    expect(previousPeriod(parsePeriod('2026')!).key).toBe('2025');
    expect(periodsContaining('2026-11-15').map((period) => period.key)).toEqual(['2026-11', '2026-Q4', '2026']);
  });

  it('finds the period of a kind containing a date', () => {
    expect(periodContaining('MONTH', '2026-11-08')).toBe('2026-11');
    expect(periodContaining('QUARTER', '2026-11-08')).toBe('2026-Q4');
    expect(periodContaining('QUARTER', '2026-01-01')).toBe('2026-Q1');
    expect(periodContaining('YEAR', '2026-11-08')).toBe('2026');
  });

  it('shifts periods across year ends and leaves other text alone', () => {
    expect(shiftPeriod('2026-01', -1)).toBe('2025-12');
    expect(shiftPeriod('2026-12', 1)).toBe('2027-01');
    expect(shiftPeriod('2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftPeriod('2026-Q4', 5)).toBe('2028-Q1');
    expect(shiftPeriod('2026', -2)).toBe('2024');
    expect(shiftPeriod('bad', 1)).toBe('bad');
  });

  it('gives the first and last day of a period, leap years included', () => {
    expect(parsePeriod('2028-02')).toMatchObject({ start: '2028-02-01', end: '2028-02-29' });
    expect(parsePeriod('2026-Q4')).toMatchObject({ start: '2026-10-01', end: '2026-12-31' });
    expect(parsePeriod('2026')).toMatchObject({ start: '2026-01-01', end: '2026-12-31' });
  });

  it('lists recent periods, newest first', () => {
    expect(recentPeriods('MONTH', '2026-02-15', 3)).toEqual(['2026-02', '2026-01', '2025-12']);
    expect(recentPeriods('QUARTER', '2026-02-15', 2)).toEqual(['2026-Q1', '2025-Q4']);
  });

  it("reads today's date in a time zone; record dates may not lie after it", () => {
    const instant = new Date('2026-10-31T17:30:00Z');
    expect(localDate('Asia/Shanghai', instant)).toBe('2026-11-01');
    expect(localDate('UTC', instant)).toBe('2026-10-31');
    expect(isFutureDate('2026-11-02', '2026-11-01')).toBe(true);
    expect(isFutureDate('2026-11-01', '2026-11-01')).toBe(false);
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-04-31')).toBe(false);
    expect(isCalendarDate('2026-4-01')).toBe(false);
  });

  it("closes a period once its last day has passed in the district's time zone", () => {
    // 17:00 UTC on 31 October is already 1 November in Shanghai
    const today = localDate('Asia/Shanghai', new Date('2026-10-31T17:00:00Z'));
    expect(today).toBe('2026-11-01');
    expect(isClosed(parsePeriod('2026-10')!, today)).toBe(true);
    expect(isClosed(parsePeriod('2026-10')!, localDate('Europe/London', new Date('2026-10-31T17:00:00Z')))).toBe(false);
    expect(isClosed(parsePeriod('2026-Q4')!, today)).toBe(false);
  });
});

describe('the rollout calendar', () => {
  const startsOn = '2025-10-15';

  it('counts month 1 as the month containing startsOn', () => {
    expect(planMonth(startsOn, '2025-10-01')).toBe(1);
    expect(planMonth(startsOn, '2025-09-30')).toBe(0);
    expect(planMonth(startsOn, '2026-09-30')).toBe(12);
    expect(planMonth(startsOn, '2026-10-01')).toBe(13);
  });

  it('puts each date in its phase', () => {
    expect(phaseOn(startsOn, '2025-09-30')).toBeNull();
    expect(phaseOn(startsOn, '2025-10-01')).toBe(PhaseKey.PILOT);
    expect(phaseOn(startsOn, '2026-09-30')).toBe(PhaseKey.PILOT);
    expect(phaseOn(startsOn, '2026-10-01')).toBe(PhaseKey.PROMOTION);
    expect(phaseOn(startsOn, '2028-09-30')).toBe(PhaseKey.PROMOTION);
    expect(phaseOn(startsOn, '2028-10-01')).toBe(PhaseKey.CONSOLIDATION);
    expect(phaseOn(startsOn, '2031-01-01')).toBe(PhaseKey.CONSOLIDATION);
  });

  it('dates milestones on the last day of their month', () => {
    expect(lastDayOfPlanMonth(startsOn, 3)).toBe('2025-12-31');
    expect(lastDayOfPlanMonth(startsOn, 5)).toBe('2026-02-28');
    expect(lastDayOfPlanMonth(startsOn, 60)).toBe('2030-09-30');
  });

  it('marks a milestone met, missed after its due date, at risk within 31 days of it', () => {
    expect(milestoneStatus('2025-12-31', '2025-11-02', '2026-01-10')).toBe(MilestoneStatus.MET);
    expect(milestoneStatus('2025-12-31', null, '2026-01-01')).toBe(MilestoneStatus.MISSED);
    expect(milestoneStatus('2025-12-31', null, '2025-11-30')).toBe(MilestoneStatus.AT_RISK);
    expect(milestoneStatus('2025-12-31', null, '2025-11-29')).toBe(MilestoneStatus.PENDING);
  });

  it('leaves four milestones to a person', () => {
    expect(isManualMilestone('PILOT_SUMMARY')).toBe(true);
    expect(isManualMilestone('FINAL_ACCEPTANCE')).toBe(true);
    expect(isManualMilestone('PILOT_COMMITTEES_ELECTED')).toBe(false);
  });

  it('targets the pilot size, then half, then all courtyards', () => {
    expect(phaseTarget(PhaseKey.PILOT, 30, 301)).toBe(30);
    expect(phaseTarget(PhaseKey.PROMOTION, 30, 301)).toBe(151);
    expect(phaseTarget(PhaseKey.CONSOLIDATION, 30, 301)).toBe(301);
  });
});

describe('voting rules', () => {
  // 10 households, 1,000 m² registered (areas in hundredths of m²)
  const base = { householdCount: 10, totalArea: 100_000, votesAbstain: 0, areaAbstain: 0 };

  it('passes by headcount but fails by area under the Civil Code', () => {
    // 5 small flats (60 m²) for, 3 large ones (150 m²) against
    const tally: VoteTally = { ...base, votesFor: 5, areaFor: 30_000, votesAgainst: 3, areaAgainst: 45_000 };
    const ordinary = decideVote(VotingRule.CIVIL_CODE_ORDINARY, tally);
    expect(ordinary).toEqual({
      passed: false,
      participationByCount: 0.8,
      participationByArea: 0.75,
      approvalByCount: 0.625,
      approvalByArea: 0.4,
    });
    expect(decideVote(VotingRule.SIMPLE_MAJORITY, tally).passed).toBe(true);
  });

  it('needs two thirds taking part, counted exactly', () => {
    const nine = { ...base, householdCount: 9, totalArea: 90_000 };
    const six = { ...nine, votesFor: 6, areaFor: 60_000, votesAgainst: 0, areaAgainst: 0 };
    expect(decideVote(VotingRule.CIVIL_CODE_ORDINARY, six).passed).toBe(true);
    const five = { ...nine, votesFor: 5, areaFor: 80_000, votesAgainst: 0, areaAgainst: 0 };
    expect(decideVote(VotingRule.CIVIL_CODE_ORDINARY, five).passed).toBe(false); // 5/9 of households
  });

  it('needs three quarters for the special rule, where a bare majority is not enough', () => {
    const threeOfFour = {
      ...base,
      householdCount: 4,
      totalArea: 40_000,
      votesFor: 3,
      areaFor: 30_000,
      votesAgainst: 1,
      areaAgainst: 10_000,
    };
    expect(decideVote(VotingRule.CIVIL_CODE_SPECIAL, threeOfFour).passed).toBe(true);
    const twoOfThree = {
      ...base,
      householdCount: 3,
      totalArea: 30_000,
      votesFor: 2,
      areaFor: 20_000,
      votesAgainst: 1,
      areaAgainst: 10_000,
    };
    expect(decideVote(VotingRule.CIVIL_CODE_SPECIAL, twoOfThree).passed).toBe(false);
    expect(decideVote(VotingRule.CIVIL_CODE_ORDINARY, twoOfThree).passed).toBe(true);
  });

  it('counts abstentions as votes cast', () => {
    const tally = {
      ...base,
      votesFor: 2,
      areaFor: 20_000,
      votesAgainst: 1,
      areaAgainst: 10_000,
      votesAbstain: 1,
      areaAbstain: 10_000,
    };
    expect(decideVote(VotingRule.SIMPLE_MAJORITY, tally)).toMatchObject({ passed: false, approvalByCount: 0.5 });
  });

  it('proposes a rule for each tier, with the thresholds decideVote applies', () => {
    expect(DEFAULT_RULE_FOR_TIER[ProposalTier.MAJOR]).toBe(VotingRule.CIVIL_CODE_ORDINARY);
    // at exactly the shown approval threshold: strict rules fail, the special rule passes
    for (const rule of Object.values(VotingRule)) {
      const { approval, approvalStrict } = VOTING_RULE_THRESHOLDS[rule];
      const cast = 12;
      const votesFor = approval * cast;
      const tally: VoteTally = {
        householdCount: cast,
        totalArea: cast * 100,
        votesFor,
        areaFor: votesFor * 100,
        votesAgainst: cast - votesFor,
        areaAgainst: (cast - votesFor) * 100,
        votesAbstain: 0,
        areaAbstain: 0,
      };
      expect(decideVote(rule, tally).passed).toBe(!approvalStrict);
    }
  });

  it('passes nothing without votes or registered area', () => {
    const none = { ...base, votesFor: 0, areaFor: 0, votesAgainst: 0, areaAgainst: 0 };
    expect(decideVote(VotingRule.SIMPLE_MAJORITY, none)).toEqual({
      passed: false,
      participationByCount: 0,
      participationByArea: 0,
      approvalByCount: 0,
      approvalByArea: 0,
    });
    const noArea = { ...base, totalArea: 0, votesFor: 10, areaFor: 0, votesAgainst: 0, areaAgainst: 0 };
    expect(decideVote(VotingRule.CIVIL_CODE_ORDINARY, noArea).passed).toBe(false);
  });
});
