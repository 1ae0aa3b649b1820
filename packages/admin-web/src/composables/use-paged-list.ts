import { ref, type Ref } from 'vue';
import type { Connection } from '@/graphql/connection';
import { showRequestError } from '@/utils/request-error-message';
import { useCursorPagination, type CursorPagination } from './use-cursor-pagination';

/** What `<PagedTable>` shows: the answer of `usePagedList`, or a list with the same parts. */
export interface PagedList<Row> {
  rows: { value: Row[] };
  loading: Ref<boolean>;
  pagination: CursorPagination;
  nextPage: () => unknown;
  previousPage: () => unknown;
  changePageSize: (size: number) => unknown;
}

/** A table fed by one Relay connection, a page at a time; only the latest answer fills it. */
export function usePagedList<Node>(
  fetchPage: (page: { first: number; after: string | null }) => Promise<Connection<Node> | null | undefined>,
  pageSize = 20,
) {
  const pagination = useCursorPagination({ pageSize });
  const rows = ref<Node[]>([]) as { value: Node[] };
  const loading = ref(false);
  let latest = 0;

  async function fetchCurrent(quiet: boolean): Promise<void> {
    const request = (latest += 1);
    if (!quiet) loading.value = true;
    try {
      const connection = await fetchPage(pagination.variables.value);
      if (request !== latest) return;
      rows.value = connection?.edges.map((edge) => edge.node) ?? [];
      if (connection) pagination.update(connection);
    } catch (error) {
      if (request === latest && !quiet) showRequestError(error);
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  const load = (): Promise<void> => fetchCurrent(false);

  /** The current page again without the loading mask, for polling; a failed read is left to the next. */
  const poll = (): Promise<void> => fetchCurrent(true);

  /** Back to the first page (after a filter change or a new record). */
  function reload(): Promise<void> {
    pagination.reset();
    return load();
  }

  return {
    rows,
    loading,
    pagination,
    load,
    poll,
    reload,
    nextPage: () => (pagination.next() ? load() : Promise.resolve()),
    previousPage: () => (pagination.previous() ? load() : Promise.resolve()),
    changePageSize: (size: number) => {
      pagination.setPageSize(size);
      return load();
    },
  };
}
