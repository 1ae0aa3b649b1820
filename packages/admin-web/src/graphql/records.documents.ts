import { graphql } from './generated';

// A courtyard's records (shared/contract/04-records.graphql and the admin extras). Lists are
// fields of the Courtyard, read through `node(id)`.

// ---------------------------------------------------------------- activities

export const ActivityFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment ActivityFields on Activity {
    id
    kind
    title
    heldOn
    attendeeHouseholdCount
    participants
    youthParticipants
  }
`);

export const CourtyardActivitiesDocument = graphql(/* GraphQL */ `
  query CourtyardActivities($id: ID!, $first: Int, $after: String, $period: Period) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        activities(first: $first, after: $after, period: $period) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              ...ActivityFields
            }
          }
        }
      }
    }
  }
`);

export const RecordActivityDocument = graphql(/* GraphQL */ `
  mutation RecordActivity($input: RecordActivityInput!) {
    recordActivity(input: $input) {
      activity {
        ...ActivityFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

// ---------------------------------------------------------------- disputes

// selfGoverned: resolved through COMMITTEE, RESIDENTS_ASSEMBLY or MEDIATION; null while open.
export const DisputeFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment DisputeFields on Dispute {
    id
    category
    reportedOn
    summary
    status
    resolvedOn
    channel
    resolutionNote
    selfGoverned
  }
`);

export const CourtyardDisputesDocument = graphql(/* GraphQL */ `
  query CourtyardDisputes($id: ID!, $first: Int, $after: String, $status: DisputeStatus) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        disputes(first: $first, after: $after, status: $status) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              ...DisputeFields
            }
          }
        }
      }
    }
  }
