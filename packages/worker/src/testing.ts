/*
 * What other packages' tests need to run the worker's jobs in their own process
 * (`@xiaoyuan/worker/testing`): the runner's queue processor and the job definitions, so that an
 * API test can process the jobs its mutations enqueued exactly as the worker would.
 */
export { createQueueProcessor, type JobRunnerDependencies } from './engine/job-runner';
export type { JobDefinition } from './engine/job-definition';
export { JOB_DEFINITIONS } from './jobs';
export { importRecordsJob } from './jobs/import-records.job';
export { deliverWebhookJob } from './jobs/deliver-webhook.job';
export { createWebhookSettings, type WebhookSettings } from './webhooks/webhook-settings';
export { recomputeKpisJob } from './jobs/recompute-kpis.job';
export { startWorkerService, type WorkerService, type WorkerServiceOptions } from './engine/worker-service';
export { silentLogger } from './engine/logger';
