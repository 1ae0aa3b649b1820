import type { Request, RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiKeyService } from './api-key.service';
import type { Logger } from './logger';
import { bearerToken } from './token.service';

/** How often a Redis failure of a limiter is logged at most (it fails open on every request meanwhile). */
const WARN_EVERY_MS = 60_000;

export type RateLimitOutcome = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A request budget per minute, counted in Redis (`<queuePrefix>:rate-limit:<name>:<key>`), so every
 * API process shares it. Two budgets use it, with the same answer past them (429, `Retry-After`,
 * RATE_LIMITED) and the same failure mode:
 * - `partner`: each partner API key (DOMAIN.md §10), counted by the HMAC of any well-formed `xyk_`
 *   key before the database knows whether the key exists, so unknown keys are limited too;
 * - `address`: each client address (`request.ip`, which follows TRUST_PROXY), every request but
 *   `/healthz`, partner or not, generous since a district office or a school shares one address.
 *
 * Redis down: fails open. The request goes on (the database still authenticates it) and a warning is
 * logged at most once a minute, as a KPI refresh that cannot be enqueued is.
 */
export class RequestBudget {
  private readonly limiter: RateLimiterRedis;
  private lastWarning = 0;

  constructor(
    redis: Redis,
    queuePrefix: string,
    readonly name: 'partner' | 'address',
    readonly perMinute: number,
    private readonly log: Logger,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${queuePrefix}:rate-limit:${name}`,
      points: perMinute,
      duration: 60,
      // the app's connection has no offline queue: a command while Redis is down fails at once
      rejectIfRedisNotReady: true,
    });
  }

  /** Spends one request of the key's budget. */
  async consume(key: string): Promise<RateLimitOutcome> {
    try {
      await this.limiter.consume(key);
      return { allowed: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
      const now = Date.now();
      if (now - this.lastWarning >= WARN_EVERY_MS) {
        this.lastWarning = now;
        this.log.warn(
          `[rate-limit] Redis failed, ${this.name} requests are not limited meanwhile: ${(rejection as Error)?.message ?? rejection}`,
        );
      }
      return { allowed: true };
    }
  }
}

/** The partner API keys' budget (kept under its first name). */
export class PartnerRateLimiter extends RequestBudget {
  constructor(redis: Redis, queuePrefix: string, perMinute: number, log: Logger) {
    super(redis, queuePrefix, 'partner', perMinute, log);
  }
}

/** 429 with `Retry-After` (whole seconds) and RATE_LIMITED: a GraphQL error on `/graphql`, `{ error, code }` elsewhere. */
function refuse(request: Request, response: Response, retryAfterSeconds: number, message: string): void {
  response.status(429).set('Retry-After', String(retryAfterSeconds));
  if (request.baseUrl === '/graphql' || request.path === '/graphql') {
    response.json({ errors: [{ message, extensions: { code: 'RATE_LIMITED', retryAfterSeconds } }] });
  } else {
    response.json({ error: message, code: 'RATE_LIMITED' });
  }
}

/**
 * Express middleware in front of `/graphql` and the downloads: a request with a well-formed API key
 * past its budget is answered 429 before any database work. Everything else passes untouched.
 */
export function partnerRateLimit(limiter: PartnerRateLimiter, apiKeys: ApiKeyService): RequestHandler {
  return async (request, response, next) => {
    const token = bearerToken(request.headers.authorization);
    if (!token || !ApiKeyService.isApiKey(token) || !ApiKeyService.isWellFormed(token)) return next();
    const outcome = await limiter.consume(apiKeys.hash(token));
    if (outcome.allowed) return next();
    refuse(
      request,
      response,
      outcome.retryAfterSeconds,
      `This API client has used its ${limiter.perMinute} requests of the minute: retry after ${outcome.retryAfterSeconds} s`,
    );
  };
}

/** Express middleware in front of everything but the probes (`/livez`, `/readyz`, `/healthz`): the client address's budget (RATE_LIMIT_PER_MINUTE). */
export function addressRateLimit(budget: RequestBudget): RequestHandler {
  return async (request, response, next) => {
    // no address (a closed socket): nothing to count
    if (!request.ip) return next();
    const outcome = await budget.consume(request.ip);
    if (outcome.allowed) return next();
    refuse(
      request,
      response,
      outcome.retryAfterSeconds,
      `Too many requests from this address (${budget.perMinute} a minute): retry after ${outcome.retryAfterSeconds} s`,
    );
  };
}

/** Failed sign-ins an account may have within `LOGIN_WINDOW_SECONDS` before it is locked for the rest of it. */
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

export type LoginThrottleOutcome = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Sign-in throttling (issue 10), in Redis so that every API process shares it. Two counters of
 * failed attempts over a fixed 15-minute window: per account (the lower-cased email, known or not:
 * `<prefix>:rate-limit:login-account:<email>`), LOGIN_FAILURES_PER_ACCOUNT; and per client address
 * (`…:login-address:<address>`), `perAddress` (LOGIN_RATE_LIMIT_PER_ADDRESS, larger: an office or a
 * school signs in from one address). Once either is spent, sign-in is refused until the window ends
 * — whatever the password, the right one too — without a password check. A success clears the
 * account's counter (not the address's).
 *
 * Redis down: fails open (sign-in goes on unthrottled) with a `[rate-limit]` warning at most once a
 * minute, as the partner limit does.
 */
export class LoginThrottle {
  private readonly accounts: RateLimiterRedis;
  private readonly addresses: RateLimiterRedis;
  private lastWarning = 0;

  constructor(
    redis: Redis,
    queuePrefix: string,
    readonly perAddress: number,
    private readonly log: Logger,
  ) {
    const common = { storeClient: redis, duration: LOGIN_WINDOW_SECONDS, rejectIfRedisNotReady: true };
    this.accounts = new RateLimiterRedis({
      ...common,
      keyPrefix: `${queuePrefix}:rate-limit:login-account`,
      points: LOGIN_FAILURES_PER_ACCOUNT,
    });
    this.addresses = new RateLimiterRedis({
      ...common,
      keyPrefix: `${queuePrefix}:rate-limit:login-address`,
      points: perAddress,
    });
  }

  /** Whether a sign-in of `email` from `address` may be tried now; asked before the password is checked. */
  async check(email: string, address: string | null): Promise<LoginThrottleOutcome> {
    try {
      const [account, origin] = await Promise.all([
        this.accounts.get(email),
        address ? this.addresses.get(address) : Promise.resolve(null),
      ]);
      const waits = [
        account && account.consumedPoints >= LOGIN_FAILURES_PER_ACCOUNT ? account.msBeforeNext : 0,
        origin && origin.consumedPoints >= this.perAddress ? origin.msBeforeNext : 0,
      ];
      const wait = Math.max(...waits);
      return wait > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) } : { allowed: true };
    } catch (error) {
      this.warn(error);
      return { allowed: true };
    }
  }

  /** Counts a failed sign-in (wrong password, unknown email, disabled account). */
  async failed(email: string, address: string | null): Promise<void> {
    await Promise.all([
      this.accounts.penalty(email).catch((error: unknown) => this.warn(error)),
      address ? this.addresses.penalty(address).catch((error: unknown) => this.warn(error)) : null,
    ]);
  }

  /** A successful sign-in clears the account's failures. */
  async succeeded(email: string): Promise<void> {
    await this.accounts.delete(email).catch((error: unknown) => this.warn(error));
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.log.warn(
      `[rate-limit] Redis failed, sign-ins are not throttled meanwhile: ${(error as Error)?.message ?? error}`,
    );
  }
}
