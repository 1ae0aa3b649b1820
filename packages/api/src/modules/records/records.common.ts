import { Courtyard, fromGlobalId, Household, localDate, parsePeriod, type Period } from '@xiaoyuan/schema';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { ClassType } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { badUserInput, UserErrorCode, type UserErrors } from '../../engine/errors';
import { countRows, encodeCursor, uuidArray, type Connection, type Page } from '../../engine/pagination';

// What the record modules (activities, disputes, service requests, idle spaces, surveys) share:
// finding the courtyard a record is written to, the district's "today", and per-courtyard pages.

export type Field = (string | number)[];

/** The courtyard as a unit of the hierarchy, for `Authorization`. */
export function courtyardUnit(courtyard: Courtyard): {
  kind: 'Courtyard';
  id: string;
  communityId: string;
  streetId: string;
} {
  return { kind: 'Courtyard', id: courtyard.id, communityId: courtyard.community.id, streetId: courtyard.street.id };
}

/**
 * The courtyard of a new record, for writing: NOT_FOUND when the district has none with that id
 * (another district's ids included), FORBIDDEN outside the caller's role or scope.
 */
export async function writableCourtyard(
  context: RequestContext,
  errors: UserErrors,
  field: Field,
  globalId: string,
): Promise<Courtyard | null> {
  const decoded = fromGlobalId(globalId);
  const courtyard = decoded?.type === 'Courtyard' ? await context.em.findOne(Courtyard, { id: decoded.id }) : null;
  if (!courtyard) {
    errors.add(UserErrorCode.NOT_FOUND, field, 'NOT_FOUND');
    return null;
  }
  if (!context.auth.canWriteRecords(courtyardUnit(courtyard))) {
    errors.add(UserErrorCode.FORBIDDEN, field, 'FORBIDDEN');
    return null;
  }
  return courtyard;
}

/**
 * A record of the given entity by global id, for writing, with its courtyard: NOT_FOUND or
 * FORBIDDEN like `writableCourtyard`. `lock` takes a row lock so that concurrent changes of the
 * same record wait for each other (the request's transaction holds it until it ends).
 */
export async function writableRecord<T extends { id: string; courtyard: Courtyard }>(
  context: RequestContext,
  errors: UserErrors,
  field: Field,
  globalId: string,
  entity: ClassType<T> & { name: string },
  options: { table: string; lock?: boolean },
): Promise<T | null> {
  const decoded = fromGlobalId(globalId);
  if (!decoded || decoded.type !== entity.name) {
    errors.add(UserErrorCode.NOT_FOUND, field, 'NOT_FOUND');
    return null;
  }
  if (options.lock)
    await context.em.execute(`select 1 from ${options.table} where id = ?::uuid for update`, [decoded.id]);
  const record = (await context.em.findOne(entity as never, { id: decoded.id } as never, {
    populate: ['courtyard'] as never,
    refresh: true,
  })) as T | null;
  if (!record) {
    errors.add(UserErrorCode.NOT_FOUND, field, 'NOT_FOUND');
    return null;
  }
  if (!context.auth.canWriteRecords(courtyardUnit(record.courtyard))) {
    errors.add(UserErrorCode.FORBIDDEN, field, 'FORBIDDEN');
    return null;
  }
  return record;
}

/** Today in the district's time zone (record dates may not lie after it). */
export async function districtToday(context: RequestContext): Promise<string> {
  const caller = context.requireDistrictCaller();
  const [district] = await context.em.execute<{ timezone: string }[]>(
    `select timezone from districts where id = ?::uuid`,
    [caller.tenantId],
  );
  return localDate(district?.timezone ?? 'Asia/Shanghai');
}

/** Adds an INVALID "in the future" error when `date` lies after `today`. */
export function checkNotFuture(errors: UserErrors, field: Field, date: string, today: string): void {
  if (date > today) errors.add(UserErrorCode.INVALID, field, 'FUTURE_DATE', today);
}

/** A period argument (the scalar checked its form; this checks its year). */
export function periodArgument(text: string): Period {
  const period = parsePeriod(text);
  if (!period) throw badUserInput(`"${text}" is not a reporting period`);
  return period;
}

/**
 * A text[] parameter as a PostgreSQL array literal (knex expands JavaScript arrays in raw
 * bindings into lists, which `= any(?)` cannot take).
 */
