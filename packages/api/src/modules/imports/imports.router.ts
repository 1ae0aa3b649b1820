import { ImportKind, importTemplateCsv, importTemplateFilename, withTenant, type ImportLocale } from '@xiaoyuan/schema';
import { Router, type Request, type Response } from 'express';
import { loadCaller } from '../../engine/caller';
import type { AppServices } from '../../engine/context';
import { localeFromAcceptLanguage } from '../../engine/i18n';
import { bearerToken } from '../../engine/token.service';
import { importTemplateXlsx } from './import-templates';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * `GET /imports/templates/<kind>.csv|.xlsx` (kind: courtyards, households, attendance): the empty
 * import file with its headers and one example row, for a signed-in district user
 * (`Authorization: Bearer <token>`). Headers in zh-CN unless `?lang=en` or Accept-Language prefers
 * English.
 */
export function importTemplatesRouter(services: AppServices): Router {
  const router = Router();
  router.get('/imports/templates/:file', async (request: Request, response: Response) => {
    const refused = await refusal(services, request.headers.authorization);
    if (refused) {
      if (refused.status === 401) response.set('WWW-Authenticate', 'Bearer');
      response.status(refused.status).json({ error: refused.message });
      return;
    }
    const match = /^(courtyards|households|attendance)\.(csv|xlsx)$/i.exec(String(request.params.file));
    if (!match) {
      response.status(404).json({ error: 'No such template: use /imports/templates/<courtyards|households|attendance>.<csv|xlsx>' });
      return;
    }
    const kind = match[1].toUpperCase() as ImportKind;
    const extension = match[2].toLowerCase() as 'csv' | 'xlsx';
    const lang = typeof request.query.lang === 'string' ? request.query.lang : request.headers['accept-language'];
    const locale: ImportLocale = localeFromAcceptLanguage(lang);
    try {
      const body = extension === 'csv' ? importTemplateCsv(kind, locale) : await importTemplateXlsx(kind, locale);
      response
        .status(200)
        .set({
          'Content-Type': CONTENT_TYPES[extension],
          'Content-Disposition': `attachment; filename="${importTemplateFilename(kind, extension)}"`,
          'Cache-Control': 'private, no-store',
        })
        .send(body);
    } catch (error) {
      services.log.error('[imports] template failed', error);
      response.status(500).json({ error: 'Internal server error' });
    }
  });
  return router;
}

/** Why the request may not download a template (401/403), or null for a signed-in district user. */
async function refusal(services: AppServices, header: string | undefined): Promise<{ status: 401 | 403; message: string } | null> {
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
    // the account must still exist and be enabled, as for GraphQL requests
    await withTenant(services.orm.em, { tenantId: claims.tenantId }, (em) => loadCaller(em, claims));
    return null;
  } catch (error) {
    if ((error as { extensions?: { code?: string } }).extensions?.code === 'UNAUTHENTICATED') return { status: 401, message: (error as Error).message };
    throw error;
  }
}
