import { storeToRefs } from 'pinia';
import { onMounted, reactive, ref } from 'vue';
import { useRouter } from 'vue-router';
import { usePagedList } from '@/composables/use-paged-list';
import type { CourtyardFilter, CourtyardListFieldsFragment, CourtyardType } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CourtyardsDocument } from '@/graphql/hierarchy.documents';
import { useSessionStore } from '@/stores/session.store';
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
  const list = usePagedList(
    async (page) =>
      (await useGraphql().query(CourtyardsDocument, { filter: toCourtyardFilter(filters), ...page })).courtyards,
  );
  const options = useHierarchyOptions();
  const createDialogVisible = ref(false);
  const selected = ref<CourtyardListFieldsFragment[]>([]);
  const enrolDialogVisible = ref(false);

  function applyFilters(): void {
    void list.reload();
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
    void list.load();
  });

  return {
    permissions,
    filters,
    list,
    options,
    createDialogVisible,
    selected,
    enrolDialogVisible,
    onSelectionChange,
    openEnrol,
    applyFilters,
    onStreetChange,
    resetFilters,
    openDetail,
  };
}
