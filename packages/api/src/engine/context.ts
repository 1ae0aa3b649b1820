import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { AddressLookup, DistrictClock, PersonalDataCipher } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import type { Request } from 'express';
import type { ApiClientCache } from './api-client-cache';
import { ApiKeyService } from './api-key.service';
import { Authorization, type ClientAccess } from './authorization.service';
import {
  loadCaller,
  type Caller,
  type Credential,
  type DistrictCaller,
  type LoadedCaller,
  type PlatformCaller,
  type TenantCaller,
} from './caller';
import { forbidden, isStatementTimeout, statementTimeoutError, unauthenticated, UserErrors } from './errors';
import { localeFromAcceptLanguage, type Locale } from './i18n';
import { KpiRefresh } from './kpi-refresh';
import type { Logger } from './logger';
import type { QueueRegistry } from './queues';
import type { LoginThrottle } from './rate-limit';
import { bearerToken, TokenError, type TokenService } from './token.service';

/** Long-lived services of the app, shared by every request. */
export interface AppServices {
  orm: MikroORM;
  tokens: TokenService;
  apiKeys: ApiKeyService;
  /** the API clients this process has authenticated, by key hash (revocation is still checked per request) */
  apiClients: ApiClientCache;
  cipher: PersonalDataCipher;
  queues: QueueRegistry;
  log: Logger;
  /** failed sign-ins per account and per address (issue 10) */
  loginThrottle: LoginThrottle;
  production: boolean;
  /** the admin app's address, for the links of work-chat robot messages (ADMIN_APP_URL) */
  adminAppUrl: string;
  /** how a webhook URL's host is resolved for §10's address check (tests fix it; default: the system's DNS) */
  webhookAddressLookup?: AddressLookup;
}

/** What the audit log records of the current mutation, filled in by its service. */
export interface AuditNote {
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
  /** the service wrote its own entry (sign-in, where the caller is known only inside) */
  handled: boolean;
}

/**
 * Everything a resolver or a download route needs, built once per request: a fork of the
 * EntityManager (its one transaction opened by `beginTransaction`: the transaction plugin for
 * `/graphql`, `contextRoute` for the REST routes), the caller from the token with the
 * district's clock, the language, the DataLoaders.
 */
export class RequestContext {
  readonly em: EntityManager;
  caller: Caller | null = null;
  auth = new Authorization(null);
  /** the district's clock, loaded with a district caller */
  private districtClock: DistrictClock | null = null;
  audit: AuditNote = { targetType: null, targetId: null, detail: {}, handled: false };
  /** set once `beginTransaction` has begun the transaction, until `endTransaction` */
  transactionOpen = false;
  /** a statement ran past the statement timeout: the request answers TIMEOUT (HTTP 503) */
  statementTimedOut = false;
  private refresh: KpiRefresh | null = null;
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private queue: Promise<unknown> = Promise.resolve();
  private transactionEnd: { committed: () => Promise<void>; rolledBack: () => Promise<void> }[] = [];
  // drained, never replaced: resolvers hold a shallow copy of this context
  private readonly beforeCommitWork: (() => Promise<void>)[] = [];

  constructor(
    readonly services: AppServices,
    readonly locale: Locale,
    /** the verified token or the API key's hash, or null without one */
    readonly claims: Credential | null,
    /** why the given token was refused */
    readonly authFailure: string | null,
    /** the client's address (express's `request.ip`), for sign-in throttling */
    readonly address: string | null = null,
  ) {
    this.em = services.orm.em.fork({ clear: true }) as EntityManager;
  }

  setCaller({ caller, clock }: LoadedCaller): void {
    this.caller = caller;
    this.districtClock = clock;
    this.auth = new Authorization(caller);
  }

  /**
   * The district's calendar (time zone, today, periods) for a district caller: every local date of
   * the API comes from here, for users and API clients alike. UNAUTHENTICATED without a caller,
   * FORBIDDEN for the platform operator.
   */
  get clock(): DistrictClock {
    const caller = this.requireCaller();
    if (caller.kind === 'platform') throw forbidden('The platform operator has no access to district data');
    return this.districtClock!;
  }

  /** Opens the request's one transaction, scoped to the token's tenant, and loads the caller and clock. */
  async beginTransaction(): Promise<void> {
    await this.em.begin();
    this.transactionOpen = true;
    try {
      this.setCaller(await loadCaller(this.em, this.claims, this.services.apiClients));
    } catch (error) {
      if (isStatementTimeout(error)) throw statementTimeoutError();
      throw error;
    }
  }

  /**
   * Commits (or rolls back) the request's transaction, then runs the `onTransactionEnd` callbacks.
   * A commit that fails is rolled back and rethrown once the callbacks have run.
   */
  async endTransaction(commit: boolean): Promise<void> {
    if (!this.transactionOpen) return;
    this.transactionOpen = false;
    const beforeCommit = this.beforeCommitWork.splice(0);
    try {
      if (commit) {
        // e.g. the outbox rows of the KPI refresh the request's writes need
        for (const work of beforeCommit) await work();
        await this.em.commit();
      } else await this.em.rollback();
    } catch (error) {
      await this.em.rollback().catch(() => undefined);
      await this.transactionEnded(false);
      throw error;
    }
    await this.transactionEnded(commit);
  }

