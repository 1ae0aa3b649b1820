import { typedDocument } from './typed-document';
import type { Connection, CourtyardType, PageVariables, UserError } from './types';

// ---------------------------------------------------------------- read models

export interface StreetNode {
  id: string;
  name: string;
  code: string;
  /** Beyond the partner contract (docs/ARCHITECTURE.md). */
  communityCount: number;
}

export interface CommunityNode {
  id: string;
  name: string;
  code: string;
  /** Beyond the partner contract (docs/ARCHITECTURE.md). */
  courtyardCount: number;
  street: { id: string };
}

export interface CourtyardTreeNode {
  id: string;
  name: string;
  code: string;
  type: CourtyardType;
  householdCount: number;
}

export interface CourtyardListNode extends CourtyardTreeNode {
  enrolledOn: string | null;
  batch: number | null;
  community: { id: string; name: string; street: { id: string; name: string } };
}

export interface CourtyardDetail extends CourtyardListNode {
  /** Beyond the partner contract (docs/ARCHITECTURE.md). */
  address: string | null;
}

export interface HouseholdNode {
  id: string;
  code: string;
  areaSqm: number | null;
  /** Masked by the server for roles without personal-data access. */
  contactName: string | null;
  contactPhone: string | null;
}

type Paged = PageVariables & Record<string, unknown>;

// ---------------------------------------------------------------- tree (lazy, one level at a time)

export interface StreetsResult {
  district: { id: string; name: string; streets: Connection<StreetNode> } | null;
}

export const StreetsDocument = typedDocument<StreetsResult, Paged>(/* GraphQL */ `
  query Streets($first: Int, $after: String) {
    district {
      id
      name
      streets(first: $first, after: $after) {
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
            communityCount
          }
        }
      }
    }
  }
`);

export interface StreetCommunitiesResult {
  node: { __typename: string; id: string; communities?: Connection<CommunityNode> } | null;
}
export type NodePageVariables = Paged & { id: string };

export const StreetCommunitiesDocument = typedDocument<StreetCommunitiesResult, NodePageVariables>(/* GraphQL */ `
  query StreetCommunities($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on Street {
        communities(first: $first, after: $after) {
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
              courtyardCount
              street {
                id
              }
            }
          }
        }
      }
    }
  }
`);

export interface CommunityCourtyardsResult {
  node: { __typename: string; id: string; courtyards?: Connection<CourtyardTreeNode> } | null;
}

export const CommunityCourtyardsDocument = typedDocument<CommunityCourtyardsResult, NodePageVariables>(/* GraphQL */ `
  query CommunityCourtyards($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on Community {
        courtyards(first: $first, after: $after) {
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
              type
              householdCount
            }
          }
        }
      }
    }
  }
`);

// ---------------------------------------------------------------- courtyard list and detail

export interface CourtyardFilter {
  streetId?: string;
  communityId?: string;
  type?: CourtyardType;
  enrolled?: boolean;
  search?: string;
}

export interface CourtyardsResult {
  courtyards: Connection<CourtyardListNode>;
}
export type CourtyardsVariables = Paged & { filter?: CourtyardFilter };

export const CourtyardsDocument = typedDocument<CourtyardsResult, CourtyardsVariables>(/* GraphQL */ `
  query Courtyards($filter: CourtyardFilter, $first: Int, $after: String) {
    courtyards(filter: $filter, first: $first, after: $after) {
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
          type
          householdCount
          enrolledOn
          batch
          community {
            id
            name
            street {
              id
              name
            }
          }
        }
      }
    }
  }
`);

export interface CourtyardDetailResult {
  node: ({ __typename: string } & Partial<CourtyardDetail> & { id: string }) | null;
}

export const CourtyardDetailDocument = typedDocument<CourtyardDetailResult, { id: string }>(/* GraphQL */ `
  query CourtyardDetail($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        name
        code
        type
        householdCount
        address
        enrolledOn
        batch
        community {
          id
          name
          street {
            id
            name
          }
        }
      }
    }
  }
`);

export interface CourtyardHouseholdsResult {
  node: { __typename: string; id: string; households?: Connection<HouseholdNode> } | null;
}

