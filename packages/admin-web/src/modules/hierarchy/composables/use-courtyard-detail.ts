import { storeToRefs } from 'pinia';
import { computed, ref, watch, type Ref } from 'vue';
import { usePagedList } from '@/composables/use-paged-list';
import { nodeOfType, type NodeOfType } from '@/graphql/connection';
import type { CourtyardDetailQuery } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CourtyardDetailDocument, CourtyardHouseholdsDocument } from '@/graphql/hierarchy.documents';
import { useSessionStore } from '@/stores/session.store';
import { showRequestError } from '@/utils/request-error-message';
import type { CourtyardFormValues } from './use-courtyard-form';

export type CourtyardDetail = NodeOfType<CourtyardDetailQuery['node'], 'Courtyard'>;

/** A courtyard with its households, one page at a time. */
export function useCourtyardDetail(courtyardId: Ref<string>) {
  const { permissions } = storeToRefs(useSessionStore());
  const courtyard = ref<CourtyardDetail | null>(null);
  const notFound = ref(false);
  const loading = ref(false);
  const households = usePagedList(async (page) => {
    const { node } = await useGraphql().query(CourtyardHouseholdsDocument, { id: courtyardId.value, ...page });
    return nodeOfType(node, 'Courtyard')?.households;
  });
  const editDialogVisible = ref(false);

  const editValues = computed<CourtyardFormValues | null>(() =>
    courtyard.value
      ? {
          id: courtyard.value.id,
          streetId: courtyard.value.community.street.id,
          communityId: courtyard.value.community.id,
          name: courtyard.value.name,
          code: courtyard.value.code,
          type: courtyard.value.type,
          householdCount: courtyard.value.householdCount,
          address: courtyard.value.address,
        }
      : null,
  );

  async function loadCourtyard(): Promise<void> {
    loading.value = true;
    try {
      const { node } = await useGraphql().query(CourtyardDetailDocument, { id: courtyardId.value });
      courtyard.value = nodeOfType(node, 'Courtyard');
      notFound.value = courtyard.value === null;
    } catch (error) {
      showRequestError(error);
    } finally {
      loading.value = false;
    }
  }

  function reload(): void {
    void loadCourtyard();
    void households.reload();
  }

  watch(courtyardId, reload, { immediate: true });

  return {
    permissions,
    courtyard,
    notFound,
    loading,
    households,
    editDialogVisible,
    editValues,
    reload,
    loadCourtyard,
  };
}
