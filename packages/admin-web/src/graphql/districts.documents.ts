import { typedDocument } from './typed-document';
import type { Connection, DistrictSummary, PageVariables, UserError } from './types';

// `districts` is beyond the partner contract (docs/ARCHITECTURE.md), PLATFORM_ADMIN only.
export interface DistrictsResult {
  districts: Connection<DistrictSummary>;
}
export type DistrictsVariables = PageVariables & Record<string, unknown>;

export const DistrictsDocument = typedDocument<DistrictsResult, DistrictsVariables>(/* GraphQL */ `
  query Districts($first: Int, $after: String) {
    districts(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          code
          timezone
        }
      }
    }
  }
`);

export interface CreateDistrictInput {
  name: string;
  code: string;
  timezone?: string;
  adminEmail: string;
  adminPassword: string;
}
export interface CreateDistrictResult {
  createDistrict: { district: DistrictSummary | null; userErrors: UserError[] };
}
export interface CreateDistrictVariables extends Record<string, unknown> {
  input: CreateDistrictInput;
}

export const CreateDistrictDocument = typedDocument<CreateDistrictResult, CreateDistrictVariables>(/* GraphQL */ `
  mutation CreateDistrict($input: CreateDistrictInput!) {
    createDistrict(input: $input) {
      district {
        id
        name
        code
        timezone
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
