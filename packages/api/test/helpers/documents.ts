// GraphQL documents several specs send: the hierarchy's mutations and the district tree.

export const CREATE_STREET = `mutation($input: CreateStreetInput!) { createStreet(input: $input) { street { id name code } userErrors { field message code } } }`;
export const CREATE_COMMUNITY = `mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { community { id name code street { id } } userErrors { field message code } } }`;
export const CREATE_COURTYARD = `mutation($input: CreateCourtyardInput!) { createCourtyard(input: $input) { courtyard { id name code type householdCount community { id } } userErrors { field message code } } }`;
export const REGISTER_HOUSEHOLDS = `mutation($input: RegisterHouseholdsInput!) { registerHouseholds(input: $input) { households { id code areaSqm } userErrors { field message code } } }`;
export const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id email displayName role } userErrors { field message code } } }`;
export const CREATE_DISTRICT = `mutation($input: CreateDistrictInput!) { createDistrict(input: $input) { district { id name code timezone } userErrors { field message code } } }`;

/** The district with its streets, their communities and their courtyards, a page of streets at a time. */
export const DISTRICT_TREE = `query DistrictTree($first: Int, $after: String) {
  district { id name streets(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id name communities(first: 100) { edges { node { id name courtyards(first: 100) { totalCount edges { node { id name code householdCount } } } } } } } } } }
}`;
