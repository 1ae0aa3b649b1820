import { typedDocument } from './typed-document';
import type {
  ActivityKind,
  Connection,
  DisputeCategory,
  DisputeStatus,
  ExpenseCategory,
  IdleSpaceStatus,
  IncomeSource,
  InputVariables,
  LedgerDirection,
  PageVariables,
  ProposalStatus,
  ProposalTier,
  ResolutionChannel,
  UserError,
  VoteChannel,
  VoteChoice,
  VotingRule,
} from './types';

// A courtyard's records (shared/contract/04-records.graphql and the admin extras). Lists are
// fields of the Courtyard, read through `node(id)`.

type CourtyardNode<Fields> = { node: ({ __typename: string; id: string } & Partial<Fields>) | null };
type CourtyardPageVariables = PageVariables & Record<string, unknown> & { id: string };
const PAGE_INFO = 'totalCount pageInfo { hasNextPage endCursor }';

// ---------------------------------------------------------------- activities

export interface ActivityNode {
  id: string;
  kind: ActivityKind;
  title: string;
  heldOn: string;
  attendeeHouseholdCount: number;
  participants: number;
  youthParticipants: number;
}

export const CourtyardActivitiesDocument = typedDocument<
  CourtyardNode<{ activities: Connection<ActivityNode> }>,
  CourtyardPageVariables & { period?: string | null }
>(/* GraphQL */ `
  query CourtyardActivities($id: ID!, $first: Int, $after: String, $period: Period) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        activities(first: $first, after: $after, period: $period) {
          ${PAGE_INFO}
          edges { cursor node { id kind title heldOn attendeeHouseholdCount participants youthParticipants } }
        }
      }
    }
  }
`);

export interface AttendanceInput {
  householdCode: string;
  participants?: number | null;
  youthParticipants?: number | null;
}

export interface RecordActivityInput {
  courtyardId: string;
  kind: ActivityKind;
  title: string;
  heldOn: string;
  attendance: AttendanceInput[];
}

export const RecordActivityDocument = typedDocument<
  { recordActivity: { activity: ActivityNode | null; userErrors: UserError[] } },
  InputVariables<RecordActivityInput>
>(/* GraphQL */ `
  mutation RecordActivity($input: RecordActivityInput!) {
    recordActivity(input: $input) {
      activity {
        id
        kind
        title
        heldOn
        attendeeHouseholdCount
        participants
        youthParticipants
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

// ---------------------------------------------------------------- disputes

export interface DisputeNode {
  id: string;
  category: DisputeCategory;
  reportedOn: string;
  summary: string | null;
  status: DisputeStatus;
  resolvedOn: string | null;
  channel: ResolutionChannel | null;
  resolutionNote: string | null;
  /** resolved through COMMITTEE, RESIDENTS_ASSEMBLY or MEDIATION; null while open */
  selfGoverned: boolean | null;
}

const DISPUTE_FIELDS = 'id category reportedOn summary status resolvedOn channel resolutionNote selfGoverned';

export const CourtyardDisputesDocument = typedDocument<
  CourtyardNode<{ disputes: Connection<DisputeNode> }>,
  CourtyardPageVariables & { status?: DisputeStatus | null }
>(/* GraphQL */ `
  query CourtyardDisputes($id: ID!, $first: Int, $after: String, $status: DisputeStatus) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        disputes(first: $first, after: $after, status: $status) {
          ${PAGE_INFO}
          edges { cursor node { ${DISPUTE_FIELDS} } }
        }
      }
    }
  }
`);

export type DisputePayload = { dispute: DisputeNode | null; userErrors: UserError[] };

export const RegisterDisputeDocument = typedDocument<
  { registerDispute: DisputePayload },
  InputVariables<{ courtyardId: string; category: DisputeCategory; reportedOn: string; summary?: string | null }>
>(/* GraphQL */ `
  mutation RegisterDispute($input: RegisterDisputeInput!) {
    registerDispute(input: $input) {
      dispute { ${DISPUTE_FIELDS} }
      userErrors { field message code }
    }
  }
`);

export const ResolveDisputeDocument = typedDocument<
  { resolveDispute: DisputePayload },
  InputVariables<{ disputeId: string; resolvedOn: string; channel: ResolutionChannel; note?: string | null }>
>(/* GraphQL */ `
  mutation ResolveDispute($input: ResolveDisputeInput!) {
    resolveDispute(input: $input) {
      dispute { ${DISPUTE_FIELDS} }
      userErrors { field message code }
    }
  }
