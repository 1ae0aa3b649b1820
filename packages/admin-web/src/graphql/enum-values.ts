import {
  ActivityKind,
  AlertLevel,
  ApiScope,
  AlertStatus,
  CourtyardType,
  DeliveryStatus,
  DisputeCategory,
  DisputeStatus,
  ExpenseCategory,
  IdleSpaceStatus,
  ImportKind,
  IncomeSource,
  InstitutionKind,
  LedgerDirection,
  ProposalStatus,
  ProposalTier,
  ResolutionChannel,
  VoteChannel,
  VoteChoice,
  VotingRule,
  WebhookEvent,
  WebhookFormat,
} from '@xiaoyuan/domain';

// The values of the schema's enums the app lists (select options, table columns), in the order it
// shows them: the domain's enums, which the API registers as the schema's, so no list can miss a
// value. Their members are assignable to the generated string unions.

export const COURTYARD_TYPES = Object.values(CourtyardType);
export const INSTITUTION_KINDS = Object.values(InstitutionKind);
export const ACTIVITY_KINDS = Object.values(ActivityKind);
export const DISPUTE_CATEGORIES = Object.values(DisputeCategory);
export const DISPUTE_STATUSES = Object.values(DisputeStatus);
export const RESOLUTION_CHANNELS = Object.values(ResolutionChannel);
export const LEDGER_DIRECTIONS = Object.values(LedgerDirection);
export const INCOME_SOURCES = Object.values(IncomeSource);
export const EXPENSE_CATEGORIES = Object.values(ExpenseCategory);
export const IDLE_SPACE_STATUSES = Object.values(IdleSpaceStatus);
export const PROPOSAL_TIERS = Object.values(ProposalTier);
export const VOTING_RULES = Object.values(VotingRule);
export const PROPOSAL_STATUSES = Object.values(ProposalStatus);
export const VOTE_CHOICES = Object.values(VoteChoice);
export const VOTE_CHANNELS = Object.values(VoteChannel);
export const IMPORT_KINDS = Object.values(ImportKind);
// red first: the inbox's filter starts with what a street must act on
export const ALERT_LEVELS = [AlertLevel.RED, AlertLevel.YELLOW] as const;
export const ALERT_STATUSES = Object.values(AlertStatus);
export const API_SCOPES = Object.values(ApiScope);
export const WEBHOOK_FORMATS = Object.values(WebhookFormat);
export const WEBHOOK_EVENTS = Object.values(WebhookEvent);
export const DELIVERY_STATUSES = Object.values(DeliveryStatus);
