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
        mustChangePassword
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
    mustChangePassword
    district {
      ...DistrictFields
    }
    scope {
      ...ScopeUnitFields
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

/** Ends every session of the user (the token version is bumped), this one included. */
export const SignOutDocument = graphql(/* GraphQL */ `
  mutation SignOut {
    signOut {
      signedOut
    }
  }
`);

/** The signed-in user's new password; the answer's token continues this session (the others end). */
export const ChangePasswordDocument = graphql(/* GraphQL */ `
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      token
      expiresAt
      user {
        ...SessionUserFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
