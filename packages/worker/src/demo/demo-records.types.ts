import type { CourtyardType } from '@xiaoyuan/schema';
import type { SeededRandom } from './seeded-random';

// The demo records as rows ready for `jsonb_to_recordset`: column names as in the tables, dates
// local `YYYY-MM-DD`, times local `YYYY-MM-DD HH:MM:SS` (the writer converts them with the
// district's time zone). Ids are made by the planner so that rows can reference each other.

export interface DemoHousehold {
  id: string;
  code: string;
  /** floor area in hundredths of a square metre, as the voting rules count it */
  areaHundredths: number | null;
}

export interface DemoCourtyard {
  id: string;
  code: string;
  type: CourtyardType;
  householdCount: number;
  households: DemoHousehold[];
}

/** How an enrolled courtyard behaves in the demo: most progress, some lag. */
export interface CourtyardProfile {
  courtyard: DemoCourtyard;
  batch: number;
  enrolledOn: string;
  lagging: boolean;
  /** all five institutions in the pilot year; candidates for 示范小院 */
  exemplary: boolean;
  /** share of households attending in a settled month */
  engagement: number;
  youthShare: number;
  selfFunding: number;
  satisfaction: number;
  /** the committee's election date, when it has one */
  electedOn: string | null;
}

/** What every planner shares: the seeded generator, the plan's calendar and the clock. */
export interface DemoContext {
  random: SeededRandom;
  startsOn: string;
  /** the plan month containing today (15 for the demo) */
  currentMonth: number;
  today: string;
  nowLocal: string;
  newId: () => string;
}

export interface LedgerRow {
  id: string;
  courtyard_id: string;
  direction: 'INCOME' | 'EXPENSE';
  income_source: string | null;
  expense_category: string | null;
  amount_fen: number;
  occurred_on: string;
  memo: string | null;
  reverses_id: string | null;
  reason: string | null;
  recorded_at: string;
  /** recorded by the district admin (corrections), otherwise by the courtyard's mini-program */
  by_admin: boolean;
}

export interface ProposalRow {
  id: string;
  courtyard_id: string;
  title: string;
  description: string | null;
  tier: string;
  rule: string;
  status: 'DRAFT' | 'VOTING' | 'CLOSED';
  voting_opened_at: string | null;
  voting_closes_at: string | null;
  closed_at: string | null;
  published_at: string | null;
  passed: boolean | null;
  created_at: string;
}

export interface VoteRow {
  proposal_id: string;
  household_id: string;
  choice: 'FOR' | 'AGAINST' | 'ABSTAIN';
  channel: 'ONLINE' | 'OFFLINE' | 'ASSISTED';
  assisted_by: string | null;
  cast_at: string;
}

export interface DemoRecordsPlan {
  plan: { id: string; name: string; starts_on: string; pilot_size: number };
  phases: {
    key: string;
    start_month: number;
    end_month: number;
    target_courtyards: number | null;
    target_share: number | null;
  }[];
  milestones: { id: string; key: string; due_month: number; manual: boolean }[];
  /** confirmed by the district admin */
  confirmations: { milestone_id: string; met_on: string; note: string; confirmed_at: string }[];
  enrollments: { courtyard_id: string; batch: number; enrolled_on: string }[];
  committees: {
    courtyard_id: string;
    elected_on: string;
    member_count: number;
    social_worker_count: number;
    committee_member_count: number;
    volunteer_count: number;
    has_supervisory_board: boolean;
    has_party_group: boolean;
  }[];
  institutions: { courtyard_id: string; kind: string; adopted_on: string }[];
  designations: { courtyard_id: string; since: string }[];
  activities: { id: string; courtyard_id: string; kind: string; title: string; held_on: string }[];
  attendance: { activity_id: string; household_id: string; participants: number; youth_participants: number }[];
  disputes: {
    courtyard_id: string;
    category: string;
    reported_on: string;
    summary: string;
    resolved_on: string | null;
    channel: string | null;
    resolution_note: string | null;
  }[];
  serviceRequests: {
    courtyard_id: string;
    household_id: string;
    category: string;
    description: string;
    created_at: string;
    first_response_at: string | null;
    resolved_at: string | null;
  }[];
  ledger: LedgerRow[];
  idleSpaces: { id: string; courtyard_id: string; name: string; area_sqm: number; registered_on: string }[];
  idleChanges: {
    idle_space_id: string;
    status: string;
    changed_on: string;
    new_use: string | null;
    recorded_at: string;
  }[];
  surveys: { courtyard_id: string; household_id: string; taken_on: string; score: number }[];
  proposals: ProposalRow[];
  votes: VoteRow[];
}
