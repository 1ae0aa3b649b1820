import { onMounted, ref } from 'vue';
import { useCursorPagination } from '@/composables/use-cursor-pagination';
import type { DistrictFieldsFragment } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { DistrictsDocument } from '@/graphql/districts.documents';
import { showRequestError } from '@/utils/request-error-message';

/** The platform operator's list of districts (tenants). */
export function useDistrictList() {
  const rows = ref<DistrictFieldsFragment[]>([]);
  const loading = ref(false);
  const pagination = useCursorPagination({ pageSize: 20 });
  const createDialogVisible = ref(false);

  async function fetch(): Promise<void> {
    loading.value = true;
    try {
      const { districts } = await useGraphql().query(DistrictsDocument, pagination.variables.value);
      rows.value = districts.edges.map((edge) => edge.node);
      pagination.update(districts);
    } catch (error) {
      showRequestError(error);
    } finally {
      loading.value = false;
    }
  }

  function reload(): void {
    pagination.reset();
    void fetch();
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

  onMounted(fetch);

  return { rows, loading, pagination, createDialogVisible, fetch, reload, nextPage, previousPage, changePageSize };
}
