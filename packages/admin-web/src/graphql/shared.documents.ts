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
