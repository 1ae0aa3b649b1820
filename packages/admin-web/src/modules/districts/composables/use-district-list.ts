import { onMounted, ref } from 'vue';
import { usePagedList } from '@/composables/use-paged-list';
import { DistrictsDocument } from '@/graphql/districts.documents';
import { useGraphql } from '@/graphql/graphql-client';

/** The platform operator's list of districts (tenants). */
export function useDistrictList() {
  const list = usePagedList(async (page) => (await useGraphql().query(DistrictsDocument, page)).districts);
  const createDialogVisible = ref(false);
  onMounted(list.load);
  return { list, createDialogVisible };
}
