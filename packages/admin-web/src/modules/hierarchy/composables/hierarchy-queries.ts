import { fetchAllPages, TREE_PAGE_SIZE } from '@/graphql/fetch-all-pages';
import { useGraphql } from '@/graphql/graphql-client';
import {
  CommunityCourtyardsDocument,
  StreetCommunitiesDocument,
  StreetsDocument,
  type CommunityNode,
  type CourtyardTreeNode,
  type StreetNode,
} from '@/graphql/hierarchy.documents';

// One level of the hierarchy at a time, every page of it (`first` stays at 100, the API's maximum).

export function loadStreets(): Promise<StreetNode[]> {
  return fetchAllPages(async (after) => {
    const data = await useGraphql().query(StreetsDocument, { first: TREE_PAGE_SIZE, after });
    return data.district?.streets;
  });
}

export function loadCommunities(streetId: string): Promise<CommunityNode[]> {
  return fetchAllPages(async (after) => {
    const data = await useGraphql().query(StreetCommunitiesDocument, { id: streetId, first: TREE_PAGE_SIZE, after });
    return data.node?.communities;
  });
}

export function loadCourtyards(communityId: string): Promise<CourtyardTreeNode[]> {
  return fetchAllPages(async (after) => {
    const data = await useGraphql().query(CommunityCourtyardsDocument, {
      id: communityId,
      first: TREE_PAGE_SIZE,
      after,
    });
    return data.node?.courtyards;
  });
}
