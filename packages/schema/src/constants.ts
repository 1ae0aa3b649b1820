// Names shared by the API (producer) and the worker (consumer); each job's payload, queue and
// parser: jobs/job-payloads.ts.
export const QUEUES = {
  demo: 'demo',
  kpi: 'kpi',
  imports: 'imports',
  webhooks: 'webhooks',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  generateDemoDistrict: 'generate-demo-district',
  recomputeKpis: 'recompute-kpis',
  monthlyClose: 'monthly-close',
  importRecords: 'import-records',
  deliverWebhook: 'deliver-webhook',
  /** only the worker's own hourly scheduler enqueues it */
  scheduleMonthlyClose: 'schedule-monthly-close',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** The demo district that `npm run setup` installs. */
export const DEMO_DISTRICT = {
  code: 'demo',
  name: '示范区',
  adminEmail: 'admin@demo.xiaoyuan.local',
  adminPassword: 'demo-admin-2026',
} as const;
