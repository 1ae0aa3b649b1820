import type { EntityManager } from '@mikro-orm/postgresql';
import { JOBS, listDistrictZones, withTenant } from '@xiaoyuan/schema';
import type { Queue } from 'bullmq';
import type { Logger } from '../engine/logger';
import { MONTHLY_CLOSE_JOB_OPTIONS } from '../jobs/monthly-close.job';

/** 00:30 on the 1st of every month, in the district's time zone (DOMAIN.md §9). */
export const MONTHLY_CLOSE_PATTERN = '30 0 1 * *';

const SCHEDULER_PREFIX = `${JOBS.monthlyClose}:`;

export function monthlyCloseSchedulerId(tenantId: string): string {
  return `${SCHEDULER_PREFIX}${tenantId}`;
}

/** A district and its time zone (`listDistrictZones`). */
export interface DistrictZone {
  id: string;
  timezone: string;
}

/** Every district and its time zone, read as the platform (the only scope that sees them all). */
export function readDistrictZones(em: EntityManager): Promise<DistrictZone[]> {
  return withTenant(em, { platform: true }, listDistrictZones);
}

export interface SchedulerSyncResult {
  /** districts whose scheduler was created or changed */
  upserted: string[];
  /** schedulers removed because their district is gone */
  removed: string[];
  /** districts whose scheduler could not be written (logged; the next sync tries again) */
  failed: string[];
}

/**
 * One BullMQ job scheduler per district on `queue`: `monthly-close` with `{ tenantId }` at 00:30 on
 * the 1st in the district's time zone. Creates the missing ones, rewrites those whose time zone
 * changed, removes those of districts that no longer exist; leaves the rest untouched (so a sync
 * every hour does not disturb the next planned run). Errors are caught per district.
 */
export async function syncMonthlyCloseSchedulers(
  queue: Queue,
  districts: readonly DistrictZone[],
  log: Logger,
): Promise<SchedulerSyncResult> {
  const result: SchedulerSyncResult = { upserted: [], removed: [], failed: [] };
  const wanted = new Set(districts.map((district) => monthlyCloseSchedulerId(district.id)));
  for (const district of districts) {
    const id = monthlyCloseSchedulerId(district.id);
    try {
      const existing = await queue.getJobScheduler(id);
      const same =
        existing?.pattern === MONTHLY_CLOSE_PATTERN &&
        existing.tz === district.timezone &&
        existing.name === JOBS.monthlyClose &&
        existing.template?.data?.tenantId === district.id;
      if (same) continue;
      await queue.upsertJobScheduler(
        id,
        { pattern: MONTHLY_CLOSE_PATTERN, tz: district.timezone },
        { name: JOBS.monthlyClose, data: { tenantId: district.id }, opts: MONTHLY_CLOSE_JOB_OPTIONS },
      );
      result.upserted.push(district.id);
    } catch (error) {
      result.failed.push(district.id);
      log.error(`monthly close scheduler of district ${district.id} (${district.timezone})`, error);
    }
  }
  const schedulers = await queue.getJobSchedulers(0, -1);
  for (const scheduler of schedulers) {
    const id = scheduler.key;
    if (!id.startsWith(SCHEDULER_PREFIX) || wanted.has(id)) continue;
    try {
      await queue.removeJobScheduler(id);
      result.removed.push(id.slice(SCHEDULER_PREFIX.length));
    } catch (error) {
      log.error(`removing the monthly close scheduler ${id}`, error);
    }
  }
  if (result.upserted.length || result.removed.length || result.failed.length) {
    log.info(
      `monthly close schedulers: ${result.upserted.length} upserted, ${result.removed.length} removed, ${result.failed.length} failed (${districts.length} districts)`,
    );
  }
  return result;
}
