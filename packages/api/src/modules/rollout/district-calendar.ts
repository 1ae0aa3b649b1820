import { DEFAULT_TIMEZONE, localDate } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../engine/context';

/** The district's time zone, read once per request. */
export async function districtTimezone(context: RequestContext): Promise<string> {
  const caller = context.requireDistrictCaller();
  const loader = context.loader<string, string>(
    'district-timezone',
    () =>
      new DataLoader((ids) =>
        context.serially(async () => {
          const rows = await context.em.execute<{ id: string; timezone: string }[]>(
            `select id, timezone from districts where id = any(?::uuid[])`,
            [`{${ids.join(',')}}`],
          );
          const found = new Map(rows.map((row) => [row.id, row.timezone]));
          return ids.map((id) => found.get(id) ?? DEFAULT_TIMEZONE);
        }),
      ),
  );
  return loader.load(caller.tenantId);
}

/** Today in the district's time zone, `YYYY-MM-DD`: record dates may not be later. */
export async function districtToday(context: RequestContext): Promise<string> {
  return localDate(await districtTimezone(context));
}
