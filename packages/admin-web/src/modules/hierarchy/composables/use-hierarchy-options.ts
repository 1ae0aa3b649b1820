import { ref } from 'vue';
import type { CommunityTreeFieldsFragment, StreetTreeFieldsFragment } from '@/graphql/generated/graphql';
import { showRequestError } from '@/utils/request-error-message';
import { loadCommunities, loadStreets } from './hierarchy-queries';

/** Street and community choices for selects (forms and list filters). */
export function useHierarchyOptions() {
  const streets = ref<StreetTreeFieldsFragment[]>([]);
  const communities = ref<CommunityTreeFieldsFragment[]>([]);
  const loadingStreets = ref(false);
  const loadingCommunities = ref(false);
  let communitiesFor: string | null = null;

  async function refreshStreets(): Promise<void> {
    loadingStreets.value = true;
    try {
      streets.value = await loadStreets();
    } catch (error) {
      showRequestError(error);
    } finally {
      loadingStreets.value = false;
    }
  }

  async function refreshCommunities(streetId: string | null | undefined): Promise<void> {
    communitiesFor = streetId ?? null;
    if (!streetId) {
      communities.value = [];
      return;
    }
    loadingCommunities.value = true;
    try {
      const loaded = await loadCommunities(streetId);
      // A later street choice may have overtaken this request.
      if (communitiesFor === streetId) communities.value = loaded;
    } catch (error) {
      showRequestError(error);
    } finally {
      loadingCommunities.value = false;
    }
  }

  return { streets, communities, loadingStreets, loadingCommunities, refreshStreets, refreshCommunities };
}
