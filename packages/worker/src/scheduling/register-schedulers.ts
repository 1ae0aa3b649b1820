import type { EntityManager } from '@mikro-orm/postgresql';
import { JOBS, QUEUES } from '@xiaoyuan/schema';
import type { Queue } from 'bullmq';
import type { Logger } from '../engine/logger';
import { readDistrictZones, syncMonthlyCloseSchedulers } from './monthly-close-schedulers';
import { SCHEDULE_MONTHLY_CLOSE_PATTERN } from './schedule-monthly-close.job';

/**
 * At worker start-up (BullMQ job schedulers are upserted at start-up, STYLE.md): the hourly
 * `schedule-monthly-close` scheduler, then one sync of the districts' monthly close schedulers so
 * that a new deployment does not wait for the hour. A failure is logged, not fatal: the hourly job
 * tries again. Every worker may run this; upserts of the same scheduler are idempotent.
 */
export async function registerSchedulers(
  em: EntityManager,
  queues: ReadonlyMap<string, Queue>,
  log: Logger,
): Promise<void> {
  const queue = queues.get(QUEUES.kpi);
  if (!queue) return; // this worker does not serve the kpi queue
  try {
    await queue.upsertJobScheduler(
      JOBS.scheduleMonthlyClose,
      { pattern: SCHEDULE_MONTHLY_CLOSE_PATTERN },
      { name: JOBS.scheduleMonthlyClose, data: {} },
    );
    await syncMonthlyCloseSchedulers(queue, await readDistrictZones(em), log);
  } catch (error) {
    log.error('registering the job schedulers failed (the hourly sync will try again)', error);
  }
}
