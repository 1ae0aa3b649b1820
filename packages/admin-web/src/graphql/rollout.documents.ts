import { typedDocument } from './typed-document';
import type { InputVariables, InstitutionKind, MilestoneKey, MilestoneStatus, PhaseKey, UserError } from './types';

// The rollout plan (shared/contract/03-rollout.graphql) and a courtyard's governance.

export interface PhaseNode {
  key: PhaseKey;
  startMonth: number;
  endMonth: number;
  targetCourtyards: number;
  enrolledCourtyards: number;
}

export interface MilestoneConfirmation {
  metOn: string;
  note: string;
  evidenceUrl: string | null;
}

export interface MilestoneNode {
  key: MilestoneKey;
  dueMonth: number;
  dueOn: string;
  status: MilestoneStatus;
  metOn: string | null;
  /** Confirmed by hand rather than evaluated from the records (no rule exists). */
  manual: boolean;
  confirmation: MilestoneConfirmation | null;
}

export interface BatchNode {
  number: number;
  enrolledOn: string;
  courtyardCount: number;
}

export interface RolloutPlanNode {
  id: string;
  name: string;
  startsOn: string;
  pilotSize: number;
  currentPhase: { key: PhaseKey } | null;
  phases: PhaseNode[];
  milestones: MilestoneNode[];
  batches: BatchNode[];
}

export interface RolloutBoardResult {
  rolloutPlan: RolloutPlanNode | null;
}

export const RolloutBoardDocument = typedDocument<RolloutBoardResult, { asOf?: string | null }>(/* GraphQL */ `
  query RolloutBoard($asOf: Date) {
    rolloutPlan {
      id
      name
      startsOn
      pilotSize
      currentPhase(asOf: $asOf) {
        key
      }
      phases {
        key
        startMonth
        endMonth
        targetCourtyards
        enrolledCourtyards(asOf: $asOf)
      }
      milestones(asOf: $asOf) {
        key
        dueMonth
        dueOn
        status
        metOn
        manual
        confirmation {
          metOn
          note
          evidenceUrl
        }
      }
      batches {
        number
        enrolledOn
        courtyardCount
      }
    }
  }
`);

export interface CreateRolloutPlanInput {
  name: string;
  startsOn: string;
  pilotSize?: number | null;
}

export const CreateRolloutPlanDocument = typedDocument<
  {
    createRolloutPlan: {
      rolloutPlan: { id: string; name: string; startsOn: string; pilotSize: number } | null;
      userErrors: UserError[];
    };
  },
  InputVariables<CreateRolloutPlanInput>
>(/* GraphQL */ `
  mutation CreateRolloutPlan($input: CreateRolloutPlanInput!) {
    createRolloutPlan(input: $input) {
      rolloutPlan {
        id
        name
        startsOn
        pilotSize
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export interface EnrollCourtyardsInput {
  batch: number;
  courtyardIds: string[];
  enrolledOn: string;
}

export interface EnrollCourtyardsResult {
  enrollCourtyards: {
    enrollments: { batch: number; enrolledOn: string; courtyard: { id: string } }[];
    userErrors: UserError[];
  };
}

export const EnrollCourtyardsDocument = typedDocument<EnrollCourtyardsResult, InputVariables<EnrollCourtyardsInput>>(
  /* GraphQL */ `
    mutation EnrollCourtyards($input: EnrollCourtyardsInput!) {
      enrollCourtyards(input: $input) {
        enrollments {
          batch
          enrolledOn
          courtyard {
            id
          }
        }
        userErrors {
          field
          message
          code
        }
      }
    }
  `,
);

export interface ConfirmMilestoneInput {
  key: MilestoneKey;
  metOn: string;
  note: string;
  evidenceUrl?: string | null;
}

export const ConfirmMilestoneDocument = typedDocument<
  {
    confirmMilestone: {
      milestone: { key: MilestoneKey; status: MilestoneStatus; metOn: string | null } | null;
      userErrors: UserError[];
    };
  },
  InputVariables<ConfirmMilestoneInput>
>(/* GraphQL */ `
  mutation ConfirmMilestone($input: ConfirmMilestoneInput!) {
    confirmMilestone(input: $input) {
      milestone {
        key
        status
        metOn
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

// ---------------------------------------------------------------- governance of a courtyard

/** An election with the "1+3+N" staffing: social worker, committee members, volunteers. */
export interface CommitteeElectionNode {
  electedOn: string;
  memberCount: number | null;
  socialWorkerCount: number | null;
  committeeMemberCount: number | null;
  volunteerCount: number | null;
  hasSupervisoryBoard: boolean;
  hasPartyGroup: boolean;
}

export interface RecordCommitteeElectionInput {
  courtyardId: string;
  electedOn: string;
  memberCount?: number | null;
  socialWorkerCount?: number | null;
  committeeMemberCount?: number | null;
  volunteerCount?: number | null;
  hasSupervisoryBoard?: boolean | null;
  hasPartyGroup?: boolean | null;
}

export interface CourtyardGovernance {
  id: string;
  committeeElectedOn: string | null;
  demonstrationSince: string | null;
  institutionsComplete: boolean;
  institutions: { kind: InstitutionKind; adoptedOn: string }[];
  committeeElections: CommitteeElectionNode[];
}

export interface CourtyardGovernanceResult {
  node: ({ __typename: string; id: string } & Partial<CourtyardGovernance>) | null;
}

export const CourtyardGovernanceDocument = typedDocument<CourtyardGovernanceResult, { id: string }>(/* GraphQL */ `
  query CourtyardGovernance($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        committeeElectedOn
        demonstrationSince
        institutionsComplete
        institutions {
          kind
          adoptedOn
        }
        committeeElections {
          electedOn
          memberCount
          socialWorkerCount
          committeeMemberCount
          volunteerCount
          hasSupervisoryBoard
          hasPartyGroup
        }
      }
    }
  }
`);

export interface GovernancePayload {
  courtyard: { id: string } | null;
  userErrors: UserError[];
}

export const RecordCommitteeElectionDocument = typedDocument<
  { recordCommitteeElection: GovernancePayload },
  InputVariables<RecordCommitteeElectionInput>
>(/* GraphQL */ `
  mutation RecordCommitteeElection($input: RecordCommitteeElectionInput!) {
    recordCommitteeElection(input: $input) {
      courtyard {
        id
        committeeElectedOn
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const AdoptInstitutionDocument = typedDocument<
  { adoptInstitution: GovernancePayload },
  InputVariables<{ courtyardId: string; kind: InstitutionKind; adoptedOn: string }>
>(/* GraphQL */ `
  mutation AdoptInstitution($input: AdoptInstitutionInput!) {
    adoptInstitution(input: $input) {
      courtyard {
        id
        institutions {
          kind
          adoptedOn
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const DesignateDemonstrationDocument = typedDocument<
  { designateDemonstration: GovernancePayload },
  InputVariables<{ courtyardId: string; since: string }>
>(/* GraphQL */ `
  mutation DesignateDemonstration($input: DesignateDemonstrationInput!) {
    designateDemonstration(input: $input) {
      courtyard {
        id
        demonstrationSince
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
