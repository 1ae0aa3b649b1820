// Hand-written types for the parts of the API schema the admin app reads
// (../shared/contract/*.graphql plus the extras in docs/ARCHITECTURE.md).

export type Role =
  | 'PLATFORM_ADMIN'
  | 'DISTRICT_ADMIN'
  | 'STREET_OFFICER'
  | 'COMMUNITY_WORKER'
  | 'COURTYARD_COMMITTEE'
  | 'VIEWER';

export const COURTYARD_TYPES = ['OLD_COMPOUND', 'COMMERCIAL_HOUSING', 'WORK_UNIT_DORMITORY', 'OTHER'] as const;
export type CourtyardType = (typeof COURTYARD_TYPES)[number];

export interface UserError {
  field: string[] | null;
  message: string;
  code: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<Node> {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { cursor: string; node: Node }[];
}

export interface PageVariables {
  first?: number;
  after?: string | null;
}

export interface DistrictSummary {
  id: string;
  name: string;
  code: string;
  timezone: string;
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  district: DistrictSummary | null;
}
