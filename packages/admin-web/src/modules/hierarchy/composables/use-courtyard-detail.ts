import { storeToRefs } from 'pinia';
import { computed, ref, watch, type Ref } from 'vue';
import { useCursorPagination } from '@/composables/use-cursor-pagination';
import { nodeOfType, type NodeOfType } from '@/graphql/connection';
import type { CourtyardDetailQuery, HouseholdFieldsFragment } from '@/graphql/generated/graphql';
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
  const households = ref<HouseholdFieldsFragment[]>([]);
  const householdsLoading = ref(false);
  const pagination = useCursorPagination({ pageSize: 20 });
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

  async function loadHouseholds(): Promise<void> {
    householdsLoading.value = true;
    try {
      const { node } = await useGraphql().query(CourtyardHouseholdsDocument, {
        id: courtyardId.value,
        ...pagination.variables.value,
      });
      const connection = nodeOfType(node, 'Courtyard')?.households;
      households.value = connection?.edges.map((edge) => edge.node) ?? [];
      if (connection) pagination.update(connection);
    } catch (error) {
      showRequestError(error);
    } finally {
      householdsLoading.value = false;
    }
  }

  function reload(): void {
    pagination.reset();
    void loadCourtyard();
    void loadHouseholds();
  }

  function nextPage(): void {
    if (pagination.next()) void loadHouseholds();
  }

  function previousPage(): void {
    if (pagination.previous()) void loadHouseholds();
  }

  function changePageSize(size: number): void {
    pagination.setPageSize(size);
    void loadHouseholds();
  }

  watch(courtyardId, reload, { immediate: true });

  return {
    permissions,
    courtyard,
    notFound,
    loading,
    households,
    householdsLoading,
    pagination,
    editDialogVisible,
    editValues,
    reload,
    loadCourtyard,
    loadHouseholds,
    nextPage,
    previousPage,
    changePageSize,
  };
}