export function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, (character) => `\\${character}`)}"`).join(',')}}`;
}

/** An int[] parameter as a PostgreSQL array literal. */
export function intArray(values: readonly number[]): string {
  for (const value of values) if (!Number.isInteger(value)) throw new Error(`not an integer: ${value}`);
  return `{${values.join(',')}}`;
}

/**
 * Resolves household codes of one courtyard in one query: code → household id, for the codes
 * that exist.
 */
export async function householdIdsByCode(
  em: EntityManager,
  courtyardId: string,
  codes: readonly string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await em.execute<{ id: string; code: string }[]>(
    `select id, code from households where courtyard_id = ?::uuid and code = any(?::text[])`,
    [courtyardId, textArray([...new Set(codes)])],
  );
  return new Map(rows.map((row) => [row.code, row.id]));
}

// ------------------------------------------------------------------ per-courtyard pages

export interface RecordListQuery<T extends object> {
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
  /** part of the DataLoader's name: the arguments besides the page */
  variant: string;
}

type Paged<T> = { nodes: T[]; hasNextPage: boolean; totalCount: number };

/**
 * A page of a courtyard's records, through a DataLoader: a page of courtyards with their
 * activities costs two queries (rows and counts), whatever the number of courtyards. Keyset
 * pagination on (orderBy, id), newest first where `descending`.
 */
export async function courtyardRecords<T extends { id: string }>(
  context: RequestContext,
  courtyardId: string,
  query: RecordListQuery<T>,
  page: Page,
): Promise<Connection<T>> {
  const name = `records:${query.table}:${query.variant}:${page.first}:${page.after ? `${page.after.key}\u0000${page.after.id}` : ''}`;
  const loader = context.loader<string, Paged<T>>(
    name,
    () =>
      new DataLoader((courtyardIds) =>
        context.serially(async () => {
          const scope = context.auth.readCondition(query.table, 't');
          const where = [...query.where, scope.sql, `t.courtyard_id = any(?::uuid[])`];
          const params = [...query.params, ...scope.params, uuidArray([...courtyardIds])];
          const counts = await countRows(context.em, { table: query.table, where, params }, 'courtyard_id', [
            ...courtyardIds,
          ]);
          const direction = query.descending ? 'desc' : 'asc';
          const pageWhere = [...where];
          const pageParams = [...params];
          if (page.after) {
            pageWhere.push(
              `(t.${query.orderBy}, t.id) ${query.descending ? '<' : '>'} (?::${query.orderType}, ?::uuid)`,
            );
            pageParams.push(page.after.key, page.after.id);
          }
          const rows = await context.em.execute<Record<string, unknown>[]>(
            `select * from (
             select t.*, row_number() over (partition by t.courtyard_id order by t.${query.orderBy} ${direction}, t.id ${direction}) as page_rank
             from ${query.table} t where ${pageWhere.join(' and ')}
           ) ranked where page_rank <= ? order by page_rank`,
            [...pageParams, page.first + 1],
          );
          const pages = new Map<string, Paged<T>>(
            courtyardIds.map((id) => [id, { nodes: [], hasNextPage: false, totalCount: counts.get(id) ?? 0 }]),
          );
          for (const row of rows) {
            const entry = pages.get(row.courtyard_id as string)!;
            if (entry.nodes.length === page.first) {
              entry.hasNextPage = true;
              continue;
            }
            const { page_rank: _rank, ...columns } = row;
            entry.nodes.push(context.em.map(query.entity as never, columns as never) as T);
          }
          return courtyardIds.map((id) => pages.get(id)!);
        }),
      ),
  );
  const { nodes, hasNextPage, totalCount } = await loader.load(courtyardId);
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor({ key: query.keyOf(node), id: node.id }) }));
  return {
    totalCount,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    edges,
  };
}

/** Households by row id (the household a record names), one query per batch. */
export function householdById(context: RequestContext) {
  return context.loader<string, Household | null>(
    'records-household-by-id',
    () =>
      new DataLoader((ids) =>
        context.serially(async () => {
          const rows = await context.em.find(Household, { id: { $in: [...ids] } });
          const found = new Map(rows.map((row) => [row.id, row]));
          return ids.map((id) => found.get(id) ?? null);
        }),
      ),
  );
}
