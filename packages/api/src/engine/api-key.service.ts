import { createHmac, randomBytes } from 'node:crypto';

/** Every partner API key starts with this; a session token never does (DOMAIN.md §10). */
export const API_KEY_PREFIX = 'xyk_';
// 32 random bytes: 43 URL-safe characters after the prefix
const SECRET_BYTES = 32;
const WELL_FORMED = /^xyk_[A-Za-z0-9_-]{32,128}$/;

/**
 * Partner API keys: random secrets shown once, stored only as HMAC-SHA256 with the server pepper
 * (`API_KEY_PEPPER`). The secret is long and random, so a fast keyed hash is enough and costs no
 * latency per request, unlike a password hash.
 */
export class ApiKeyService {
  constructor(private readonly pepper: string) {}

  /** A new secret and the hash to store. */
  generate(): { secret: string; hash: string } {
    const secret = `${API_KEY_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`;
    return { secret, hash: this.hash(secret) };
  }

  hash(secret: string): string {
    return createHmac('sha256', this.pepper).update(secret).digest('hex');
  }

  static isApiKey(token: string): boolean {
    return token.startsWith(API_KEY_PREFIX);
  }

  static isWellFormed(token: string): boolean {
    return WELL_FORMED.test(token);
  }
}