  /**
   * Courtyards whose records this request changed: their KPIs are refreshed once it commits. Made
   * on first use, on the object the resolvers get (Apollo hands them a shallow copy of this one).
   */
  get kpiRefresh(): KpiRefresh {
    return (this.refresh ??= new KpiRefresh(this));
  }

  requireCaller(): Caller {
    if (!this.caller) throw unauthenticated(this.authFailure ?? undefined);
    return this.caller;
  }

  /**
   * A district user; the platform operator reads and writes no district data. An API client is
   * refused too: an operation serves clients only where it asks for `requireTenantCaller` with the
   * access it needs, so an operation not mapped to a scope stays closed to them.
   */
  requireDistrictCaller(): DistrictCaller {
    const caller = this.requireCaller();
    if (caller.kind === 'client') throw forbidden('API clients may not do this');
    if (caller.kind !== 'district') throw forbidden('The platform operator has no access to district data');
    return caller;
  }

  /**
   * A district user, or an API client whose scopes grant `access` (DOMAIN.md §10; the subtree is
   * checked by `auth` as for a scoped user). FORBIDDEN otherwise.
   */
  requireTenantCaller(access: ClientAccess): TenantCaller {
    const caller = this.requireCaller();
    if (caller.kind === 'client') {
      if (!this.auth.clientMay(access)) throw forbidden('Outside the scopes of this API client');
      return caller;
    }
    return this.requireDistrictCaller();
  }

  requirePlatformCaller(): PlatformCaller {
    const caller = this.requireCaller();
    if (caller.kind !== 'platform') throw forbidden('Only the platform operator may do this');
    return caller;
  }

  userErrors(): UserErrors {
    return new UserErrors(this.locale);
  }

  /** A DataLoader of this request, created on first use. */
  loader<K, V>(name: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = create() as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /**
   * Runs database work after the previous one: DataLoaders of different fields fire in the same
   * tick, and the request's transaction is one connection that takes one query at a time.
   */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Work that must be part of the request's transaction yet wait for its last write (e.g. the KPI
   * refresh's outbox rows, planned from every record the request changed): runs just before the
   * commit, in the transaction; a throw rolls the request back.
   */
  beforeCommit(work: () => Promise<void>): void {
    this.beforeCommitWork.push(work);
  }

  /**
   * Work that must wait for the request's transaction: `committed` runs once it has committed (e.g.
   * release a job that reads the rows this request wrote), `rolledBack` once it was rolled back
   * instead. Register only after the writes succeeded (outside a failed savepoint).
   */
  onTransactionEnd(committed: () => Promise<void>, rolledBack: () => Promise<void> = async () => undefined): void {
    this.transactionEnd.push({ committed, rolledBack });
  }

  /** Runs the `onTransactionEnd` callbacks once the transaction has ended; a failing callback is logged. */
  private async transactionEnded(committed: boolean): Promise<void> {
    const callbacks = this.transactionEnd;
    this.transactionEnd = [];
    for (const callback of callbacks) {
      try {
        await (committed ? callback.committed() : callback.rolledBack());
      } catch (error) {
        this.services.log.error(
          `[graphql] work after the transaction ${committed ? 'committed' : 'was rolled back'} failed`,
          error,
        );
      }
    }
  }

  noteAudit(targetType: string, targetId: string | null, detail: Record<string, unknown> = {}): void {
    this.audit.targetType = targetType;
    this.audit.targetId = targetId;
    Object.assign(this.audit.detail, detail);
  }
}

/** The request's language: `?lang=` when given, else Accept-Language (zh-CN by default). */
export function requestLocale(request: Pick<Request, 'headers' | 'query'>): Locale {
  const lang = request.query?.lang;
  return localeFromAcceptLanguage(typeof lang === 'string' ? lang : request.headers['accept-language']);
}

/**
 * The context of an HTTP request, for `/graphql` (Apollo's context) and the REST routes alike: the
 * verified token of `Authorization: Bearer <token>` (or why it was refused) and the language.
 */
export async function createRequestContext(
  services: AppServices,
  request: Pick<Request, 'headers' | 'query'> & { ip?: string },
): Promise<RequestContext> {
  const token = bearerToken(request.headers.authorization);
  let claims: Credential | null = null;
  let authFailure: string | null = null;
  if (token && ApiKeyService.isApiKey(token)) {
    // checked against the database with the caller: a malformed key is refused there, as an unknown one
    claims = { apiKeyHash: ApiKeyService.isWellFormed(token) ? services.apiKeys.hash(token) : null };
  } else if (token !== null) {
    try {
      if (!token) throw new TokenError('The Authorization header must be "Bearer <token>"');
      claims = await services.tokens.verify(token);
    } catch (error) {
      authFailure = error instanceof TokenError ? error.message : 'The token is not valid: sign in again';
    }
  }
  return new RequestContext(services, requestLocale(request), claims, authFailure, request.ip ?? null);
}
