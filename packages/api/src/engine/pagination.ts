import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, uuidArray } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { RequestContext } from './context';
import { badUserInput } from './errors';

@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  totalCount: number;
  pageInfo: PageInfo;
  edges: Edge<T>[];
}

/** `XConnection` and `XEdge` object types for a node type (Relay connections). */
export function connectionType<T extends object>(name: string, nodeType: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => Int)
    totalCount!: number;

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => [EdgeType])
    edges!: EdgeType[];
  }
  return ConnectionType;
}

/** The sort key a cursor points after: the ordering column's value and the id. */
export interface Cursor {
  key: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      UUID.test(parsed[1])
    ) {
      return { key: parsed[0], id: parsed[1] };
    }
  } catch {
    // reported below
  }
  throw badUserInput('"after" is not a cursor of this list');
}

export interface Page {
  first: number;
  after: Cursor | null;
}

/** Checks `first` (0–100, default 20) and decodes `after`: a BAD_USER_INPUT error otherwise. */
export function pageOf(args: PageArgs): Page {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 0 and ${MAX_PAGE_SIZE}, got ${args.first}`);
  }
  return { first, after: args.after ? decodeCursor(args.after) : null };
}

/** The key of a page among a request's DataLoaders: its size and cursor. */
export function pageKey(page: Page): string {
  return `${page.first}:${page.after ? `${page.after.key}\u0000${page.after.id}` : ''}`;
}

/** A keyset-paginated list: what is selected, from where, in which order. */
export interface PageQuery {
  /** the select list, e.g. `t.*` */
  columns: string;
  /** the from clause, e.g. `households t` or a join */
  from: string;
  /** conditions, joined with `and` */
  where: string[];
  params: unknown[];
  /**
   * The sort key, the last expression unique (the id): each with the SQL type a cursor's value is
   * cast to (none: compared as given).
   */
  orderBy: { sql: string; type?: string }[];
  /** newest first, or the like */
  descending?: boolean;
}

/** One page of a list, or of one parent's list. */
export interface Paged<T> {
  nodes: T[];
  hasNextPage: boolean;
}

/**
 * Keyset pages of several parents in ONE statement: a window numbers each parent's rows in the
 * sort order and the first `first + 1` of each are read (the extra one tells there is a next
 * page). `parent` null: one page of the whole list, under the key null. `after`: the values of
 * the sort key the page starts after.
 */
export async function loadPageRows<R = Record<string, unknown>>(
  em: EntityManager,
  query: PageQuery,
  parent: { column: string; ids: readonly string[] } | null,
  first: number,
  after: readonly unknown[] | null,
): Promise<Map<string | null, Paged<R>>> {
  const where = [...query.where];
  const params = [...query.params];
  if (parent) {
    where.push(`${parent.column} = any(?::uuid[])`);
    params.push(uuidArray(parent.ids));
  }
  if (after) {
    if (after.length !== query.orderBy.length) throw new Error('a cursor of another sort key');
    const placeholders = query.orderBy.map((key) => (key.type ? `?::${key.type}` : '?'));
    where.push(
      `(${query.orderBy.map((key) => key.sql).join(', ')}) ${query.descending ? '<' : '>'} (${placeholders.join(', ')})`,
    );
    params.push(...after);
  }
  const order = query.orderBy.map((key) => (query.descending ? `${key.sql} desc` : key.sql)).join(', ');
  const partition = parent ? `partition by ${parent.column} ` : '';
  const rows = await em.execute<Record<string, unknown>[]>(
    `select * from (
       select ${query.columns}${parent ? `, ${parent.column} as page_parent` : ''},
              row_number() over (${partition}order by ${order}) as page_rank
       from ${query.from} where ${where.length ? where.join(' and ') : 'true'}
     ) ranked where page_rank <= ? order by page_rank`,
    [...params, first + 1],
  );
  const pages = new Map<string | null, Paged<R>>();
  for (const id of parent?.ids ?? [null]) pages.set(id, { nodes: [], hasNextPage: false });
  for (const row of rows) {
    const { page_rank: _rank, page_parent: parentId, ...columns } = row;
    const entry = pages.get(parent ? (parentId as string) : null)!;
    if (entry.nodes.length === first) entry.hasNextPage = true;
    else entry.nodes.push(columns as unknown as R);
  }
  return pages;
}

/**
 * A DataLoader of one page per parent (e.g. the activities of each courtyard of a page of
 * courtyards): one statement per batch, whatever the number of parents.
 */
export function parentPages<R, T>(
  context: RequestContext,
  list: {
    /** the loader's name: the list and its arguments besides the page */
    name: string;
    page: Page;
    /** the values of the sort key after the cursor (default: the cursor's key and id) */
    after?: readonly unknown[] | null;
    query: PageQuery;
    /** the column of the parent's id */
    parent: string;
    node: (row: R) => T;
  },
): DataLoader<string, Paged<T>> {
  const { page, query } = list;
  const after = list.after !== undefined ? list.after : page.after ? [page.after.key, page.after.id] : null;
  return context.loader(
    `${list.name}:${pageKey(page)}`,
    () =>
      new DataLoader<string, Paged<T>>((parentIds) =>
        context.serially(async () => {
          const pages = await loadPageRows<R>(
            context.em,
            query,
            { column: list.parent, ids: parentIds },
            page.first,
            after,
          );
          return parentIds.map((id) => {
            const { nodes, hasNextPage } = pages.get(id)!;
            return { nodes: nodes.map(list.node), hasNextPage };
          });
        }),
      ),
  );
}

export interface ListQuery<T extends object> {
  entity: ClassType<T>;
  table: string;
  /** the ordering column besides `id`, e.g. `name` or `code` */
  orderBy: string;
  /** the SQL type a cursor's key is cast to (none: compared as given) */
  orderType?: string;
  /** newest first, or the like (default: ascending) */
  descending?: boolean;
  /** read the ordering key from an entity, for cursors */
  keyOf: (row: T) => string;
  /** conditions on alias `t`, joined with `and` */
  where: string[];
  params: unknown[];
}

/** The entity list of a `ListQuery` as a page query: its table as `t`, on (orderBy, id), ascending unless said. */
export function entityPageQuery(
  query: Pick<ListQuery<object>, 'table' | 'orderBy' | 'orderType' | 'descending' | 'where' | 'params'>,
): PageQuery {
  return {
    columns: 't.*',
    from: `${query.table} t`,
    where: query.where,
    params: query.params,
    orderBy: [
      { sql: `t.${query.orderBy}`, type: query.orderType },
      { sql: 't.id', type: 'uuid' },
    ],
    descending: query.descending,
  };
}

/** One page of a whole list of entities (keyset pagination on (orderBy, id)). */
export async function loadPage<T extends object>(
  em: EntityManager,
  query: ListQuery<T>,
  page: Page,
): Promise<Paged<T>> {
  const after = page.after ? [page.after.key, page.after.id] : null;
  const { nodes, hasNextPage } = (await loadPageRows(em, entityPageQuery(query), null, page.first, after)).get(null)!;
  return { nodes: nodes.map((row) => em.map(query.entity, row as never) as T), hasNextPage };
}

export async function countRows(
  em: EntityManager,
  query: Pick<ListQuery<object>, 'table' | 'where' | 'params'>,
  parentColumn: string | null,
  parentIds: string[] | null,
): Promise<Map<string | null, number>> {
  const where = [...query.where];
  const params = [...query.params];
  if (parentColumn && parentIds) {
    where.push(`t.${parentColumn} = any(?::uuid[])`);
    params.push(uuidArray(parentIds));
  }
  const group = parentColumn ? `t.${parentColumn}` : 'null';
  const rows = await em.execute<{ parent: string | null; count: string }[]>(
    `select ${group} as parent, count(*) as count from ${query.table} t where ${where.length ? where.join(' and ') : 'true'} group by 1`,
    params,
  );
  const result = new Map<string | null, number>();
  for (const id of parentIds ?? [null]) result.set(id, 0);
  for (const row of rows) result.set(row.parent, Number(row.count));
  return result;
}

export function toConnection<T>(
  nodes: T[],
  hasNextPage: boolean,
  totalCount: number,
  keyOf: (node: T) => string,
  idOf: (node: T) => string,
): Connection<T> {
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor({ key: keyOf(node), id: idOf(node) }) }));
  return {
    totalCount,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    edges,
  };
}

/**
 * A page of a list that has no parent, with its total count, as a connection: cursors of
 * `query.keyOf` and the row's id.
 */
export async function listConnection<T extends { id: string }>(
  em: EntityManager,
  query: ListQuery<T>,
  page: Page,
): Promise<Connection<T>> {
  const { nodes, hasNextPage } = await loadPage(em, query, page);
  const totalCount = (await countRows(em, query, null, null)).get(null) ?? 0;
  return toConnection(nodes, hasNextPage, totalCount, query.keyOf, (row) => row.id);
}
