import { graphql } from './generated';

// KPIs computed by the worker (shared/contract/05-kpi-alerts.graphql), the dashboard's roll-ups,
// trends, the hand-requested recompute, and the district's targets by phase.

/** A KPI in a table cell. value: a fraction 0–1, a score 0–100, days or hours; null when NO_DATA. */
export const KpiCellFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment KpiCellFields on KpiValue {
    key
    value
    target
    status
  }
`);

/**
 * A KPI on a card. provisional: the period is still open (figures may change, no alerts);
 * change: value − previousValue, null unless both have a value.
 */
export const KpiDetailFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment KpiDetailFields on KpiValue {
    key
    value
    numerator
    denominator
    target
    status
    provisional
    computedAt
    previousValue
    change
  }
`);

export const AlertCountsFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment AlertCountsFields on AlertCounts {
    open
    acknowledged
    red
    yellow
  }
`);

/** The district's KPIs, its streets' KPIs (the API lists the caller's subtree only) and the rollout's phases. */
export const DashboardDocument = graphql(/* GraphQL */ `
  query Dashboard($period: Period!) {
    district {
      id
      name
      alertCounts {
        ...AlertCountsFields
      }
      kpis(period: $period) {
        ...KpiDetailFields
      }
      streets(first: 100) {
        totalCount
        edges {
          node {
            id
            name
            code
            alertCounts {
              ...AlertCountsFields
            }
            kpis(period: $period) {
              ...KpiCellFields
            }
          }
        }
      }
    }
    rolloutPlan {
      id
      name
      currentPhase {
        key
      }
      phases {
        key
        startMonth
        endMonth
        targetCourtyards
        enrolledCourtyards
      }
    }
  }
`);

/** A street's communities with their KPIs, read when the street's row is expanded. */
export const StreetCommunitiesKpisDocument = graphql(/* GraphQL */ `
  query StreetCommunitiesKpis($id: ID!, $period: Period!) {
    node(id: $id) {
      __typename
      id
      ... on Street {
        communities(first: 100) {
          totalCount
          edges {
            node {
              id
              name
              code
              alertCounts {
                ...AlertCountsFields
              }
              kpis(period: $period) {
                ...KpiCellFields
              }
            }
          }
        }
      }
    }
  }
`);

export const CourtyardKpisDocument = graphql(/* GraphQL */ `
  query CourtyardKpis($id: ID!, $period: Period!) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        name
        kpis(period: $period) {
          ...KpiDetailFields
        }
      }
    }
  }
`);

export const KpiPointFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment KpiPointFields on KpiPoint {
    period
    value
    target
    status
  }
`);

/** The ten KPIs' trends of one unit in one request: one alias per KPI key. */
export const KpiTrendsDocument = graphql(/* GraphQL */ `
  query KpiTrends($id: ID!, $from: Period!, $to: Period!) {
    PARTICIPATION_RATE: kpiTrend(scopeId: $id, key: PARTICIPATION_RATE, from: $from, to: $to) {
      ...KpiPointFields
    }
    DISPUTE_RESOLUTION_RATE: kpiTrend(scopeId: $id, key: DISPUTE_RESOLUTION_RATE, from: $from, to: $to) {
      ...KpiPointFields
    }
    SELF_FUNDING_RATE: kpiTrend(scopeId: $id, key: SELF_FUNDING_RATE, from: $from, to: $to) {
      ...KpiPointFields
    }
    IDLE_SPACE_UTILIZATION: kpiTrend(scopeId: $id, key: IDLE_SPACE_UTILIZATION, from: $from, to: $to) {
      ...KpiPointFields
    }
    SATISFACTION_SCORE: kpiTrend(scopeId: $id, key: SATISFACTION_SCORE, from: $from, to: $to) {
      ...KpiPointFields
    }
    YOUTH_PARTICIPATION_RATE: kpiTrend(scopeId: $id, key: YOUTH_PARTICIPATION_RATE, from: $from, to: $to) {
      ...KpiPointFields
    }
    DISPUTE_RESOLUTION_DAYS: kpiTrend(scopeId: $id, key: DISPUTE_RESOLUTION_DAYS, from: $from, to: $to) {
      ...KpiPointFields
    }
    SERVICE_RESPONSE_HOURS: kpiTrend(scopeId: $id, key: SERVICE_RESPONSE_HOURS, from: $from, to: $to) {
      ...KpiPointFields
    }
    COMMITTEE_FORMATION_RATE: kpiTrend(scopeId: $id, key: COMMITTEE_FORMATION_RATE, from: $from, to: $to) {
      ...KpiPointFields
    }
    INSTITUTION_COMPLETENESS: kpiTrend(scopeId: $id, key: INSTITUTION_COMPLETENESS, from: $from, to: $to) {
      ...KpiPointFields
    }
  }
`);

export const KpiTrendDocument = graphql(/* GraphQL */ `
  query KpiTrend($id: ID!, $key: KpiKey!, $from: Period!, $to: Period!) {
    kpiTrend(scopeId: $id, key: $key, from: $from, to: $to) {
      ...KpiPointFields
    }
  }
`);

export const RequestKpiRecomputeDocument = graphql(/* GraphQL */ `
  mutation RequestKpiRecompute($period: Period!) {
    requestKpiRecompute(input: { period: $period }) {
      job {
        ...JobFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

// ---------------------------------------------------------------- targets by phase

/** target: the one in force (the district's override, else the plan's default). */
export const KpiTargetFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment KpiTargetFields on KpiTargetRow {
    phase
    kpi
    target
    defaultTarget
    overridden
  }
`);

export const KpiTargetsDocument = graphql(/* GraphQL */ `
  query KpiTargets {
    kpiTargets {
      ...KpiTargetFields
    }
  }
`);

export const SetKpiTargetDocument = graphql(/* GraphQL */ `
  mutation SetKpiTarget($input: SetKpiTargetInput!) {
    setKpiTarget(input: $input) {
      target {
        ...KpiTargetFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const ResetKpiTargetDocument = graphql(/* GraphQL */ `
  mutation ResetKpiTarget($input: ResetKpiTargetInput!) {
    resetKpiTarget(input: $input) {
      target {
        ...KpiTargetFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
