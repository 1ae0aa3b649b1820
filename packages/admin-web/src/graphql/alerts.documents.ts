import { typedDocument } from './typed-document';
import type { AlertLevel, AlertStatus, Connection, KpiKey, PageVariables, UserError } from './types';

// 预警督办: alerts on a courtyard's KPI (DOMAIN.md §7), their history, acknowledge and resolve.

export interface AlertEventNode {
  at: string;
  /** OPENED, UPDATED, ESCALATED, ACKNOWLEDGED or RESOLVED */
  action: string;
  note: string | null;
  actor: { id: string; displayName: string } | null;
}

export interface AlertAssignee {
  __typename: 'Street' | 'Community';
  id: string;
  name: string;
}

export interface AlertNode {
  id: string;
  level: AlertLevel;
  kpi: KpiKey;
  /** The closed month the alert follows. */
  period: string;
  value: number | null;
  target: number | null;
  status: AlertStatus;
  openedAt: string;
  courtyard: {
    id: string;
    name: string;
    code: string;
    community: { id: string; name: string; street: { id: string; name: string } };
  };
  assignedTo: AlertAssignee;
  history: AlertEventNode[];
}

export interface AlertFilterInput {
  status?: AlertStatus | null;
  level?: AlertLevel | null;
  kpi?: KpiKey | null;
  streetId?: string | null;
  communityId?: string | null;
  courtyardId?: string | null;
  period?: string | null;
}

const ALERT_FIELDS = /* GraphQL */ `
  id
  level
  kpi
  period
  value
  target
  status
  openedAt
  courtyard { id name code community { id name street { id name } } }
  assignedTo { __typename ... on Street { id name } ... on Community { id name } }
  history { at action note actor { id displayName } }
`;

export const AlertsDocument = typedDocument<
  { alerts: Connection<AlertNode> },
  PageVariables & { filter?: AlertFilterInput | null } & Record<string, unknown>
>(/* GraphQL */ `
  query Alerts($filter: AlertFilter, $first: Int, $after: String) {
    alerts(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ${ALERT_FIELDS} } }
    }
  }
`);

export interface AlertPayloadResult {
  alert: AlertNode | null;
  userErrors: UserError[];
}

export const AcknowledgeAlertDocument = typedDocument<
  { acknowledgeAlert: AlertPayloadResult },
  { input: { alertId: string; note: string } }
>(/* GraphQL */ `
  mutation AcknowledgeAlert($input: AcknowledgeAlertInput!) {
    acknowledgeAlert(input: $input) {
      alert { ${ALERT_FIELDS} }
      userErrors { field message code }
    }
  }
`);

export const ResolveAlertDocument = typedDocument<
  { resolveAlert: AlertPayloadResult },
  { input: { alertId: string; note: string } }
>(/* GraphQL */ `
  mutation ResolveAlert($input: ResolveAlertInput!) {
    resolveAlert(input: $input) {
      alert { ${ALERT_FIELDS} }
      userErrors { field message code }
    }
  }
`);
