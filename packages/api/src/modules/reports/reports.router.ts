import { ApiScope, parsePeriod } from '@xiaoyuan/schema';
import { Router } from 'express';
import type { AppServices } from '../../engine/context';
import { contextRoute } from '../../engine/request-route';
import { readReportData, ReportRefusal } from './report-data';
import { reportTitle, reportWorkbook } from './report-workbook';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `GET /reports/<period>.xlsx` (DOMAIN.md §9): the monthly statistics (`2026-10`), quarterly
 * analysis (`2026-Q3`) or annual evaluation (`2026`) of the signed-in district user's unit — the
 * district for the district admin and viewers, else the user's street, community or courtyard;
 * likewise for an API client with KPI_READ —
 * as an XLSX workbook, from the KPI snapshots the worker computed. zh-CN unless `?lang=en` or
 * Accept-Language prefers English. An open period's report says it is provisional; a period that
 * has not begun is refused (400).
 */
export function reportsRouter(services: AppServices): Router {
  const router = Router();
  router.get(
    '/reports/:file',
    contextRoute(services, 'reports', async (context, request) => {
      // a partner's client with KPI_READ gets its subtree's report, as a scoped user
      const caller = context.requireTenantCaller(ApiScope.KPI_READ);
      const match = /^(.+)\.xlsx$/i.exec(String(request.params.file));
      const period = match ? parsePeriod(match[1]) : null;
      if (!period) {
        return {
          status: 404,
          body: {
            error:
              'No such report: use /reports/<period>.xlsx with a month (2026-10), a quarter (2026-Q3) or a year (2026)',
          },
        };
      }
      try {
        const data = await readReportData(context.em, {
          tenantId: caller.tenantId,
          scope: caller.scope,
          period,
          clock: context.clock,
        });
        // generated at, to the minute, in the district's time
        const body = await reportWorkbook(data, context.locale, context.clock.localDateTime().slice(0, 16));
        const ascii = `xiaoyuan-${data.district.code}-${period.key}.xlsx`;
        return {
          status: 200,
          headers: {
            'Content-Type': XLSX,
            'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(`${reportTitle(data, context.locale)}.xlsx`)}`,
            'Cache-Control': 'private, no-store',
          },
          body,
        };
      } catch (error) {
        if (error instanceof ReportRefusal) return { status: 400, body: { error: error.message } };
        throw error;
      }
    }),
  );
  return router;
}
