import { describe, expect, it } from 'vitest';
import { useCursorPagination } from './use-cursor-pagination';

const page = (endCursor: string | null, hasNextPage: boolean, totalCount = 45) => ({
  totalCount,
  pageInfo: { endCursor, hasNextPage },
});

describe('useCursorPagination', () => {
  it('starts on page 1 with no cursor', () => {
    const pagination = useCursorPagination({ pageSize: 20 });
    expect(pagination.variables.value).toEqual({ first: 20, after: null });
    expect(pagination.pageNumber.value).toBe(1);
    expect(pagination.hasPrevious.value).toBe(false);
    expect(pagination.hasNext.value).toBe(false);
  });

  it('walks forward with endCursor and back with the stack', () => {
    const pagination = useCursorPagination({ pageSize: 20 });
    pagination.update(page('c20', true));
    expect(pagination.totalCount.value).toBe(45);
    expect(pagination.hasNext.value).toBe(true);

    expect(pagination.next()).toBe(true);
    expect(pagination.variables.value).toEqual({ first: 20, after: 'c20' });
    expect(pagination.pageNumber.value).toBe(2);
    pagination.update(page('c40', true));

    expect(pagination.next()).toBe(true);
    expect(pagination.variables.value.after).toBe('c40');
    pagination.update(page('c45', false));
    expect(pagination.hasNext.value).toBe(false);
    expect(pagination.next()).toBe(false);

    expect(pagination.previous()).toBe(true);
    expect(pagination.variables.value.after).toBe('c20');
    expect(pagination.previous()).toBe(true);
    expect(pagination.variables.value.after).toBeNull();
    expect(pagination.hasPrevious.value).toBe(false);
    expect(pagination.previous()).toBe(false);
  });

  it('does not go forward before the current page has answered', () => {
    const pagination = useCursorPagination();
    pagination.update(page('c20', true));
    pagination.next();
    expect(pagination.hasNext.value).toBe(false);
    expect(pagination.next()).toBe(false);
  });

  it('resets to the first page', () => {
    const pagination = useCursorPagination();
    pagination.update(page('c20', true));
    pagination.next();
    pagination.reset();
    expect(pagination.variables.value.after).toBeNull();
    expect(pagination.pageNumber.value).toBe(1);
  });

  it('keeps the page size within the API maximum of 100 and resets on change', () => {
    const pagination = useCursorPagination({ pageSize: 500 });
    expect(pagination.variables.value.first).toBe(100);
    pagination.update(page('c100', true));
    pagination.next();
    pagination.setPageSize(10);
    expect(pagination.variables.value).toEqual({ first: 10, after: null });
    pagination.setPageSize(0);
    expect(pagination.pageSize.value).toBe(1);
  });
});
