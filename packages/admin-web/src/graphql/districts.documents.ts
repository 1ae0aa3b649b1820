import { graphql } from './generated';

export const DistrictFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment DistrictFields on District {
    id
    name
    code
    timezone
  }
`);

// `districts` is beyond the partner contract (docs/ARCHITECTURE.md), PLATFORM_ADMIN only.
export const DistrictsDocument = graphql(/* GraphQL */ `
  query Districts($first: Int, $after: String) {
    districts(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          ...DistrictFields
        }
      }
    }
  }
`);

export const CreateDistrictDocument = graphql(/* GraphQL */ `
  mutation CreateDistrict($input: CreateDistrictInput!) {
    createDistrict(input: $input) {
      district {
        ...DistrictFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