`);

// ---------------------------------------------------------------- service requests (一键报修)

export type ServiceRequestStatus = 'OPEN' | 'RESPONDED' | 'RESOLVED';

export interface ServiceRequestNode {
  id: string;
  category: string;
  description: string | null;
  createdAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  status: ServiceRequestStatus;
  slaDueAt: string;
  responseHours: number | null;
  /** true: answered within 8 h; false: answered later or 8 h passed unanswered; null: still within 8 h */
  slaMet: boolean | null;
  household: { id: string; code: string } | null;
}

const SERVICE_REQUEST_FIELDS =
  'id category description createdAt firstResponseAt resolvedAt status slaDueAt responseHours slaMet household { id code }';

export const CourtyardServiceRequestsDocument = typedDocument<
  CourtyardNode<{ serviceRequests: Connection<ServiceRequestNode> }>,
  CourtyardPageVariables & { status?: ServiceRequestStatus | null }
>(/* GraphQL */ `
  query CourtyardServiceRequests($id: ID!, $first: Int, $after: String, $status: ServiceRequestStatus) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        serviceRequests(first: $first, after: $after, status: $status) {
          ${PAGE_INFO}
          edges { cursor node { ${SERVICE_REQUEST_FIELDS} } }
        }
      }
    }
  }
`);

export type ServiceRequestPayload = { serviceRequest: ServiceRequestNode | null; userErrors: UserError[] };

export interface CreateServiceRequestInput {
  courtyardId: string;
  category: string;
  description?: string | null;
  householdCode?: string | null;
  createdAt?: string | null;
}

export const CreateServiceRequestDocument = typedDocument<
  { createServiceRequest: ServiceRequestPayload },
  InputVariables<CreateServiceRequestInput>
>(/* GraphQL */ `
  mutation CreateServiceRequest($input: CreateServiceRequestInput!) {
    createServiceRequest(input: $input) {
      serviceRequest { ${SERVICE_REQUEST_FIELDS} }
      userErrors { field message code }
    }
  }
`);

export const RespondToServiceRequestDocument = typedDocument<
  { respondToServiceRequest: ServiceRequestPayload },
  InputVariables<{ serviceRequestId: string; respondedAt?: string | null }>
>(/* GraphQL */ `
  mutation RespondToServiceRequest($input: RespondToServiceRequestInput!) {
    respondToServiceRequest(input: $input) {
      serviceRequest { ${SERVICE_REQUEST_FIELDS} }
      userErrors { field message code }
    }
  }
`);

export const ResolveServiceRequestDocument = typedDocument<
  { resolveServiceRequest: ServiceRequestPayload },
  InputVariables<{ serviceRequestId: string; resolvedAt?: string | null }>
>(/* GraphQL */ `
  mutation ResolveServiceRequest($input: ResolveServiceRequestInput!) {
    resolveServiceRequest(input: $input) {
      serviceRequest { ${SERVICE_REQUEST_FIELDS} }
      userErrors { field message code }
    }
  }
`);

// ---------------------------------------------------------------- ledger (阳光账本)

export interface LedgerEntryNode {
  id: string;
  direction: LedgerDirection;
  incomeSource: IncomeSource | null;
  expenseCategory: ExpenseCategory | null;
  amount: string;
  occurredOn: string;
  memo: string | null;
  reverses: { id: string } | null;
  reversedBy: { id: string } | null;
  reason: string | null;
  recordedAt: string;
}

export interface LedgerNode {
  incomeTotal: string;
  expenseTotal: string;
  balance: string;
  bySource: { source: IncomeSource; amount: string }[];
  byCategory: { category: ExpenseCategory; amount: string; share: number | null; guideShare: number }[];
  entries: Connection<LedgerEntryNode>;
}

const LEDGER_ENTRY_FIELDS =
  'id direction incomeSource expenseCategory amount occurredOn memo reverses { id } reversedBy { id } reason recordedAt';

export const CourtyardLedgerDocument = typedDocument<
  CourtyardNode<{ ledger: LedgerNode }>,
  CourtyardPageVariables & { period: string }
>(/* GraphQL */ `
  query CourtyardLedgerPage($id: ID!, $period: Period!, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        ledger(period: $period) {
          incomeTotal
          expenseTotal
          balance
          bySource { source amount }
          byCategory { category amount share guideShare }
          entries(first: $first, after: $after) {
            ${PAGE_INFO}
            edges { cursor node { ${LEDGER_ENTRY_FIELDS} } }
          }
        }
      }
    }
  }
