import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ApiClient,
  ApiScope,
  applyScope,
  DistrictClock,
  loadDistrictClock,
  PlatformUser,
  Role,
  User,
  type Community,
  type Courtyard,
  type Street,
} from '@xiaoyuan/schema';
import type { ApiClientCache } from './api-client-cache';
import { sessionEnded, unauthenticatedApiKey } from './errors';
import type { TokenClaims } from './token.service';

/** What authenticates a request: a session token's claims, or the hash of an API key (null: malformed). */
export type Credential = TokenClaims | { apiKeyHash: string | null };

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
  /** signed in with a one-time password: only `changePassword`, `signOut` and `me` until it is changed */
  mustChangePassword: boolean;
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

/** A partner's API client (DOMAIN.md §10): its scopes, and the unit it is limited to (null: the district). */
export interface ClientCaller {
  kind: 'client';
  id: string;
  tenantId: string;
  name: string;
  scopes: readonly ApiScope[];
  scope: ScopeUnit | null;
}

/** A person signed in with a session token. */
export type UserCaller = DistrictCaller | PlatformCaller;

export type Caller = UserCaller | ClientCaller;

/** A caller of a district: one of its users or one of its API clients. */
export type TenantCaller = DistrictCaller | ClientCaller;

/**
 * Who did a write, for a row that names its author: a district user, or an API client (DOMAIN.md
 * §10: history records which client did it); the other is null.
 */
export function actorOf(caller: TenantCaller): { userId: string | null; clientId: string | null } {
  return caller.kind === 'client' ? { userId: null, clientId: caller.id } : { userId: caller.id, clientId: null };
}

/** The unit of a row limited to a street, community or courtyard, with its ancestors. */
export function scopeOfUnit(unit: {
  street?: Street | null;
  community?: Community | null;
  courtyard?: Courtyard | null;
}): ScopeUnit | null {
  if (unit.courtyard) {
    return {
      kind: 'Courtyard',
      streetId: unit.courtyard.street.id,
      communityId: unit.courtyard.community.id,
      courtyardId: unit.courtyard.id,
    };
  }
  if (unit.community) return { kind: 'Community', streetId: unit.community.street.id, communityId: unit.community.id };
  if (unit.street) return { kind: 'Street', streetId: unit.street.id };
  return null;
}

export function clientCaller(client: ApiClient): ClientCaller {
  return {
    kind: 'client',
    id: client.id,
    tenantId: client.tenantId,
    name: client.name,
    scopes: [...client.scopes],
    scope: scopeOfUnit(client),
  };
}

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
    mustChangePassword: user.mustChangePassword,
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
  { caller: DistrictCaller | ClientCaller; clock: DistrictClock } | { caller: PlatformCaller | null; clock: null };

// A client's last use is written at most once a minute, so that a busy client costs no write per
// request. The row stays locked until the request's transaction ends: a concurrent request of the
// same key skips the write (SKIP LOCKED) rather than wait for that whole request.
const LAST_USED_RESOLUTION = "interval '1 minute'";
const TOUCH_LAST_USED = `update api_clients set last_used_at = now()
  where id = (select id from api_clients where id = ?
    and (last_used_at is null or last_used_at < now() - ${LAST_USED_RESOLUTION}) for update skip locked)`;

/**
 * Sets the transaction's scope from the token and loads the caller, and for a district user the
 * district's clock (its time zone, read once per request). A token of a user that is gone or
 * disabled, or whose token version is no longer the user's (signed out, new password, role or unit
 * changed), is UNAUTHENTICATED with HTTP 401.
 */
export async function loadCaller(
  em: EntityManager,
  claims: Credential | null,
  clients?: ApiClientCache,
): Promise<LoadedCaller> {
  if (!claims) {
    await applyScope(em, {});
    return { caller: null, clock: null };
  }
  if ('apiKeyHash' in claims) return loadClient(em, claims.apiKeyHash, clients);
  if (claims.platform) {
    await applyScope(em, { platform: true });
    const operator = await em.findOne(PlatformUser, { id: claims.userId });
    if (!operator) throw sessionEnded('This account no longer exists: sign in again');
    if (operator.tokenVersion !== claims.version) throw sessionEnded('This session has ended: sign in again');
    return { caller: platformCaller(operator), clock: null };
  }
  await applyScope(em, { tenantId: claims.tenantId });
  const user = await em.findOne(User, { id: claims.userId }, { populate: ['community', 'courtyard'] });
  if (!user || user.tenantId !== claims.tenantId) throw sessionEnded('This account no longer exists: sign in again');
  if (user.disabledAt) throw sessionEnded('This account is disabled');
  if (user.tokenVersion !== claims.version) throw sessionEnded('This session has ended: sign in again');
  return { caller: districtCaller(user), clock: await loadDistrictClock(em, user.tenantId) };
}

/**
 * An API key's client: found by the key's hash before the tenant is known (the `api_key_lookup`
 * policy), then the transaction is scoped to its district like a user's. An unknown, malformed or
 * revoked key is UNAUTHENTICATED with HTTP 401. A key this process has seen before skips the
 * lookup (`ApiClientCache`) but is checked against revocation on every request.
 */
async function loadClient(
  em: EntityManager,
  apiKeyHash: string | null,
  clients: ApiClientCache | undefined,
): Promise<LoadedCaller> {
  if (!apiKeyHash) throw unauthenticatedApiKey();
  const known = clients?.get(apiKeyHash);
  if (known) return loadKnownClient(em, apiKeyHash, known, clients!);
  await applyScope(em, { apiKeyHash });
  const [found] = await em.execute<{ tenant_id: string; id: string }[]>(
    `select tenant_id, id from api_clients where secret_hash = ? and revoked_at is null`,
    [apiKeyHash],
  );
  if (!found) throw unauthenticatedApiKey();
  await applyScope(em, { tenantId: found.tenant_id });
  const client = await em.findOne(ApiClient, { id: found.id }, { populate: ['community', 'courtyard'] });
  if (!client || client.revokedAt) throw unauthenticatedApiKey();
  await em.execute(TOUCH_LAST_USED, [client.id]);
  const caller = clientCaller(client);
  clients?.set(apiKeyHash, caller);
  return { caller: { ...caller }, clock: await loadDistrictClock(em, client.tenantId) };
}

/**
 * A key this process has authenticated before: scoped to its district at once, then ONE statement
 * reads the district's time zone and whether the key still stands (not revoked, same hash) — so a
 * revocation by any process takes effect on the next request — and whether its last use is older
 * than a minute (then it is written).
 */
async function loadKnownClient(
  em: EntityManager,
  apiKeyHash: string,
  known: ClientCaller,
  clients: ApiClientCache,
): Promise<LoadedCaller> {
  await applyScope(em, { tenantId: known.tenantId });
  const [row] = await em.execute<{ timezone: string; active: boolean; stale: boolean }[]>(
    `select d.timezone, c.id is not null as active,
            (c.last_used_at is null or c.last_used_at < now() - ${LAST_USED_RESOLUTION}) as stale
       from districts d
       left join api_clients c on c.id = ?::uuid and c.secret_hash = ? and c.revoked_at is null
      where d.id = ?::uuid`,
    [known.id, apiKeyHash, known.tenantId],
  );
  if (!row?.active) {
    clients.delete(apiKeyHash);
    throw unauthenticatedApiKey();
  }
  if (row.stale) await em.execute(TOUCH_LAST_USED, [known.id]);
  return { caller: { ...known }, clock: new DistrictClock(row.timezone) };
}