export const CourtyardHouseholdsDocument = typedDocument<CourtyardHouseholdsResult, NodePageVariables>(/* GraphQL */ `
  query CourtyardHouseholds($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        households(first: $first, after: $after) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            cursor
            node {
              id
              code
              areaSqm
              contactName
              contactPhone
            }
          }
        }
      }
    }
  }
`);

// ---------------------------------------------------------------- mutations

export interface StreetPayload {
  street: { id: string; name: string; code: string } | null;
  userErrors: UserError[];
}
export interface CommunityPayload {
  community: { id: string; name: string; code: string; street: { id: string } } | null;
  userErrors: UserError[];
}
export interface CourtyardPayload {
  courtyard: {
    id: string;
    name: string;
    code: string;
    type: CourtyardType;
    householdCount: number;
    community: { id: string };
  } | null;
  userErrors: UserError[];
}

export interface CreateStreetInput {
  name: string;
  code: string;
}
export interface UpdateStreetInput {
  id: string;
  name?: string;
  code?: string;
}
export interface CreateCommunityInput {
  streetId: string;
  name: string;
  code: string;
}
export interface UpdateCommunityInput {
  id: string;
  name?: string;
  code?: string;
}
export interface CreateCourtyardInput {
  communityId: string;
  name: string;
  code: string;
  type: CourtyardType;
  householdCount: number;
  address?: string | null;
}
export interface UpdateCourtyardInput {
  id: string;
  name?: string;
  code?: string;
  type?: CourtyardType;
  householdCount?: number;
  address?: string | null;
}
export interface HouseholdInput {
  code: string;
  areaSqm?: number | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

interface InputVariables<Input> extends Record<string, unknown> {
  input: Input;
}

export const CreateStreetDocument = typedDocument<{ createStreet: StreetPayload }, InputVariables<CreateStreetInput>>(
  /* GraphQL */ `
    mutation CreateStreet($input: CreateStreetInput!) {
      createStreet(input: $input) {
        street {
          id
          name
          code
        }
        userErrors {
          field
          message
          code
        }
      }
    }
  `,
);

export const UpdateStreetDocument = typedDocument<{ updateStreet: StreetPayload }, InputVariables<UpdateStreetInput>>(
  /* GraphQL */ `
    mutation UpdateStreet($input: UpdateStreetInput!) {
      updateStreet(input: $input) {
        street {
          id
          name
          code
        }
        userErrors {
          field
          message
          code
        }
      }
    }
  `,
);

export const CreateCommunityDocument = typedDocument<
  { createCommunity: CommunityPayload },
  InputVariables<CreateCommunityInput>
>(/* GraphQL */ `
  mutation CreateCommunity($input: CreateCommunityInput!) {
    createCommunity(input: $input) {
      community {
        id
        name
        code
        street {
          id
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const UpdateCommunityDocument = typedDocument<
  { updateCommunity: CommunityPayload },
  InputVariables<UpdateCommunityInput>
>(/* GraphQL */ `
  mutation UpdateCommunity($input: UpdateCommunityInput!) {
    updateCommunity(input: $input) {
      community {
        id
        name
        code
        street {
          id
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const CreateCourtyardDocument = typedDocument<
  { createCourtyard: CourtyardPayload },
  InputVariables<CreateCourtyardInput>
>(/* GraphQL */ `
  mutation CreateCourtyard($input: CreateCourtyardInput!) {
    createCourtyard(input: $input) {
      courtyard {
        id
        name
        code
        type
        householdCount
        community {
          id
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const UpdateCourtyardDocument = typedDocument<
  { updateCourtyard: CourtyardPayload },
  InputVariables<UpdateCourtyardInput>
>(/* GraphQL */ `
  mutation UpdateCourtyard($input: UpdateCourtyardInput!) {
    updateCourtyard(input: $input) {
      courtyard {
        id
        name
        code
        type
        householdCount
        community {
          id
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export interface RegisterHouseholdsResult {
  registerHouseholds: {
    households: { id: string; code: string; areaSqm: number | null }[];
    userErrors: UserError[];
  };
}

export const RegisterHouseholdsDocument = typedDocument<
  RegisterHouseholdsResult,
  InputVariables<{ courtyardId: string; households: HouseholdInput[] }>
>(/* GraphQL */ `
  mutation RegisterHouseholds($input: RegisterHouseholdsInput!) {
    registerHouseholds(input: $input) {
      households {
        id
        code
        areaSqm
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
