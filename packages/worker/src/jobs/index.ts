import type { JobDefinition } from '../engine/job-definition';
import { deliverWebhookJob } from './deliver-webhook.job';
import { generateDemoDistrictJob } from './generate-demo-district.job';
import { importRecordsJob } from './import-records.job';
import { monthlyCloseJob } from './monthly-close.job';
import { recomputeKpisJob } from './recompute-kpis.job';
import { scheduleMonthlyCloseJob } from '../scheduling/schedule-monthly-close.job';

/** Every job the worker processes. A new job: `src/jobs/<name>.job.ts`, then list it here. */
export const JOB_DEFINITIONS: readonly JobDefinition[] = [
  generateDemoDistrictJob,
  recomputeKpisJob,
  importRecordsJob,
  monthlyCloseJob,
  scheduleMonthlyCloseJob,
  deliverWebhookJob,
];