`);

export interface RecordLedgerEntryInput {
  courtyardId: string;
  direction: LedgerDirection;
  incomeSource?: IncomeSource | null;
  expenseCategory?: ExpenseCategory | null;
  amount: string;
  occurredOn: string;
  memo?: string | null;
}

export type LedgerEntryPayload = { entry: LedgerEntryNode | null; userErrors: UserError[] };

export const RecordLedgerEntryDocument = typedDocument<
  { recordLedgerEntry: LedgerEntryPayload },
  InputVariables<RecordLedgerEntryInput>
>(/* GraphQL */ `
  mutation RecordLedgerEntry($input: RecordLedgerEntryInput!) {
    recordLedgerEntry(input: $input) {
      entry { ${LEDGER_ENTRY_FIELDS} }
      userErrors { field message code }
    }
  }
`);

export const ReverseLedgerEntryDocument = typedDocument<
  { reverseLedgerEntry: LedgerEntryPayload },
  InputVariables<{ entryId: string; reason: string }>
>(/* GraphQL */ `
  mutation ReverseLedgerEntry($input: ReverseLedgerEntryInput!) {
    reverseLedgerEntry(input: $input) {
      entry { ${LEDGER_ENTRY_FIELDS} }
      userErrors { field message code }
    }
  }
`);

// ---------------------------------------------------------------- idle spaces (闲置空间)

export interface IdleSpaceStatusChangeNode {
  status: IdleSpaceStatus;
  changedOn: string;
  newUse: string | null;
}

export interface IdleSpaceNode {
  id: string;
  name: string;
  areaSqm: number;
  status: IdleSpaceStatus;
  currentUse: string | null;
  registeredOn: string;
  /** oldest first */
  history: IdleSpaceStatusChangeNode[];
}

const IDLE_SPACE_FIELDS = 'id name areaSqm status currentUse registeredOn history { status changedOn newUse }';

export const CourtyardIdleSpacesDocument = typedDocument<
  CourtyardNode<{ idleSpaces: Connection<IdleSpaceNode> }>,
  CourtyardPageVariables
>(/* GraphQL */ `
  query CourtyardIdleSpaces($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        idleSpaces(first: $first, after: $after) {
          ${PAGE_INFO}
          edges { cursor node { ${IDLE_SPACE_FIELDS} } }
        }
      }
    }
  }
`);

export type IdleSpacePayload = { idleSpace: IdleSpaceNode | null; userErrors: UserError[] };

export const RegisterIdleSpaceDocument = typedDocument<
  { registerIdleSpace: IdleSpacePayload },
  InputVariables<{ courtyardId: string; name: string; areaSqm: number; registeredOn: string }>
>(/* GraphQL */ `
  mutation RegisterIdleSpace($input: RegisterIdleSpaceInput!) {
    registerIdleSpace(input: $input) {
      idleSpace { ${IDLE_SPACE_FIELDS} }
      userErrors { field message code }
    }
  }
`);

export const ChangeIdleSpaceStatusDocument = typedDocument<
  { changeIdleSpaceStatus: IdleSpacePayload },
  InputVariables<{ idleSpaceId: string; status: IdleSpaceStatus; changedOn: string; newUse?: string | null }>
>(/* GraphQL */ `
  mutation ChangeIdleSpaceStatus($input: ChangeIdleSpaceStatusInput!) {
    changeIdleSpaceStatus(input: $input) {
      idleSpace { ${IDLE_SPACE_FIELDS} }
      userErrors { field message code }
    }
  }
`);

// ---------------------------------------------------------------- satisfaction surveys (满意度)

export interface SurveySummaryNode {
  responses: number;
  households: number;
  averageScore: number | null;
}

export const CourtyardSurveySummaryDocument = typedDocument<
  CourtyardNode<{ surveySummary: SurveySummaryNode }>,
  { id: string; period: string }
>(/* GraphQL */ `
  query CourtyardSurveySummary($id: ID!, $period: Period!) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        surveySummary(period: $period) {
          responses
          households
          averageScore
        }
      }
    }
  }
