import { MilestoneKey, MilestoneStatus, PhaseKey } from './enums';
import { daysInMonth } from './periods';

/** The plan's phases (DOMAIN.md §3): months are counted from the month containing `startsOn`. */
export const PHASES: ReadonlyArray<{
  key: PhaseKey;
  startMonth: number;
  endMonth: number;
  targetShare: number | null;
}> = [
  { key: PhaseKey.PILOT, startMonth: 1, endMonth: 12, targetShare: null }, // target: pilotSize courtyards
  { key: PhaseKey.PROMOTION, startMonth: 13, endMonth: 36, targetShare: 0.5 },
  { key: PhaseKey.CONSOLIDATION, startMonth: 37, endMonth: 60, targetShare: 1 },
];

/** The phases' keys in plan order. */
export const PHASE_KEYS: readonly PhaseKey[] = PHASES.map((phase) => phase.key);

/** The twelve milestones, their due months, and whether a rule evaluates them or a person confirms them. */
export const MILESTONES: ReadonlyArray<{ key: MilestoneKey; dueMonth: number; manual: boolean }> = [
  { key: MilestoneKey.PILOT_COMMITTEES_ELECTED, dueMonth: 3, manual: false },
  { key: MilestoneKey.PILOT_CHARTERS_ADOPTED, dueMonth: 6, manual: false },
  { key: MilestoneKey.DIGITAL_PLATFORM_LIVE, dueMonth: 9, manual: false },
  { key: MilestoneKey.PILOT_SUMMARY, dueMonth: 12, manual: true },
  { key: MilestoneKey.SECOND_BATCH_ENROLLED, dueMonth: 15, manual: false },
  { key: MilestoneKey.DEMONSTRATION_COURTYARDS, dueMonth: 24, manual: false },
  { key: MilestoneKey.PLATFORM_FULL_COVERAGE, dueMonth: 30, manual: false },
  { key: MilestoneKey.MIDTERM_EVALUATION, dueMonth: 36, manual: true },
  { key: MilestoneKey.ALL_COURTYARDS_ENROLLED, dueMonth: 42, manual: false },
  { key: MilestoneKey.ALLIANCE_FORMED, dueMonth: 48, manual: true },
  { key: MilestoneKey.LONG_TERM_MECHANISMS, dueMonth: 54, manual: false },
  { key: MilestoneKey.FINAL_ACCEPTANCE, dueMonth: 60, manual: true },
];

/** Whether a milestone is confirmed by a person rather than evaluated by a rule. Takes the enum or its GraphQL string. */
export function isManualMilestone(key: `${MilestoneKey}`): boolean {
  return MILESTONES.some((milestone) => milestone.key === key && milestone.manual);
}

/** Month number of a date in a plan starting on `startsOn` (month 1 contains startsOn; ≤ 0 before). */
export function planMonth(startsOn: string, date: string): number {
  const [y0, m0] = [Number(startsOn.slice(0, 4)), Number(startsOn.slice(5, 7))];
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  return (y - y0) * 12 + (m - m0) + 1;
}

/** The last day of plan month `month`, `YYYY-MM-DD`. */
export function lastDayOfPlanMonth(startsOn: string, month: number): string {
  const index = Number(startsOn.slice(0, 4)) * 12 + (Number(startsOn.slice(5, 7)) - 1) + (month - 1);
  const year = Math.floor(index / 12);
  const monthOfYear = (index % 12) + 1;
  return `${year}-${String(monthOfYear).padStart(2, '0')}-${String(daysInMonth(year, monthOfYear)).padStart(2, '0')}`;
}

/** The first day of plan month `month`. */
export function firstDayOfPlanMonth(startsOn: string, month: number): string {
  return `${lastDayOfPlanMonth(startsOn, month).slice(0, 8)}01`;
}

/**
 * The phase of the plan in the month containing `date`: null before the plan starts; after month
 * 60 the plan stays in consolidation (its targets keep applying).
 */
export function phaseOn(startsOn: string, date: string): PhaseKey | null {
  const month = planMonth(startsOn, date);
  if (month < 1) return null;
  return (PHASES.find((phase) => month <= phase.endMonth) ?? PHASES[PHASES.length - 1]).key;
}

/** Courtyards a phase targets: the pilot size, or a share of the district's courtyards (rounded up). */
export function phaseTarget(phase: PhaseKey, pilotSize: number, districtCourtyards: number): number {
  const definition = PHASES.find((candidate) => candidate.key === phase)!;
  return definition.targetShare === null ? pilotSize : Math.ceil(definition.targetShare * districtCourtyards);
}

const DAY = 24 * 60 * 60 * 1000;
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** A milestone is AT_RISK when its due date is this many days away or fewer. */
export const MILESTONE_AT_RISK_DAYS = 31;

/**
 * A milestone's status as of `asOf` (DOMAIN.md §3): MET once met (`metOn`, the first date its rule
 * held or a person confirmed it, on or before `asOf`); otherwise MISSED after the due date, AT_RISK
 * within MILESTONE_AT_RISK_DAYS of it, PENDING before.
 */
export function milestoneStatus(dueOn: string, metOn: string | null, asOf: string): MilestoneStatus {
  if (metOn) return MilestoneStatus.MET;
  if (asOf > dueOn) return MilestoneStatus.MISSED;
  if (daysBetween(asOf, dueOn) <= MILESTONE_AT_RISK_DAYS) return MilestoneStatus.AT_RISK;
  return MilestoneStatus.PENDING;
}
