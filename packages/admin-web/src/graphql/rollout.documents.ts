import { graphql } from './generated';

// The rollout plan (shared/contract/03-rollout.graphql) and a courtyard's governance.

export const RolloutBoardDocument = graphql(/* GraphQL */ `
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

export const CreateRolloutPlanDocument = graphql(/* GraphQL */ `
  mutation CreateRolloutPlan($input: CreateRolloutPlanInput!) {
    createRolloutPlan(input: $input) {
      rolloutPlan {
        id
        name
        startsOn
        pilotSize
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const EnrollCourtyardsDocument = graphql(/* GraphQL */ `
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
        ...UserErrorFields
      }
    }
  }
`);

export const ConfirmMilestoneDocument = graphql(/* GraphQL */ `
  mutation ConfirmMilestone($input: ConfirmMilestoneInput!) {
    confirmMilestone(input: $input) {
      milestone {
        key
        status
        metOn
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

// ---------------------------------------------------------------- governance of a courtyard

// Committee elections carry the "1+3+N" staffing: social worker, committee members, volunteers.

export const CourtyardGovernanceDocument = graphql(/* GraphQL */ `
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

export const RecordCommitteeElectionDocument = graphql(/* GraphQL */ `
  mutation RecordCommitteeElection($input: RecordCommitteeElectionInput!) {
    recordCommitteeElection(input: $input) {
      courtyard {
        id
        committeeElectedOn
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const AdoptInstitutionDocument = graphql(/* GraphQL */ `
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
        ...UserErrorFields
      }
    }
  }
`);

export const DesignateDemonstrationDocument = graphql(/* GraphQL */ `
  mutation DesignateDemonstration($input: DesignateDemonstrationInput!) {
    designateDemonstration(input: $input) {
      courtyard {
        id
        demonstrationSince
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