`);

export const RegisterDisputeDocument = graphql(/* GraphQL */ `
  mutation RegisterDispute($input: RegisterDisputeInput!) {
    registerDispute(input: $input) {
      dispute {
        ...DisputeFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const ResolveDisputeDocument = graphql(/* GraphQL */ `
  mutation ResolveDispute($input: ResolveDisputeInput!) {
    resolveDispute(input: $input) {
      dispute {
        ...DisputeFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

// ---------------------------------------------------------------- service requests (一键报修)

// slaMet: true when answered within 8 h; false when answered later or 8 h passed unanswered; null
// while still within 8 h.
export const ServiceRequestFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment ServiceRequestFields on ServiceRequest {
    id
    category
    description
    createdAt
    firstResponseAt
    resolvedAt
    status
    slaDueAt
    responseHours
    slaMet
    household {
      id
      code
    }
  }
`);

export const CourtyardServiceRequestsDocument = graphql(/* GraphQL */ `
  query CourtyardServiceRequests($id: ID!, $first: Int, $after: String, $status: ServiceRequestStatus) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        serviceRequests(first: $first, after: $after, status: $status) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              ...ServiceRequestFields
            }
          }
        }
      }
    }
  }
`);

export const CreateServiceRequestDocument = graphql(/* GraphQL */ `
  mutation CreateServiceRequest($input: CreateServiceRequestInput!) {
    createServiceRequest(input: $input) {
      serviceRequest {
        ...ServiceRequestFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const RespondToServiceRequestDocument = graphql(/* GraphQL */ `
  mutation RespondToServiceRequest($input: RespondToServiceRequestInput!) {
    respondToServiceRequest(input: $input) {
      serviceRequest {
        ...ServiceRequestFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const ResolveServiceRequestDocument = graphql(/* GraphQL */ `
  mutation ResolveServiceRequest($input: ResolveServiceRequestInput!) {
    resolveServiceRequest(input: $input) {
      serviceRequest {
        ...ServiceRequestFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

// ---------------------------------------------------------------- ledger (阳光账本)

export const LedgerEntryFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment LedgerEntryFields on LedgerEntry {
    id
    direction
    incomeSource
    expenseCategory
    amount
    occurredOn
    memo
    reverses {
      id
    }
    reversedBy {
      id
    }
    reason
    recordedAt
  }
`);

export const CourtyardLedgerDocument = graphql(/* GraphQL */ `
  query CourtyardLedgerPage($id: ID!, $period: Period!, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        ledger(period: $period) {
          incomeTotal
          expenseTotal
          balance
          bySource {
            source
            amount
          }
          byCategory {
            category
            amount
            share
            guideShare
          }
          entries(first: $first, after: $after) {
            totalCount
            pageInfo {
              ...PageInfoFields
            }
            edges {
              cursor
              node {
                ...LedgerEntryFields
              }
            }
          }
        }
      }
    }
  }
`);

export const RecordLedgerEntryDocument = graphql(/* GraphQL */ `
  mutation RecordLedgerEntry($input: RecordLedgerEntryInput!) {
    recordLedgerEntry(input: $input) {
      entry {
        ...LedgerEntryFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const ReverseLedgerEntryDocument = graphql(/* GraphQL */ `
  mutation ReverseLedgerEntry($input: ReverseLedgerEntryInput!) {
    reverseLedgerEntry(input: $input) {
      entry {
        ...LedgerEntryFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

// ---------------------------------------------------------------- idle spaces (闲置空间)

// history: oldest first.
export const IdleSpaceFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment IdleSpaceFields on IdleSpace {
    id
    name
    areaSqm
    status
    currentUse
    registeredOn
    history {
      status
      changedOn
      newUse
    }
  }
`);

export const CourtyardIdleSpacesDocument = graphql(/* GraphQL */ `
  query CourtyardIdleSpaces($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        idleSpaces(first: $first, after: $after) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              ...IdleSpaceFields
            }
          }
        }
      }
    }
  }
`);

export const RegisterIdleSpaceDocument = graphql(/* GraphQL */ `
  mutation RegisterIdleSpace($input: RegisterIdleSpaceInput!) {
    registerIdleSpace(input: $input) {
      idleSpace {
        ...IdleSpaceFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const ChangeIdleSpaceStatusDocument = graphql(/* GraphQL */ `
  mutation ChangeIdleSpaceStatus($input: ChangeIdleSpaceStatusInput!) {
    changeIdleSpaceStatus(input: $input) {
      idleSpace {
        ...IdleSpaceFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

// ---------------------------------------------------------------- satisfaction surveys (满意度)

export const CourtyardSurveySummaryDocument = graphql(/* GraphQL */ `
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

export const RecordSurveyResponsesDocument = graphql(/* GraphQL */ `
  mutation RecordSurveyResponses($input: RecordSurveyResponsesInput!) {
    recordSurveyResponses(input: $input) {
      recordedCount
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

// ---------------------------------------------------------------- proposals and votes (议题表决)

export const VoteResultFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment VoteResultFields on VoteResult {
    passed
    votesFor
    votesAgainst
    votesAbstain
    participationByCount
    participationByArea
    approvalByCount
    approvalByArea
  }
`);

// votingOpen: VOTING and before votingClosesAt; result: of a CLOSED proposal; tally: so far
// (provisional while VOTING).
export const ProposalFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment ProposalFields on Proposal {
    id
    title
    description
    tier
    rule
    status
    votingOpenedAt
    votingClosesAt
    closedAt
    publishedAt
    createdAt
    votingOpen
    publishedWithin24h
    result {
      ...VoteResultFields
    }
    tally {
      ...VoteResultFields
    }
  }
`);

export const CourtyardProposalsDocument = graphql(/* GraphQL */ `
  query CourtyardProposals($id: ID!, $first: Int, $after: String, $status: ProposalStatus) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        proposals(first: $first, after: $after, status: $status) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              ...ProposalFields
            }
          }
        }
      }
    }
  }
`);

export const CreateProposalDocument = graphql(/* GraphQL */ `
  mutation CreateProposal($input: CreateProposalInput!) {
    createProposal(input: $input) {
      proposal {
        ...ProposalFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const OpenVotingDocument = graphql(/* GraphQL */ `
  mutation OpenVoting($input: OpenVotingInput!) {
    openVoting(input: $input) {
      proposal {
        ...ProposalFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const CastVoteDocument = graphql(/* GraphQL */ `
  mutation CastVote($input: CastVoteInput!) {
    castVote(input: $input) {
      vote {
        id
        choice
        channel
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const CloseVotingDocument = graphql(/* GraphQL */ `
  mutation CloseVoting($input: CloseVotingInput!) {
    closeVoting(input: $input) {
      proposal {
        ...ProposalFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const PublishDecisionDocument = graphql(/* GraphQL */ `
  mutation PublishDecision($input: PublishDecisionInput!) {
    publishDecision(input: $input) {
      proposal {
        ...ProposalFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
