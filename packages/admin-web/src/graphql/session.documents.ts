import { graphql } from './generated';

export const LoginDocument = graphql(/* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(input: { email: $email, password: $password }) {
      token
      expiresAt
      user {
        id
        email
        displayName
        role
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const SessionUserFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment SessionUserFields on User {
    id
    email
    displayName
    role
    district {
      ...DistrictFields
    }
    scope {
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
  }
`);

export const MeDocument = graphql(/* GraphQL */ `
  query Me {
    me {
      ...SessionUserFields
    }
  }
`);