`);

export const RecordSurveyResponsesDocument = typedDocument<
  { recordSurveyResponses: { recordedCount: number; userErrors: UserError[] } },
  InputVariables<{ courtyardId: string; takenOn: string; responses: { householdCode: string; score: number }[] }>
>(/* GraphQL */ `
  mutation RecordSurveyResponses($input: RecordSurveyResponsesInput!) {
    recordSurveyResponses(input: $input) {
      recordedCount
      userErrors {
        field
        message
        code
      }
    }
  }
`);

// ---------------------------------------------------------------- proposals and votes (议题表决)

export interface VoteResultNode {
  passed: boolean;
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
  participationByCount: number;
  participationByArea: number;
  approvalByCount: number;
  approvalByArea: number;
}

export interface ProposalNode {
  id: string;
  title: string;
  description: string | null;
  tier: ProposalTier;
  rule: VotingRule;
  status: ProposalStatus;
  votingOpenedAt: string | null;
  votingClosesAt: string | null;
  closedAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  /** VOTING and before votingClosesAt */
  votingOpen: boolean;
  publishedWithin24h: boolean | null;
  /** the result of a CLOSED proposal */
  result: VoteResultNode | null;
  /** the tally so far (provisional while VOTING) */
  tally: VoteResultNode | null;
}

const VOTE_RESULT_FIELDS =
  'passed votesFor votesAgainst votesAbstain participationByCount participationByArea approvalByCount approvalByArea';
const PROPOSAL_FIELDS = `id title description tier rule status votingOpenedAt votingClosesAt closedAt publishedAt createdAt
  votingOpen publishedWithin24h result { ${VOTE_RESULT_FIELDS} } tally { ${VOTE_RESULT_FIELDS} }`;

export const CourtyardProposalsDocument = typedDocument<
  CourtyardNode<{ proposals: Connection<ProposalNode> }>,
  CourtyardPageVariables & { status?: ProposalStatus | null }
>(/* GraphQL */ `
  query CourtyardProposals($id: ID!, $first: Int, $after: String, $status: ProposalStatus) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        proposals(first: $first, after: $after, status: $status) {
          ${PAGE_INFO}
          edges { cursor node { ${PROPOSAL_FIELDS} } }
        }
      }
    }
  }
`);

export type ProposalPayload = { proposal: ProposalNode | null; userErrors: UserError[] };

export const CreateProposalDocument = typedDocument<
  { createProposal: ProposalPayload },
  InputVariables<{
    courtyardId: string;
    title: string;
    description?: string | null;
    tier: ProposalTier;
    rule: VotingRule;
  }>
>(/* GraphQL */ `
  mutation CreateProposal($input: CreateProposalInput!) {
    createProposal(input: $input) {
      proposal { ${PROPOSAL_FIELDS} }
      userErrors { field message code }
    }
  }
`);

export const OpenVotingDocument = typedDocument<
  { openVoting: ProposalPayload },
  InputVariables<{ proposalId: string; closesAt: string }>
>(/* GraphQL */ `
  mutation OpenVoting($input: OpenVotingInput!) {
    openVoting(input: $input) {
      proposal { ${PROPOSAL_FIELDS} }
      userErrors { field message code }
    }
  }
`);

export interface CastVoteInput {
  proposalId: string;
  householdCode: string;
  choice: VoteChoice;
  channel: VoteChannel;
  assistedBy?: string | null;
}

export const CastVoteDocument = typedDocument<
  { castVote: { vote: { id: string; choice: VoteChoice; channel: VoteChannel } | null; userErrors: UserError[] } },
  InputVariables<CastVoteInput>
>(/* GraphQL */ `
  mutation CastVote($input: CastVoteInput!) {
    castVote(input: $input) {
      vote {
        id
        choice
        channel
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const CloseVotingDocument = typedDocument<
  { closeVoting: ProposalPayload },
  InputVariables<{ proposalId: string }>
>(/* GraphQL */ `
    mutation CloseVoting($input: CloseVotingInput!) {
      closeVoting(input: $input) {
        proposal { ${PROPOSAL_FIELDS} }
        userErrors { field message code }
      }
    }
  `);

export const PublishDecisionDocument = typedDocument<
  { publishDecision: ProposalPayload },
  InputVariables<{ proposalId: string }>
>(/* GraphQL */ `
  mutation PublishDecision($input: PublishDecisionInput!) {
    publishDecision(input: $input) {
      proposal { ${PROPOSAL_FIELDS} }
      userErrors { field message code }
    }
  }
`);
