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
