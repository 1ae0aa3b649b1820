import { ApiScope, ImportKind, importTemplateCsv, importTemplateFilename } from '@xiaoyuan/schema';
import { Router } from 'express';
import type { AppServices } from '../../engine/context';
import { contextRoute } from '../../engine/request-route';
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
  router.get(
    '/imports/templates/:file',
    contextRoute(services, 'imports', async (context, request) => {
      context.requireTenantCaller(ApiScope.RECORDS_WRITE);
      const match = /^(courtyards|households|attendance)\.(csv|xlsx)$/i.exec(String(request.params.file));
      if (!match) {
        return {
          status: 404,
          body: { error: 'No such template: use /imports/templates/<courtyards|households|attendance>.<csv|xlsx>' },
        };
      }
      const kind = match[1].toUpperCase() as ImportKind;
      const extension = match[2].toLowerCase() as 'csv' | 'xlsx';
      const body =
        extension === 'csv' ? importTemplateCsv(kind, context.locale) : await importTemplateXlsx(kind, context.locale);
      return {
        status: 200,
        headers: {
          'Content-Type': CONTENT_TYPES[extension],
          'Content-Disposition': `attachment; filename="${importTemplateFilename(kind, extension)}"`,
          'Cache-Control': 'private, no-store',
        },
        body,
      };
    }),
  );
  return router;
}
