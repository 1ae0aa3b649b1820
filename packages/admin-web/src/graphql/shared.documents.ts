import { graphql } from './generated';

// Selections every mutation payload and every connection shares.

export const UserErrorFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`);

export const PageInfoFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
  }
`);

/** The unit a scoped user, an API client or a webhook is limited to; null: the whole district. */
export const ScopeUnitFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment ScopeUnitFields on ScopeUnit {
    __typename
    ... on Street {
      id
      name
    }
    ... on Community {
      id
      name
    }
    ... on Courtyard {
      id
      name
    }
  }
`);
