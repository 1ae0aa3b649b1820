import { storeToRefs } from 'pinia';
import { onMounted, reactive, ref } from 'vue';
import { useRouter } from 'vue-router';
import { useCursorPagination } from '@/composables/use-cursor-pagination';
import type { CourtyardFilter, CourtyardListFieldsFragment, CourtyardType } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CourtyardsDocument } from '@/graphql/hierarchy.documents';
import { useSessionStore } from '@/stores/session.store';
import { showRequestError } from '@/utils/request-error-message';
import { useHierarchyOptions } from './use-hierarchy-options';

export type EnrolledChoice = '' | 'yes' | 'no';

export interface CourtyardListFilters {
  streetId: string;
  communityId: string;
  type: CourtyardType | '';
  enrolled: EnrolledChoice;
  search: string;
}

/** The API's filter from the form's values: empty choices are left out. */
export function toCourtyardFilter(filters: CourtyardListFilters): CourtyardFilter {
  const filter: CourtyardFilter = {};
  if (filters.streetId) filter.streetId = filters.streetId;
  if (filters.communityId) filter.communityId = filters.communityId;
  if (filters.type) filter.type = filters.type;
  if (filters.enrolled) filter.enrolled = filters.enrolled === 'yes';
  const search = filters.search.trim();
  if (search) filter.search = search;
  return filter;
}

export function useCourtyardList() {
  const router = useRouter();
  const { permissions } = storeToRefs(useSessionStore());
  const filters = reactive<CourtyardListFilters>({ streetId: '', communityId: '', type: '', enrolled: '', search: '' });
  const pagination = useCursorPagination({ pageSize: 20 });
  const rows = ref<CourtyardListFieldsFragment[]>([]);
  const loading = ref(false);
  const options = useHierarchyOptions();
  const createDialogVisible = ref(false);
  const selected = ref<CourtyardListFieldsFragment[]>([]);
  const enrolDialogVisible = ref(false);
  let latestRequest = 0;

  async function fetch(): Promise<void> {
    const request = (latestRequest += 1);
    loading.value = true;
    try {
      const data = await useGraphql().query(CourtyardsDocument, {
        filter: toCourtyardFilter(filters),
        ...pagination.variables.value,
      });
      // Only the answer to the latest request may fill the table.
      if (request !== latestRequest) return;
      rows.value = data.courtyards.edges.map((edge) => edge.node);
      pagination.update(data.courtyards);
    } catch (error) {
      if (request === latestRequest) showRequestError(error);
    } finally {
      if (request === latestRequest) loading.value = false;
    }
  }

  function applyFilters(): void {
    pagination.reset();
    void fetch();
  }

  function onStreetChange(): void {
    filters.communityId = '';
    void options.refreshCommunities(filters.streetId);
    applyFilters();
  }

  function resetFilters(): void {
    Object.assign(filters, { streetId: '', communityId: '', type: '', enrolled: '', search: '' });
    void options.refreshCommunities(null);
    applyFilters();
  }

  function nextPage(): void {
    if (pagination.next()) void fetch();
  }

  function previousPage(): void {
    if (pagination.previous()) void fetch();
  }

  function changePageSize(size: number): void {
    pagination.setPageSize(size);
    void fetch();
  }

  function openDetail(row: CourtyardListFieldsFragment): void {
    void router.push({ name: 'courtyard-detail', params: { id: row.id } });
  }

  function onSelectionChange(rows: CourtyardListFieldsFragment[]): void {
    selected.value = rows;
  }

  function openEnrol(): void {
    if (selected.value.length > 0) enrolDialogVisible.value = true;
  }

  onMounted(() => {
    void options.refreshStreets();
    void fetch();
  });

  return {
    permissions,
    filters,
    pagination,
    rows,
    loading,
    options,
    createDialogVisible,
    selected,
    enrolDialogVisible,
    onSelectionChange,
    openEnrol,
    fetch,
    applyFilters,
    onStreetChange,
    resetFilters,
    nextPage,
    previousPage,
    changePageSize,
    openDetail,
  };
}
