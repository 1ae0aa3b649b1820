import { ApiScope, Community, Courtyard, Household, InstitutionKind, Street, uuidArray } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../engine/context';
import { countRows, entityPageQuery, parentPages, type ListQuery, type Page } from '../../engine/pagination';

// Per-request DataLoaders of the hierarchy: a page of streets with their communities and their
// courtyards is one query per level, not one per parent.

export function listOf(
  context: RequestContext,
  kind: 'streets' | 'communities' | 'courtyards' | 'households',
): ListQuery<Street | Community | Courtyard | Household> {
  const condition = context.auth.readCondition(kind);
  const base = { where: [condition.sql], params: condition.params as unknown[] };
  switch (kind) {
    case 'streets':
      return { ...base, entity: Street, table: 'streets', orderBy: 'name', keyOf: (row) => (row as Street).name };
    case 'communities':
      return {
        ...base,
        entity: Community,
        table: 'communities',
        orderBy: 'name',
        keyOf: (row) => (row as Community).name,
      };
    case 'courtyards':
      return {
        ...base,
        entity: Courtyard,
        table: 'courtyards',
        orderBy: 'name',
        keyOf: (row) => (row as Courtyard).name,
      };
    case 'households':
      return {
        ...base,
        entity: Household,
        table: 'households',
        orderBy: 'code',
        keyOf: (row) => (row as Household).code,
      };
  }
}

/** Children of several parents, one page each: communities of streets, courtyards of communities… */
export function childPages<T>(
  context: RequestContext,
  kind: 'communities' | 'courtyards' | 'households',
  parentColumn: string,
  page: Page,
) {
  const list = listOf(context, kind);
  return parentPages(context, {
    name: `${kind}-of`,
    page,
    query: entityPageQuery(list),
    parent: `t.${parentColumn}`,
    node: (row) => context.em.map(list.entity, row as never) as T,
  });
}

export function childCounts(
  context: RequestContext,
  kind: 'communities' | 'courtyards' | 'households',
  parentColumn: string,
) {
  return context.loader<string, number>(
    `${kind}-count-of`,
    () =>
      new DataLoader((parentIds) =>
        context.serially(async () => {
          const counts = await countRows(context.em, listOf(context, kind), parentColumn, [...parentIds]);
          return parentIds.map((id) => counts.get(id) ?? 0);
        }),
      ),
  );
}

function byId<T extends { id: string }>(context: RequestContext, entity: new () => T, name: string) {
  return context.loader<string, T | null>(
    `${name}-by-id`,
    () =>
      new DataLoader((ids) =>
        context.serially(async () => {
          const rows = await context.em.find(entity as never, { id: { $in: [...ids] } } as never);
          const found = new Map((rows as T[]).map((row) => [row.id, row]));
          return ids.map((id) => found.get(id) ?? null);
        }),
      ),
  );
}

export const streetById = (context: RequestContext) => byId(context, Street, 'street');
export const communityById = (context: RequestContext) => byId(context, Community, 'community');
export const courtyardById = (context: RequestContext) => byId(context, Courtyard, 'courtyard');
/** Households by row id (the household a vote or a service request names). */
export const householdById = (context: RequestContext) => byId(context, Household, 'household');

export interface CourtyardFacts {
  enrolledOn: string | null;
  batch: number | null;
  committeeElectedOn: string | null;
  demonstrationSince: string | null;
  institutions: { kind: InstitutionKind; adoptedOn: string }[];
}

/** Rollout and governance facts of courtyards, from their own tables, in four set-based queries. */
export function courtyardFacts(context: RequestContext) {
  return context.loader<string, CourtyardFacts>(
    'courtyard-facts',
    () =>
      new DataLoader((ids) =>
        context.serially(async () => {
          // enrolment, election and designation are rollout reads: an API client needs RECORDS_READ
          context.requireTenantCaller(ApiScope.RECORDS_READ);
          const list = uuidArray([...ids]);
          // one after the other: they share the request's connection
          const enrollments = await context.em.execute<{ courtyard_id: string; batch: number; enrolled_on: string }[]>(
            `select courtyard_id, batch, to_char(enrolled_on, 'YYYY-MM-DD') as enrolled_on from enrollments where courtyard_id = any(?::uuid[])`,
            [list],
          );
          const elections = await context.em.execute<{ courtyard_id: string; elected_on: string }[]>(
            `select courtyard_id, to_char(max(elected_on), 'YYYY-MM-DD') as elected_on from committee_elections where courtyard_id = any(?::uuid[]) group by courtyard_id`,
            [list],
          );
          const designations = await context.em.execute<{ courtyard_id: string; since: string }[]>(
            `select courtyard_id, to_char(min(since), 'YYYY-MM-DD') as since from demonstration_designations where courtyard_id = any(?::uuid[]) group by courtyard_id`,
            [list],
          );
          const institutions = await context.em.execute<
            { courtyard_id: string; kind: InstitutionKind; adopted_on: string }[]
          >(
            `select courtyard_id, kind, to_char(adopted_on, 'YYYY-MM-DD') as adopted_on from institutions where courtyard_id = any(?::uuid[]) order by adopted_on, kind`,
            [list],
          );
          const facts = new Map<string, CourtyardFacts>(
            ids.map((id) => [
              id,
              { enrolledOn: null, batch: null, committeeElectedOn: null, demonstrationSince: null, institutions: [] },
            ]),
          );
          for (const row of enrollments)
            Object.assign(facts.get(row.courtyard_id)!, { enrolledOn: row.enrolled_on, batch: row.batch });
          for (const row of elections) facts.get(row.courtyard_id)!.committeeElectedOn = row.elected_on;
          for (const row of designations) facts.get(row.courtyard_id)!.demonstrationSince = row.since;
          for (const row of institutions)
            facts.get(row.courtyard_id)!.institutions.push({ kind: row.kind, adoptedOn: row.adopted_on });
          return ids.map((id) => facts.get(id)!);
        }),
      ),
  );
}
