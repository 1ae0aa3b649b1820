import { JOBS, listDistrictZones, QUEUES } from '@xiaoyuan/schema';
import { UnrecoverableError } from 'bullmq';
import { defineJob } from '../engine/job-definition';
import { type SchedulerSyncResult, syncMonthlyCloseSchedulers } from './monthly-close-schedulers';

/** Runs every hour: the monthly close schedulers follow districts created, moved to another time zone or deleted. */
export const SCHEDULE_MONTHLY_CLOSE_PATTERN = '0 * * * *';

/**
 * Keeps one monthly-close job scheduler per district (`syncMonthlyCloseSchedulers`). Platform
 * scope: it reads every district (and no district's data).
 */
export const scheduleMonthlyCloseJob = defineJob({
  name: JOBS.scheduleMonthlyClose,
  queue: QUEUES.kpi,
  scope: 'platform',
  async process({ em, log, queues }): Promise<SchedulerSyncResult> {
    const queue = queues.get(QUEUES.kpi);
    if (!queue)
      throw new UnrecoverableError(
        `${JOBS.scheduleMonthlyClose}: no producer for the ${QUEUES.kpi} queue in this worker`,
      );
    return syncMonthlyCloseSchedulers(queue, await listDistrictZones(em), log);
  },
});
