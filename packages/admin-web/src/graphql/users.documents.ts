import { graphql } from './generated';

// 用户管理 (issue 10): the district admin manages every user of the district, a street officer its
// street's community workers and courtyard committees. Beyond the partner contract.

export const ManagedUserFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment ManagedUserFields on User {
    id
    email
    displayName
    role
    disabled
    mustChangePassword
    lastSignInAt
    scope {
      ...ScopeUnitFields
    }
  }
`);

export const UsersDocument = graphql(/* GraphQL */ `
  query Users($first: Int, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          ...ManagedUserFields
        }
      }
    }
  }
`);

/** `oneTimePassword` is in this answer only: the user changes it at first sign-in. */
export const InviteUserDocument = graphql(/* GraphQL */ `
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      user {
        ...ManagedUserFields
      }
      oneTimePassword
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateUserDocument = graphql(/* GraphQL */ `
  mutation UpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      user {
        ...ManagedUserFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const SetUserDisabledDocument = graphql(/* GraphQL */ `
  mutation SetUserDisabled($input: SetUserDisabledInput!) {
    setUserDisabled(input: $input) {
      user {
        ...ManagedUserFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

/** A new one-time password, in this answer only; the user's sessions end. */
export const ResetUserPasswordDocument = graphql(/* GraphQL */ `
  mutation ResetUserPassword($input: UserIdInput!) {
    resetUserPassword(input: $input) {
      user {
        ...ManagedUserFields
      }
      oneTimePassword
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
