import { fetchAllPages, TREE_PAGE_SIZE } from '@/graphql/fetch-all-pages';
import { nodeOfType } from '@/graphql/connection';
import type {
  CommunityTreeFieldsFragment,
  CourtyardTreeFieldsFragment,
  StreetTreeFieldsFragment,
} from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CommunityCourtyardsDocument, StreetCommunitiesDocument, StreetsDocument } from '@/graphql/hierarchy.documents';

// One level of the hierarchy at a time, every page of it (`first` stays at 100, the API's maximum).

export function loadStreets(): Promise<StreetTreeFieldsFragment[]> {
  return fetchAllPages(async (after) => {
    const data = await useGraphql().query(StreetsDocument, { first: TREE_PAGE_SIZE, after });
    return data.district?.streets;
  });
}

export function loadCommunities(streetId: string): Promise<CommunityTreeFieldsFragment[]> {
  return fetchAllPages(async (after) => {
    const data = await useGraphql().query(StreetCommunitiesDocument, { id: streetId, first: TREE_PAGE_SIZE, after });
    return nodeOfType(data.node, 'Street')?.communities;
  });
}

export function loadCourtyards(communityId: string): Promise<CourtyardTreeFieldsFragment[]> {
  return fetchAllPages(async (after) => {
    const data = await useGraphql().query(CommunityCourtyardsDocument, {
      id: communityId,
      first: TREE_PAGE_SIZE,
      after,
    });
    return nodeOfType(data.node, 'Community')?.courtyards;
  });
}
