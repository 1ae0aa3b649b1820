import type { EntityManager } from '@mikro-orm/postgresql';
import { applyScope, DistrictClock, loadDistrictClock, PlatformUser, Role, User } from '@xiaoyuan/schema';
import { unauthenticated } from './errors';
import type { TokenClaims } from './token.service';

/** The unit a scoped role is limited to, with its ancestors (so checks need no query). */
export type ScopeUnit =
  | { kind: 'Street'; streetId: string }
  | { kind: 'Community'; streetId: string; communityId: string }
  | { kind: 'Courtyard'; streetId: string; communityId: string; courtyardId: string };

export interface DistrictCaller {
  kind: 'district';
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: Exclude<Role, Role.PLATFORM_ADMIN>;
  scope: ScopeUnit | null;
}

export interface PlatformCaller {
  kind: 'platform';
  id: string;
  tenantId: null;
  email: string;
  displayName: string;
  role: Role.PLATFORM_ADMIN;
  scope: null;
}

export type Caller = DistrictCaller | PlatformCaller;

export function scopeOfUser(user: User): ScopeUnit | null {
  if (user.role === Role.STREET_OFFICER && user.street) return { kind: 'Street', streetId: user.street.id };
  if (user.role === Role.COMMUNITY_WORKER && user.community) {
    return { kind: 'Community', streetId: user.community.street.id, communityId: user.community.id };
  }
  if (user.role === Role.COURTYARD_COMMITTEE && user.courtyard) {
    return {
      kind: 'Courtyard',
      streetId: user.courtyard.street.id,
      communityId: user.courtyard.community.id,
      courtyardId: user.courtyard.id,
    };
  }
  return null;
}

export function districtCaller(user: User): DistrictCaller {
  return {
    kind: 'district',
    id: user.id,
    tenantId: user.tenantId,
    email: user.email,
    displayName: user.displayName,
    role: user.role as DistrictCaller['role'],
    scope: scopeOfUser(user),
  };
}

export function platformCaller(user: PlatformUser): PlatformCaller {
  return {
    kind: 'platform',
    id: user.id,
    tenantId: null,
    email: user.email,
    displayName: user.displayName,
    role: Role.PLATFORM_ADMIN,
    scope: null,
  };
}

/** Who sends the request, and for a district user the district's clock (null without one). */
export type LoadedCaller =
  { caller: DistrictCaller; clock: DistrictClock } | { caller: PlatformCaller | null; clock: null };

/**
 * Sets the transaction's scope from the token and loads the caller, and for a district user the
 * district's clock (its time zone, read once per request). A token of a user that is gone or
 * disabled is UNAUTHENTICATED, like an expired one.
 */
export async function loadCaller(em: EntityManager, claims: TokenClaims | null): Promise<LoadedCaller> {
  if (!claims) {
    await applyScope(em, {});
    return { caller: null, clock: null };
  }
  if (claims.platform) {
    await applyScope(em, { platform: true });
    const operator = await em.findOne(PlatformUser, { id: claims.userId });
    if (!operator) throw unauthenticated('This account no longer exists: sign in again');
    return { caller: platformCaller(operator), clock: null };
  }
  await applyScope(em, { tenantId: claims.tenantId });
  const user = await em.findOne(User, { id: claims.userId }, { populate: ['community', 'courtyard'] });
  if (!user || user.tenantId !== claims.tenantId) throw unauthenticated('This account no longer exists: sign in again');
  if (user.disabledAt) throw unauthenticated('This account is disabled');
  return { caller: districtCaller(user), clock: await loadDistrictClock(em, user.tenantId) };
}
