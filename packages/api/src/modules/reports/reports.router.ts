import { parsePeriod, withTenant } from '@xiaoyuan/schema';
import { Router, type Request, type Response } from 'express';
import type { AppServices } from '../../engine/context';
import { downloadCaller } from '../../engine/download-auth';
import { localeFromAcceptLanguage } from '../../engine/i18n';
import { readReportData, ReportRefusal } from './report-data';
import { reportTitle, reportWorkbook } from './report-workbook';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `GET /reports/<period>.xlsx` (DOMAIN.md §9): the monthly statistics (`2026-10`), quarterly
 * analysis (`2026-Q3`) or annual evaluation (`2026`) of the signed-in district user's unit — the
 * district for the district admin and viewers, else the user's street, community or courtyard —
 * as an XLSX workbook, from the KPI snapshots the worker computed. zh-CN unless `?lang=en` or
 * Accept-Language prefers English. An open period's report says it is provisional; a period that
 * has not begun is refused (400).
 */
export function reportsRouter(services: AppServices): Router {
  const router = Router();
  router.get('/reports/:file', async (request: Request, response: Response) => {
    const caller = await downloadCaller(services, request, response);
    if (!caller) return;
    const match = /^(.+)\.xlsx$/i.exec(String(request.params.file));
    const period = match ? parsePeriod(match[1]) : null;
    if (!period) {
      response.status(404).json({
        error:
          'No such report: use /reports/<period>.xlsx with a month (2026-10), a quarter (2026-Q3) or a year (2026)',
      });
      return;
    }
    const lang = typeof request.query.lang === 'string' ? request.query.lang : request.headers['accept-language'];
    const locale = localeFromAcceptLanguage(lang);
    try {
      const data = await withTenant(services.orm.em, { tenantId: caller.tenantId }, (em) =>
        readReportData(em, { tenantId: caller.tenantId, scope: caller.scope, period }),
      );
      const generatedAt = new Intl.DateTimeFormat('sv-SE', {
        timeZone: data.district.timezone,
        dateStyle: 'short',
        timeStyle: 'short',
      }).format(new Date());
      const body = await reportWorkbook(data, locale, generatedAt);
      const ascii = `xiaoyuan-${data.district.code}-${period.key}.xlsx`;
      response
        .status(200)
        .set({
          'Content-Type': XLSX,
          'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(`${reportTitle(data, locale)}.xlsx`)}`,
          'Cache-Control': 'private, no-store',
        })
        .send(body);
    } catch (error) {
      if (error instanceof ReportRefusal) {
        response.status(400).json({ error: error.message });
        return;
      }
      services.log.error('[reports] report failed', error);
      response.status(500).json({ error: 'Internal server error' });
    }
  });
  return router;
}
