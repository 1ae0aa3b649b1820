// Hand-written types for the parts of the API schema the admin app reads
// (../shared/contract/*.graphql plus the extras in docs/ARCHITECTURE.md).

export type Role =
  'PLATFORM_ADMIN' | 'DISTRICT_ADMIN' | 'STREET_OFFICER' | 'COMMUNITY_WORKER' | 'COURTYARD_COMMITTEE' | 'VIEWER';

export const COURTYARD_TYPES = ['OLD_COMPOUND', 'COMMERCIAL_HOUSING', 'WORK_UNIT_DORMITORY', 'OTHER'] as const;
export type CourtyardType = (typeof COURTYARD_TYPES)[number];

export interface UserError {
  field: string[] | null;
  message: string;
  code: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<Node> {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { cursor: string; node: Node }[];
}

export interface PageVariables {
  first?: number;
  after?: string | null;
}

export interface DistrictSummary {
  id: string;
  name: string;
  code: string;
  timezone: string;
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  district: DistrictSummary | null;
  /** The unit a scoped role is limited to (a street officer's street, a community worker's community). */
  scope?: ScopeUnitRef | null;
}

export interface ScopeUnitRef {
  __typename: 'Street' | 'Community' | 'Courtyard';
  id: string;
  name: string;
}

// ---------------------------------------------------------------- rollout and records (issue 3)

export const PHASE_KEYS = ['PILOT', 'PROMOTION', 'CONSOLIDATION'] as const;
export type PhaseKey = (typeof PHASE_KEYS)[number];

export const MILESTONE_KEYS = [
  'PILOT_COMMITTEES_ELECTED',
  'PILOT_CHARTERS_ADOPTED',
  'DIGITAL_PLATFORM_LIVE',
  'PILOT_SUMMARY',
  'SECOND_BATCH_ENROLLED',
  'DEMONSTRATION_COURTYARDS',
  'PLATFORM_FULL_COVERAGE',
  'MIDTERM_EVALUATION',
  'ALL_COURTYARDS_ENROLLED',
  'ALLIANCE_FORMED',
  'LONG_TERM_MECHANISMS',
  'FINAL_ACCEPTANCE',
] as const;
export type MilestoneKey = (typeof MILESTONE_KEYS)[number];

export const MILESTONE_STATUSES = ['PENDING', 'AT_RISK', 'MET', 'MISSED'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const INSTITUTION_KINDS = [
  'RESPONSIBILITY_LIST',
  'CONVENTION',
  'DELIBERATION_RULES',
  'FINANCIAL_RULES',
  'SUPERVISORY_BOARD',
] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const ACTIVITY_KINDS = ['DELIBERATION_MEETING', 'CULTURAL', 'VOLUNTEER_SERVICE', 'TRAINING', 'OTHER'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const DISPUTE_CATEGORIES = [
  'PARKING',
  'PETS',
  'NOISE',
  'SANITATION',
  'RENOVATION',
  'ELEVATOR',
  'PROPERTY_MANAGEMENT',
  'PUBLIC_SPACE',
  'OTHER',
] as const;
export type DisputeCategory = (typeof DISPUTE_CATEGORIES)[number];

export const DISPUTE_STATUSES = ['OPEN', 'RESOLVED'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const RESOLUTION_CHANNELS = ['COMMITTEE', 'RESIDENTS_ASSEMBLY', 'MEDIATION', 'ESCALATED', 'LITIGATION'] as const;
export type ResolutionChannel = (typeof RESOLUTION_CHANNELS)[number];

export const LEDGER_DIRECTIONS = ['INCOME', 'EXPENSE'] as const;
export type LedgerDirection = (typeof LEDGER_DIRECTIONS)[number];

export const INCOME_SOURCES = [
  'GOVERNMENT_SUBSIDY',
  'RESIDENT_CONTRIBUTION',
  'SOCIAL_DONATION',
  'CORPORATE_SPONSORSHIP',
  'OPERATING_INCOME',
] as const;
export type IncomeSource = (typeof INCOME_SOURCES)[number];

export const EXPENSE_CATEGORIES = ['SAFETY', 'ENVIRONMENT', 'CULTURE', 'OFFICE'] as const;
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];

export const IDLE_SPACE_STATUSES = ['IDLE', 'RENOVATING', 'UTILIZED'] as const;
export type IdleSpaceStatus = (typeof IDLE_SPACE_STATUSES)[number];

export const PROPOSAL_TIERS = ['MINOR', 'MAJOR', 'SPECIAL'] as const;
export type ProposalTier = (typeof PROPOSAL_TIERS)[number];

export const VOTING_RULES = ['SIMPLE_MAJORITY', 'CIVIL_CODE_ORDINARY', 'CIVIL_CODE_SPECIAL'] as const;
export type VotingRule = (typeof VOTING_RULES)[number];

export const PROPOSAL_STATUSES = ['DRAFT', 'VOTING', 'CLOSED'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const VOTE_CHOICES = ['FOR', 'AGAINST', 'ABSTAIN'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export const VOTE_CHANNELS = ['ONLINE', 'OFFLINE', 'ASSISTED'] as const;
export type VoteChannel = (typeof VOTE_CHANNELS)[number];

export const IMPORT_KINDS = ['COURTYARDS', 'HOUSEHOLDS', 'ATTENDANCE'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type JobState = 'QUEUED' | 'ACTIVE' | 'COMPLETED' | 'FAILED';

/** `{ input }` variables of a mutation. */
export interface InputVariables<Input> extends Record<string, unknown> {
  input: Input;
}

/** The shape every mutation payload shares. */
export interface Payload {
  userErrors: UserError[];
}

// ---------------------------------------------------------------- KPIs and alerts (issue 4)

export const KPI_KEYS = [
  'PARTICIPATION_RATE',
  'DISPUTE_RESOLUTION_RATE',
  'SELF_FUNDING_RATE',
  'IDLE_SPACE_UTILIZATION',
  'SATISFACTION_SCORE',
  'YOUTH_PARTICIPATION_RATE',
  'DISPUTE_RESOLUTION_DAYS',
  'SERVICE_RESPONSE_HOURS',
  'COMMITTEE_FORMATION_RATE',
  'INSTITUTION_COMPLETENESS',
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

export const KPI_STATUSES = ['GREEN', 'YELLOW', 'RED', 'NO_DATA'] as const;
export type KpiStatus = (typeof KPI_STATUSES)[number];

export const ALERT_LEVELS = ['RED', 'YELLOW'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const ALERT_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
