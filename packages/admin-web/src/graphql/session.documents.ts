import { typedDocument } from './typed-document';
import type { Role, SessionUser, UserError } from './types';

export interface LoginResult {
  login: {
    token: string | null;
    expiresAt: string | null;
    user: { id: string; email: string; displayName: string; role: Role } | null;
    userErrors: UserError[];
  };
}
export interface LoginVariables extends Record<string, unknown> {
  email: string;
  password: string;
}

export const LoginDocument = typedDocument<LoginResult, LoginVariables>(/* GraphQL */ `
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
        field
        message
        code
      }
    }
  }
`);

export interface MeResult {
  me: SessionUser | null;
}

export const MeDocument = typedDocument<MeResult>(/* GraphQL */ `
  query Me {
    me {
      id
      email
      displayName
      role
      district {
        id
        name
        code
        timezone
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
  }
`);
