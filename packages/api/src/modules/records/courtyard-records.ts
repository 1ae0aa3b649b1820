import DataLoader from 'dataloader';
import type { ClassType } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { countRows, parentPages, toConnection, type Connection, type Page } from '../../engine/pagination';

/** A courtyard's list of one records table (`Courtyard.activities`, `.disputes`, …). */
export interface CourtyardRecordsQuery<T extends { id: string }, V> {
  entity: ClassType<T>;
  /** the records table, read as alias `t`; it has `courtyard_id` */
  table: 'activities' | 'disputes' | 'service_requests' | 'idle_spaces';
  /** the ordering column besides `id` and its SQL type (for the cursor's comparison) */
  orderBy: string;
  orderType: 'date' | 'timestamptz' | 'text';
  descending: boolean;
  /** the cursor's key of a row */
  keyOf: (row: T) => string;
  /** more conditions on `t` (the caller's read scope is added here) */
  where: string[];
  params: unknown[];
  /** part of the DataLoaders' names: the arguments besides the page */
  variant: string;
  /** the row as the GraphQL node */
  view: (row: T) => V;
}

/**
 * A page of a courtyard's records within the caller's read scope, through DataLoaders: a page of
 * courtyards with their activities costs two statements (rows and counts), whatever the number
 * of courtyards. Keyset pagination on (orderBy, id), newest first where `descending`.
 */
export async function courtyardRecords<T extends { id: string }, V>(
  context: RequestContext,
  courtyardId: string,
  query: CourtyardRecordsQuery<T, V>,
  page: Page,
): Promise<Connection<V>> {
  const scope = context.auth.readCondition(query.table, 't');
  const where = [...query.where, scope.sql];
  const params = [...query.params, ...scope.params];
  const rows = parentPages(context, {
    name: `records:${query.table}:${query.variant}`,
    page,
    query: {
      columns: 't.*',
      from: `${query.table} t`,
      where,
      params,
      orderBy: [
        { sql: `t.${query.orderBy}`, type: query.orderType },
        { sql: 't.id', type: 'uuid' },
      ],
      descending: query.descending,
    },
    parent: 't.courtyard_id',
    node: (row) => context.em.map(query.entity as never, row as never) as T,
  });
  const counts = context.loader<string, number>(
    `records-count:${query.table}:${query.variant}`,
    () =>
      new DataLoader((courtyardIds) =>
        context.serially(async () => {
          const found = await countRows(context.em, { table: query.table, where, params }, 'courtyard_id', [
            ...courtyardIds,
          ]);
          return courtyardIds.map((id) => found.get(id) ?? 0);
        }),
      ),
  );
  const [{ nodes, hasNextPage }, totalCount] = await Promise.all([rows.load(courtyardId), counts.load(courtyardId)]);
  const connection = toConnection(nodes, hasNextPage, totalCount, query.keyOf, (row) => row.id);
  return {
    ...connection,
    edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: query.view(edge.node) })),
  };
}
