import { Courtyard, fromGlobalId } from '@xiaoyuan/schema';
import type { ClassType } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { UserErrorCode, type UserErrors } from '../../engine/errors';

// Which courtyard a record is written to, and whether the caller may: the first step of every
// record mutation (activities, disputes, service requests, idle spaces, surveys).

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
 * The courtyard of a new record (`input.courtyardId`), for writing: NOT_FOUND when the district
 * has none with that id (another district's ids included), FORBIDDEN outside the caller's role or
 * scope. Once found, the audit log names it (with `auditDetail`).
 */
export async function writableCourtyard(
  context: RequestContext,
  errors: UserErrors,
  globalId: string,
  auditDetail: Record<string, unknown> = {},
): Promise<Courtyard | null> {
  const field = ['input', 'courtyardId'];
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
  context.noteAudit('Courtyard', courtyard.id, auditDetail);
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
