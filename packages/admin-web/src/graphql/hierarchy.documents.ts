import { graphql } from './generated';

// ---------------------------------------------------------------- read models

export const StreetFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment StreetFields on Street {
    id
    name
    code
  }
`);

export const CommunityFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment CommunityFields on Community {
    id
    name
    code
    street {
      id
    }
  }
`);

// communityCount and courtyardCount are beyond the partner contract (docs/ARCHITECTURE.md).
export const StreetTreeFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment StreetTreeFields on Street {
    ...StreetFields
    communityCount
  }
`);

export const CommunityTreeFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment CommunityTreeFields on Community {
    ...CommunityFields
    courtyardCount
  }
`);

/** A courtyard as the tree and the saved-courtyard answers show it. */
export const CourtyardTreeFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment CourtyardTreeFields on Courtyard {
    id
    name
    code
    type
    householdCount
  }
`);

export const CourtyardListFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment CourtyardListFields on Courtyard {
    ...CourtyardTreeFields
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
`);

export const HouseholdFieldsFragmentDocument = graphql(/* GraphQL */ `
  fragment HouseholdFields on Household {
    id
    code
    areaSqm
    contactName
    contactPhone
  }
`);

// ---------------------------------------------------------------- tree (lazy, one level at a time)

export const StreetsDocument = graphql(/* GraphQL */ `
  query Streets($first: Int, $after: String) {
    district {
      id
      name
      streets(first: $first, after: $after) {
        totalCount
        pageInfo {
          ...PageInfoFields
        }
        edges {
          cursor
          node {
            ...StreetTreeFields
          }
        }
      }
    }
  }
`);

export const StreetCommunitiesDocument = graphql(/* GraphQL */ `
  query StreetCommunities($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on Street {
        communities(first: $first, after: $after) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              ...CommunityTreeFields
            }
          }
        }
      }
    }
  }
`);

export const CommunityCourtyardsDocument = graphql(/* GraphQL */ `
  query CommunityCourtyards($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on Community {
        courtyards(first: $first, after: $after) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              ...CourtyardTreeFields
            }
          }
        }
      }
    }
  }
`);

// ---------------------------------------------------------------- courtyard list and detail

export const CourtyardsDocument = graphql(/* GraphQL */ `
  query Courtyards($filter: CourtyardFilter, $first: Int, $after: String) {
    courtyards(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          ...CourtyardListFields
        }
      }
    }
  }
`);

// address is beyond the partner contract (docs/ARCHITECTURE.md).
export const CourtyardDetailDocument = graphql(/* GraphQL */ `
  query CourtyardDetail($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        ...CourtyardListFields
        address
      }
    }
  }
`);

export const CourtyardHouseholdsDocument = graphql(/* GraphQL */ `
  query CourtyardHouseholds($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      __typename
      id
      ... on Courtyard {
        households(first: $first, after: $after) {
          totalCount
          pageInfo {
            ...PageInfoFields
          }
          edges {
            cursor
            node {
              ...HouseholdFields
            }
          }
        }
      }
    }
  }
`);

// ---------------------------------------------------------------- mutations

export const CreateStreetDocument = graphql(/* GraphQL */ `
  mutation CreateStreet($input: CreateStreetInput!) {
    createStreet(input: $input) {
      street {
        ...StreetFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateStreetDocument = graphql(/* GraphQL */ `
  mutation UpdateStreet($input: UpdateStreetInput!) {
    updateStreet(input: $input) {
      street {
        ...StreetFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const CreateCommunityDocument = graphql(/* GraphQL */ `
  mutation CreateCommunity($input: CreateCommunityInput!) {
    createCommunity(input: $input) {
      community {
        ...CommunityFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateCommunityDocument = graphql(/* GraphQL */ `
  mutation UpdateCommunity($input: UpdateCommunityInput!) {
    updateCommunity(input: $input) {
      community {
        ...CommunityFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const CreateCourtyardDocument = graphql(/* GraphQL */ `
  mutation CreateCourtyard($input: CreateCourtyardInput!) {
    createCourtyard(input: $input) {
      courtyard {
        ...CourtyardTreeFields
        community {
          id
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const UpdateCourtyardDocument = graphql(/* GraphQL */ `
  mutation UpdateCourtyard($input: UpdateCourtyardInput!) {
    updateCourtyard(input: $input) {
      courtyard {
        ...CourtyardTreeFields
        community {
          id
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const RegisterHouseholdsDocument = graphql(/* GraphQL */ `
  mutation RegisterHouseholds($input: RegisterHouseholdsInput!) {
    registerHouseholds(input: $input) {
      households {
        id
        code
        areaSqm
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
