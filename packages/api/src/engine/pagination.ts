import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@xiaoyuan/schema';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
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

export interface ListQuery<T extends object> {
  entity: ClassType<T>;
  table: string;
  /** the ordering column besides `id`, e.g. `name` or `code` */
  orderBy: string;
  /** read the ordering key from an entity, for cursors */
  keyOf: (row: T) => string;
  /** conditions on alias `t`, joined with `and` */
  where: string[];
  params: unknown[];
}

/**
 * One page per parent in one statement (a window over the parent column), so nested lists of a
 * page of parents cost one query: keyset pagination on (orderBy, id).
 */
export async function loadPages<T extends object>(
  em: EntityManager,
  query: ListQuery<T>,
  parentColumn: string | null,
  parentIds: string[] | null,
  page: Page,
): Promise<Map<string | null, { nodes: T[]; hasNextPage: boolean }>> {
  const where = [...query.where];
  const params = [...query.params];
  if (parentColumn && parentIds) {
    where.push(`t.${parentColumn} = any(?::uuid[])`);
    params.push(uuidArray(parentIds));
  }
  if (page.after) {
    where.push(`(t.${query.orderBy}, t.id) > (?, ?::uuid)`);
    params.push(page.after.key, page.after.id);
  }
  const partition = parentColumn ? `partition by t.${parentColumn} ` : '';
  const rows = await em.execute<Record<string, unknown>[]>(
    `select * from (
       select t.*, row_number() over (${partition}order by t.${query.orderBy}, t.id) as page_rank
       from ${query.table} t where ${where.length ? where.join(' and ') : 'true'}
     ) ranked where page_rank <= ? order by page_rank`,
    [...params, page.first + 1],
  );
  const result = new Map<string | null, { nodes: T[]; hasNextPage: boolean }>();
  for (const id of parentIds ?? [null]) result.set(id, { nodes: [], hasNextPage: false });
  for (const row of rows) {
    const parent = parentColumn ? (row[parentColumn] as string) : null;
    const entry = result.get(parent)!;
    if (entry.nodes.length === page.first) {
      entry.hasNextPage = true;
      continue;
    }
    const { page_rank: _rank, ...columns } = row;
    entry.nodes.push(em.map(query.entity, columns as never) as T);
  }
  return result;
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

/**
 * A uuid[] parameter as a PostgreSQL array literal: knex expands JavaScript arrays in raw bindings
 * into lists, which `= any(?)` cannot take.
 */
export function uuidArray(ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return `{${ids.join(',')}}`;
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
  const { nodes, hasNextPage } = (await loadPages(em, query, null, null, page)).get(null)!;
  const totalCount = (await countRows(em, query, null, null)).get(null) ?? 0;
  return toConnection(nodes, hasNextPage, totalCount, query.keyOf, (row) => row.id);
}
