import { graphql } from './generated';

// 预警督办: alerts on a courtyard's KPI (DOMAIN.md §7), their history, acknowledge and resolve.

/** period: the closed month the alert follows; history actions: OPENED, UPDATED, ESCALATED, ACKNOWLEDGED, RESOLVED. */
export const AlertFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment AlertFields on Alert {
    id
    level
    kpi
    period
    value
    target
    status
    openedAt
    courtyard {
      id
      name
      code
      community {
        id
        name
        street {
          id
          name
        }
      }
    }
    assignedTo {
      __typename
      ... on Street {
        id
        name
      }
      ... on Community {
        id
        name
      }
    }
    history {
      at
      action
      note
      actorKind
      actorName
    }
  }
`);

export const AlertsDocument = graphql(/* GraphQL */ `
  query Alerts($filter: AlertFilter, $first: Int, $after: String) {
    alerts(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          ...AlertFields
        }
      }
    }
  }
`);

export const AcknowledgeAlertDocument = graphql(/* GraphQL */ `
  mutation AcknowledgeAlert($input: AcknowledgeAlertInput!) {
    acknowledgeAlert(input: $input) {
      alert {
        ...AlertFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const ResolveAlertDocument = graphql(/* GraphQL */ `
  mutation ResolveAlert($input: ResolveAlertInput!) {
    resolveAlert(input: $input) {
      alert {
        ...AlertFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
