import { MAX_PAGE_SIZE } from '@xiaoyuan/domain';
import type { Connection } from './connection';

/** Whole lists are read in pages of the largest size the API gives. */
export const TREE_PAGE_SIZE = MAX_PAGE_SIZE;
// a safety cap keeps a bad cursor from looping
const MAX_PAGES = 100;

/** Follows `pageInfo.endCursor` until the last page and returns every node in order. */
export async function fetchAllPages<Node>(
  fetchPage: (after: string | null) => Promise<Connection<Node> | null | undefined>,
): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const connection = await fetchPage(after);
    if (!connection) break;
    nodes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break;
    after = connection.pageInfo.endCursor;
  }
  return nodes;
}
