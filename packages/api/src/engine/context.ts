import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { PersonalDataCipher } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import { Authorization } from './authorization.service';
import type { Caller, DistrictCaller, PlatformCaller } from './caller';
import { forbidden, unauthenticated, UserErrors } from './errors';
import { localeFromAcceptLanguage, type Locale } from './i18n';
import { KpiRefresh } from './kpi-refresh';
import type { Logger } from './logger';
import type { QueueRegistry } from './queues';
import { bearerToken, TokenError, type TokenClaims, type TokenService } from './token.service';

/** Long-lived services of the app, shared by every request. */
export interface AppServices {
  orm: MikroORM;
  tokens: TokenService;
  cipher: PersonalDataCipher;
  queues: QueueRegistry;
  log: Logger;
  production: boolean;
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
 * Everything a resolver needs, built once per request: a fork of the EntityManager (its one
 * transaction is opened by the transaction plugin), the caller from the token, the language, the
 * DataLoaders. The caller is loaded when the transaction starts (`didResolveOperation`).
 */
export class RequestContext {
  readonly em: EntityManager;
  caller: Caller | null = null;
  auth = new Authorization(null);
  audit: AuditNote = { targetType: null, targetId: null, detail: {}, handled: false };
  /** set by the transaction plugin once `begin` has run */
  transactionOpen = false;
  private refresh: KpiRefresh | null = null;
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private queue: Promise<unknown> = Promise.resolve();
  private transactionEnd: { committed: () => Promise<void>; rolledBack: () => Promise<void> }[] = [];

  constructor(
    readonly services: AppServices,
    readonly locale: Locale,
    /** the verified token, or null without one */
    readonly claims: TokenClaims | null,
    /** why the given token was refused */
    readonly authFailure: string | null,
  ) {
    this.em = services.orm.em.fork({ clear: true }) as EntityManager;
  }

  setCaller(caller: Caller | null): void {
    this.caller = caller;
    this.auth = new Authorization(caller);
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

  /** A district user; the platform operator reads and writes no district data. */
  requireDistrictCaller(): DistrictCaller {
    const caller = this.requireCaller();
    if (caller.kind !== 'district') throw forbidden('The platform operator has no access to district data');
    return caller;
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
   * Work that must wait for the request's transaction: `committed` runs once it has committed (e.g.
   * release a job that reads the rows this request wrote), `rolledBack` once it was rolled back
   * instead. Register only after the writes succeeded (outside a failed savepoint).
   */
  onTransactionEnd(committed: () => Promise<void>, rolledBack: () => Promise<void> = async () => undefined): void {
    this.transactionEnd.push({ committed, rolledBack });
  }

  /** Called by the transaction plugin once the transaction has ended; a failing callback is logged. */
  async transactionEnded(committed: boolean): Promise<void> {
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

export async function createRequestContext(
  services: AppServices,
  headers: { authorization?: string; 'accept-language'?: string },
): Promise<RequestContext> {
  const locale = localeFromAcceptLanguage(headers['accept-language']);
  const token = bearerToken(headers.authorization);
  let claims: TokenClaims | null = null;
  let authFailure: string | null = null;
  if (token !== null) {
    try {
      if (!token) throw new TokenError('The Authorization header must be "Bearer <token>"');
      claims = await services.tokens.verify(token);
    } catch (error) {
      authFailure = error instanceof TokenError ? error.message : 'The token is not valid: sign in again';
    }
  }
  return new RequestContext(services, locale, claims, authFailure);
}
