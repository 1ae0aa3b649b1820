import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiKeyService } from './api-key.service';
import type { Logger } from './logger';
import { bearerToken } from './token.service';

/** How often a Redis failure of the limiter is logged at most (it fails open on every request meanwhile). */
const WARN_EVERY_MS = 60_000;

export type PartnerRateLimitOutcome = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The per-client request budget of partner API keys (DOMAIN.md §10): `perMinute` requests a minute
 * per key, counted in Redis (`<queuePrefix>:rate-limit:partner:<key hash>`), so every API process
 * shares it. Counted by the HMAC of any well-formed `xyk_` key, before the database knows whether
 * the key exists, so unknown keys are limited too; malformed `xyk_` tokens and session tokens are
 * not counted (the first are refused with 401 before any query, the second are users).
 *
 * Redis down: fails open. The request goes on (the database still authenticates the key) and a
 * warning is logged at most once a minute, as a KPI refresh that cannot be enqueued is.
 */
export class PartnerRateLimiter {
  private readonly limiter: RateLimiterRedis;
  private lastWarning = 0;

  constructor(
    redis: Redis,
    queuePrefix: string,
    readonly perMinute: number,
    private readonly log: Logger,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${queuePrefix}:rate-limit:partner`,
      points: perMinute,
      duration: 60,
      // the app's connection has no offline queue: a command while Redis is down fails at once
      rejectIfRedisNotReady: true,
    });
  }

  /** Spends one request of the key's budget (the key's hash). */
  async consume(keyHash: string): Promise<PartnerRateLimitOutcome> {
    try {
      await this.limiter.consume(keyHash);
      return { allowed: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
      const now = Date.now();
      if (now - this.lastWarning >= WARN_EVERY_MS) {
        this.lastWarning = now;
        this.log.warn(
          `[rate-limit] Redis failed, partner requests are not limited meanwhile: ${(rejection as Error)?.message ?? rejection}`,
        );
      }
      return { allowed: true };
    }
  }
}

/**
 * Express middleware in front of `/graphql` (`shape: 'graphql'`) and the downloads (`'rest'`): a
 * request with a well-formed API key past its budget is answered 429 with `Retry-After` (whole
 * seconds) and `extensions.code` RATE_LIMITED (`{ error }` for the downloads), before any
 * database work. Everything else passes untouched.
 */
export function partnerRateLimit(
  limiter: PartnerRateLimiter,
  apiKeys: ApiKeyService,
  shape: 'graphql' | 'rest',
): RequestHandler {
  return async (request, response, next) => {
    const token = bearerToken(request.headers.authorization);
    if (!token || !ApiKeyService.isApiKey(token) || !ApiKeyService.isWellFormed(token)) return next();
    const outcome = await limiter.consume(apiKeys.hash(token));
    if (outcome.allowed) return next();
    const message = `This API client has used its ${limiter.perMinute} requests of the minute: retry after ${outcome.retryAfterSeconds} s`;
    response.status(429).set('Retry-After', String(outcome.retryAfterSeconds));
    if (shape === 'graphql') response.json({ errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] });
    else response.json({ error: message });
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
