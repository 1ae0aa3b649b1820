import { withTenant } from '@xiaoyuan/schema';
import type { Request, Response } from 'express';
import { loadCaller, type DistrictCaller } from './caller';
import type { AppServices } from './context';
import { bearerToken } from './token.service';

type DownloadAuth = { caller: DistrictCaller } | { status: 401 | 403; message: string };

/**
 * The district user of a download request, or null once the refusal (401 with
 * `WWW-Authenticate: Bearer`, or 403) has been sent as `{ error }`.
 */
export async function downloadCaller(
  services: AppServices,
  request: Request,
  response: Response,
): Promise<DistrictCaller | null> {
  const auth = await authenticateDownload(services, request.headers.authorization);
  if ('caller' in auth) return auth.caller;
  if (auth.status === 401) response.set('WWW-Authenticate', 'Bearer');
  response.status(auth.status).json({ error: auth.message });
  return null;
}

/**
 * Who asks for a file download (`GET` routes outside GraphQL: import templates, reports): the
 * signed-in district user of `Authorization: Bearer <token>`, or why not (401/403), with the same
 * checks as a GraphQL request (a valid token, an account that still exists and is enabled).
 */
async function authenticateDownload(services: AppServices, header: string | undefined): Promise<DownloadAuth> {
  const token = bearerToken(header);
  if (!token) return { status: 401, message: 'Sign in first: send a valid token as "Authorization: Bearer <token>"' };
  let claims;
  try {
    claims = await services.tokens.verify(token);
  } catch {
    return { status: 401, message: 'The token is not valid: sign in again' };
  }
  if (claims.platform) return { status: 403, message: 'The platform operator has no access to district data' };
  try {
    const caller = await withTenant(services.orm.em, { tenantId: claims.tenantId }, (em) => loadCaller(em, claims));
    if (caller?.kind !== 'district') return { status: 403, message: 'Only district users may download district files' };
    return { caller };
  } catch (error) {
    if ((error as { extensions?: { code?: string } }).extensions?.code === 'UNAUTHENTICATED')
      return { status: 401, message: (error as Error).message };
    throw error;
  }
}
