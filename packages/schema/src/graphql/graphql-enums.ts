import * as domain from '@xiaoyuan/domain';
import { registerEnumType } from 'type-graphql';

// The enums live in @xiaoyuan/domain (shared with the admin app); here they are registered with
// type-graphql under their contract names (shared/contract/reference.graphql).
const GRAPHQL_ENUMS = [
  'Role',
  'CourtyardType',
  'PhaseKey',
  'MilestoneKey',
  'MilestoneStatus',
  'InstitutionKind',
  'ActivityKind',
  'DisputeCategory',
  'DisputeStatus',
  'ResolutionChannel',
  'LedgerDirection',
  'IncomeSource',
  'ExpenseCategory',
  'IdleSpaceStatus',
  'ProposalTier',
  'VotingRule',
  'ProposalStatus',
  'VoteChoice',
  'VoteChannel',
  'KpiKey',
  'KpiStatus',
  'AlertLevel',
  'AlertStatus',
  'JobState',
  'ApiScope',
  'WebhookEvent',
  'DeliveryStatus',
  'WebhookFormat',
  'ImportKind',
  'ImportFormat',
] as const satisfies readonly (keyof typeof domain)[];

for (const name of GRAPHQL_ENUMS) registerEnumType(domain[name], { name });
