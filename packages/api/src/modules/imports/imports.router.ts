import { ImportKind, importTemplateCsv, importTemplateFilename, type ImportLocale } from '@xiaoyuan/schema';
import { Router, type Request, type Response } from 'express';
import type { AppServices } from '../../engine/context';
import { downloadCaller } from '../../engine/download-auth';
import { localeFromAcceptLanguage } from '../../engine/i18n';
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
    if (!(await downloadCaller(services, request, response))) return;
    const match = /^(courtyards|households|attendance)\.(csv|xlsx)$/i.exec(String(request.params.file));
    if (!match) {
      response
        .status(404)
        .json({ error: 'No such template: use /imports/templates/<courtyards|households|attendance>.<csv|xlsx>' });
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
