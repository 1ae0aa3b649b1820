import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';

export const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;
const ISSUER = 'xiaoyuan';

/**
 * What a session token says: a district user (`tenantId`) or the platform operator (`platform`),
 * and the user's token version when it was issued (`ver`): the caller load refuses a token whose
 * version is no longer the user's, which is how sign-out, a new password, a disable or a change of
 * role or unit end the sessions before their expiry.
 */
export type TokenClaims =
  | { userId: string; tenantId: string; platform: false; version: number }
  | { userId: string; tenantId: null; platform: true; version: number };

export class TokenError extends Error {}

/** HS256 session tokens with `exp`; the tenant in the token is the only source of a caller's tenant. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly lifetimeSeconds = TOKEN_LIFETIME_SECONDS,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: TokenClaims, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((issuedAt + this.lifetimeSeconds) * 1000);
    const token = await new SignJWT(
      claims.platform ? { plt: true, ver: claims.version } : { tid: claims.tenantId, ver: claims.version },
    )
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  async verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        requiredClaims: ['exp', 'sub'],
      });
      const version = payload.ver;
      if (typeof version !== 'number' || !Number.isSafeInteger(version))
        throw new TokenError('The token is not valid: sign in again');
      if (payload.plt === true) return { userId: payload.sub!, tenantId: null, platform: true, version };
      if (typeof payload.tid === 'string')
        return { userId: payload.sub!, tenantId: payload.tid, platform: false, version };
      throw new TokenError('The token names no district');
    } catch (error) {
      if (error instanceof TokenError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new TokenError('The session has expired: sign in again');
      throw new TokenError('The token is not valid: sign in again');
    }
  }
}

/** The token of `Authorization: Bearer <token>`, or null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}
