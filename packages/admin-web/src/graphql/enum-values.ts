import type {
  ActivityKind,
  AlertLevel,
  AlertStatus,
  CourtyardType,
  DisputeCategory,
  DisputeStatus,
  ExpenseCategory,
  IdleSpaceStatus,
  ImportKind,
  IncomeSource,
  InstitutionKind,
  KpiKey,
  LedgerDirection,
  PhaseKey,
  ProposalStatus,
  ProposalTier,
  ResolutionChannel,
  VoteChannel,
  VoteChoice,
  VotingRule,
} from './generated/graphql';

// The values of the schema's enums the app lists (select options, table columns), in the order
// it shows them. The types are the generated string unions; `allOf` makes the compiler refuse a
// list that misses a value or has one too many, so a new enum value in the schema fails typecheck.

type Missing<Value, List extends readonly Value[]> = Exclude<Value, List[number]>;

/** `allOf<Kind>()([...])`: the list, checked to hold every value of the union `Kind`. */
export function allOf<Value extends string>() {
  return <const List extends readonly Value[]>(
    values: List & ([Missing<Value, List>] extends [never] ? unknown : { missing: Missing<Value, List> }),
  ): List => values;
}

export const COURTYARD_TYPES = allOf<CourtyardType>()([
  'OLD_COMPOUND',
  'COMMERCIAL_HOUSING',
  'WORK_UNIT_DORMITORY',
  'OTHER',
]);

export const PHASE_KEYS = allOf<PhaseKey>()(['PILOT', 'PROMOTION', 'CONSOLIDATION']);

export const INSTITUTION_KINDS = allOf<InstitutionKind>()([
  'RESPONSIBILITY_LIST',
  'CONVENTION',
  'DELIBERATION_RULES',
  'FINANCIAL_RULES',
  'SUPERVISORY_BOARD',
]);

export const ACTIVITY_KINDS = allOf<ActivityKind>()([
  'DELIBERATION_MEETING',
  'CULTURAL',
  'VOLUNTEER_SERVICE',
  'TRAINING',
  'OTHER',
]);

export const DISPUTE_CATEGORIES = allOf<DisputeCategory>()([
  'PARKING',
  'PETS',
  'NOISE',
  'SANITATION',
  'RENOVATION',
  'ELEVATOR',
  'PROPERTY_MANAGEMENT',
  'PUBLIC_SPACE',
  'OTHER',
]);

export const DISPUTE_STATUSES = allOf<DisputeStatus>()(['OPEN', 'RESOLVED']);

export const RESOLUTION_CHANNELS = allOf<ResolutionChannel>()([
  'COMMITTEE',
  'RESIDENTS_ASSEMBLY',
  'MEDIATION',
  'ESCALATED',
  'LITIGATION',
]);

export const LEDGER_DIRECTIONS = allOf<LedgerDirection>()(['INCOME', 'EXPENSE']);

export const INCOME_SOURCES = allOf<IncomeSource>()([
  'GOVERNMENT_SUBSIDY',
  'RESIDENT_CONTRIBUTION',
  'SOCIAL_DONATION',
  'CORPORATE_SPONSORSHIP',
  'OPERATING_INCOME',
]);

export const EXPENSE_CATEGORIES = allOf<ExpenseCategory>()(['SAFETY', 'ENVIRONMENT', 'CULTURE', 'OFFICE']);

export const IDLE_SPACE_STATUSES = allOf<IdleSpaceStatus>()(['IDLE', 'RENOVATING', 'UTILIZED']);

export const PROPOSAL_TIERS = allOf<ProposalTier>()(['MINOR', 'MAJOR', 'SPECIAL']);

export const VOTING_RULES = allOf<VotingRule>()(['SIMPLE_MAJORITY', 'CIVIL_CODE_ORDINARY', 'CIVIL_CODE_SPECIAL']);

export const PROPOSAL_STATUSES = allOf<ProposalStatus>()(['DRAFT', 'VOTING', 'CLOSED']);

export const VOTE_CHOICES = allOf<VoteChoice>()(['FOR', 'AGAINST', 'ABSTAIN']);

export const VOTE_CHANNELS = allOf<VoteChannel>()(['ONLINE', 'OFFLINE', 'ASSISTED']);

export const IMPORT_KINDS = allOf<ImportKind>()(['COURTYARDS', 'HOUSEHOLDS', 'ATTENDANCE']);

export const KPI_KEYS = allOf<KpiKey>()([
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
]);

export const ALERT_LEVELS = allOf<AlertLevel>()(['RED', 'YELLOW']);

export const ALERT_STATUSES = allOf<AlertStatus>()(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']);
