import { typedDocument } from './typed-document';
import { KPI_KEYS, type KpiKey, type KpiStatus, type PhaseKey, type UserError } from './types';

// KPIs computed by the worker (shared/contract/05-kpi-alerts.graphql), the dashboard's roll-ups,
// trends, the hand-requested recompute, and the district's targets by phase.

export interface KpiValueNode {
  key: KpiKey;
  /** A fraction 0–1, a score 0–100, days or hours; null when NO_DATA. */
  value: number | null;
  target: number | null;
  status: KpiStatus;
}

export interface KpiValueDetail extends KpiValueNode {
  numerator: number | null;
  denominator: number | null;
  /** The period is still open: figures may change, no alerts. */
  provisional: boolean;
  computedAt: string | null;
  previousValue: number | null;
  /** value − previousValue; null unless both have a value. */
  change: number | null;
}

export interface KpiPointNode {
  period: string;
  value: number | null;
  target: number | null;
  status: KpiStatus;
}

export interface AlertCountsNode {
  open: number;
  acknowledged: number;
  red: number;
  yellow: number;
}

export interface UnitKpisNode {
  id: string;
  name: string;
  code: string;
  alertCounts: AlertCountsNode;
  kpis: KpiValueNode[];
}

export interface DashboardPhaseNode {
  key: PhaseKey;
  startMonth: number;
  endMonth: number;
  targetCourtyards: number;
  enrolledCourtyards: number;
}

export interface DashboardResult {
  district: {
    id: string;
    name: string;
    alertCounts: AlertCountsNode;
    kpis: KpiValueDetail[];
    streets: { totalCount: number; edges: { node: UnitKpisNode }[] };
  } | null;
  rolloutPlan: {
    id: string;
    name: string;
    currentPhase: { key: PhaseKey } | null;
    phases: DashboardPhaseNode[];
  } | null;
}

const KPI_DETAIL = 'key value numerator denominator target status provisional computedAt previousValue change';
const KPI_CELL = 'key value target status';
const ALERT_COUNTS = 'alertCounts { open acknowledged red yellow }';

/** The district's KPIs, its streets' KPIs (the API lists the caller's subtree only) and the rollout's phases. */
export const DashboardDocument = typedDocument<DashboardResult, { period: string }>(/* GraphQL */ `
  query Dashboard($period: Period!) {
    district {
      id
      name
      ${ALERT_COUNTS}
      kpis(period: $period) { ${KPI_DETAIL} }
      streets(first: 100) {
        totalCount
        edges { node { id name code ${ALERT_COUNTS} kpis(period: $period) { ${KPI_CELL} } } }
      }
    }
    rolloutPlan {
      id
      name
      currentPhase { key }
      phases { key startMonth endMonth targetCourtyards enrolledCourtyards }
    }
  }
`);

export interface StreetCommunitiesKpisResult {
  node: {
    __typename: string;
    id: string;
    communities?: { totalCount: number; edges: { node: UnitKpisNode }[] };
  } | null;
}

/** A street's communities with their KPIs, read when the street's row is expanded. */
export const StreetCommunitiesKpisDocument = typedDocument<
  StreetCommunitiesKpisResult,
  { id: string; period: string }
>(/* GraphQL */ `
    query StreetCommunitiesKpis($id: ID!, $period: Period!) {
      node(id: $id) {
        __typename
        id
        ... on Street {
          communities(first: 100) {
            totalCount
            edges { node { id name code ${ALERT_COUNTS} kpis(period: $period) { ${KPI_CELL} } } }
          }
        }
      }
    }
  `);

export interface CourtyardKpisResult {
  node: { __typename: string; id: string; name?: string; kpis?: KpiValueDetail[] } | null;
}

export const CourtyardKpisDocument = typedDocument<CourtyardKpisResult, { id: string; period: string }>(/* GraphQL */ `
  query CourtyardKpis($id: ID!, $period: Period!) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard { name kpis(period: $period) { ${KPI_DETAIL} } }
    }
  }
`);

export type KpiTrendsResult = Record<KpiKey, KpiPointNode[]>;

export interface KpiTrendsVariables extends Record<string, unknown> {
  id: string;
  from: string;
  to: string;
}

/** The ten KPIs' trends of one unit in one request: one alias per KPI key. */
export const KpiTrendsDocument = typedDocument<KpiTrendsResult, KpiTrendsVariables>(/* GraphQL */ `
  query KpiTrends($id: ID!, $from: Period!, $to: Period!) {
    ${KPI_KEYS.map((key) => `${key}: kpiTrend(scopeId: $id, key: ${key}, from: $from, to: $to) { period value target status }`).join('\n    ')}
  }
`);

export const KpiTrendDocument = typedDocument<
  { kpiTrend: KpiPointNode[] },
  { id: string; key: KpiKey; from: string; to: string }
>(/* GraphQL */ `
  query KpiTrend($id: ID!, $key: KpiKey!, $from: Period!, $to: Period!) {
    kpiTrend(scopeId: $id, key: $key, from: $from, to: $to) {
      period
      value
      target
      status
    }
  }
`);

export interface RecomputeJobNode {
  id: string;
  state: 'QUEUED' | 'ACTIVE' | 'COMPLETED' | 'FAILED';
  progress: number | null;
  failedReason: string | null;
}

export const RequestKpiRecomputeDocument = typedDocument<
  { requestKpiRecompute: { job: RecomputeJobNode | null; userErrors: UserError[] } },
  { period: string }
>(/* GraphQL */ `
  mutation RequestKpiRecompute($period: Period!) {
    requestKpiRecompute(input: { period: $period }) {
      job {
        id
        state
        progress
        failedReason
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

// ---------------------------------------------------------------- targets by phase

export interface KpiTargetNode {
  phase: PhaseKey;
  kpi: KpiKey;
  /** In force: the district's override, else the plan's default. */
  target: number;
  defaultTarget: number;
  overridden: boolean;
}

const KPI_TARGET = 'phase kpi target defaultTarget overridden';

export const KpiTargetsDocument = typedDocument<{ kpiTargets: KpiTargetNode[] }>(/* GraphQL */ `
  query KpiTargets {
    kpiTargets { ${KPI_TARGET} }
  }
`);

export interface KpiTargetPayload {
  target: KpiTargetNode | null;
  userErrors: UserError[];
}

export const SetKpiTargetDocument = typedDocument<
  { setKpiTarget: KpiTargetPayload },
  { input: { phase: PhaseKey; kpi: KpiKey; target: number } }
>(/* GraphQL */ `
  mutation SetKpiTarget($input: SetKpiTargetInput!) {
    setKpiTarget(input: $input) {
      target { ${KPI_TARGET} }
      userErrors { field message code }
    }
  }
`);

export const ResetKpiTargetDocument = typedDocument<
  { resetKpiTarget: KpiTargetPayload },
  { input: { phase: PhaseKey; kpi: KpiKey } }
>(/* GraphQL */ `
  mutation ResetKpiTarget($input: ResetKpiTargetInput!) {
    resetKpiTarget(input: $input) {
      target { ${KPI_TARGET} }
      userErrors { field message code }
    }
  }
`);
