import type { EntityManager } from '@mikro-orm/postgresql';
import { Community, Courtyard, fromGlobalId, Street } from '@xiaoyuan/schema';
import type { RequestContext } from '../../engine/context';
import { UserErrorCode, type UserErrors } from '../../engine/errors';
import { communityById, courtyardById, streetById } from './hierarchy.loaders';

export type ScopeUnitEntity = Street | Community | Courtyard;

const UNIT_ENTITIES = { Street, Community, Courtyard } as const;

/**
 * The unit a `scopeId` input limits a row to (an API client, a webhook): a street, community or
 * courtyard of the district. Another kind of object is INVALID; an unknown id, or another district's
 * (hidden by row-level security), NOT_FOUND, as an unknown id.
 */
export async function findScopeUnit(
  context: RequestContext,
  errors: UserErrors,
  field: (string | number)[],
  scopeId: string,
): Promise<ScopeUnitEntity | null> {
  const decoded = fromGlobalId(scopeId);
  const entity = decoded ? UNIT_ENTITIES[decoded.type as keyof typeof UNIT_ENTITIES] : undefined;
  if (decoded && !entity && ['District', 'Household', 'User'].includes(decoded.type)) {
    errors.add(UserErrorCode.INVALID, field, 'SCOPE_UNIT_KIND');
    return null;
  }
  const unit = entity
    ? ((await context.em.findOne(entity as typeof Street, { id: decoded!.id })) as ScopeUnitEntity | null)
    : null;
  if (!unit) errors.add(UserErrorCode.NOT_FOUND, field, 'NOT_FOUND');
  return unit;
}

/** The street, community and courtyard columns of a row limited to `unit` (none: the district). */
export function scopeUnitColumns(
  em: EntityManager,
  unit: ScopeUnitEntity | null,
): { street: Street | null; community: Community | null; courtyard: Courtyard | null } {
  return {
    street: unit instanceof Street ? em.getReference(Street, unit.id) : null,
    community: unit instanceof Community ? em.getReference(Community, unit.id) : null,
    courtyard: unit instanceof Courtyard ? em.getReference(Courtyard, unit.id) : null,
  };
}

/** The unit a row is limited to, through the request's DataLoaders (the `scope` field); null: the district. */
export function loadScopeUnit(
  context: RequestContext,
  row: { street?: Street | null; community?: Community | null; courtyard?: Courtyard | null },
): Promise<ScopeUnitEntity | null> | null {
  if (row.courtyard) return courtyardById(context).load(row.courtyard.id);
  if (row.community) return communityById(context).load(row.community.id);
  if (row.street) return streetById(context).load(row.street.id);
  return null;
}
