import { computed, ref } from 'vue';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@xiaoyuan/domain';
import type { PageInfoFieldsFragment as PageInfo } from '@/graphql/generated/graphql';

export interface CursorPaginationOptions {
  pageSize?: number;
}

function clampPageSize(size: number): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(size)));
}

/**
 * Forward Relay pagination with a way back: the `after` cursor of every page visited is kept on
 * a stack, so "previous" pops it instead of needing backward (`last`/`before`) support.
 */
export function useCursorPagination(options: CursorPaginationOptions = {}) {
  const pageSize = ref(clampPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE));
  const cursors = ref<(string | null)[]>([null]);
  const pageInfo = ref<PageInfo | null>(null);
  const totalCount = ref(0);

  const pageNumber = computed(() => cursors.value.length);
  const hasPrevious = computed(() => cursors.value.length > 1);
  const hasNext = computed(() => Boolean(pageInfo.value?.hasNextPage && pageInfo.value.endCursor));
  const variables = computed(() => ({
    first: pageSize.value,
    after: cursors.value[cursors.value.length - 1] ?? null,
  }));

  /** Records what the server returned for the current page. */
  function update(connection: { totalCount: number; pageInfo: PageInfo }): void {
    totalCount.value = connection.totalCount;
    pageInfo.value = connection.pageInfo;
  }

  function next(): boolean {
    if (!hasNext.value) return false;
    cursors.value = [...cursors.value, pageInfo.value!.endCursor];
    pageInfo.value = null;
    return true;
  }

  function previous(): boolean {
    if (!hasPrevious.value) return false;
    cursors.value = cursors.value.slice(0, -1);
    pageInfo.value = null;
    return true;
  }

  /** Back to the first page, e.g. when a filter changes. */
  function reset(): void {
    cursors.value = [null];
    pageInfo.value = null;
  }

  function setPageSize(size: number): void {
    pageSize.value = clampPageSize(size);
    reset();
  }

  return {
    pageSize,
    pageNumber,
    totalCount,
    pageInfo,
    hasPrevious,
    hasNext,
    variables,
    update,
    next,
    previous,
    reset,
    setPageSize,
  };
}

export type CursorPagination = ReturnType<typeof useCursorPagination>;
