// Names shared by the API (producer) and the worker (consumer). Every job payload carries tenantId.
import type { KpiKey } from '@xiaoyuan/domain';
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
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** The demo district that `npm run setup` installs. */
export const DEMO_DISTRICT = {
  code: 'demo',
  name: '示范区',
  adminEmail: 'admin@demo.xiaoyuan.local',
  adminPassword: 'demo-admin-2026',
} as const;

export interface GenerateDemoDistrictJob {
  /** the code of the district to create; an existing district of that code is left alone */
  code: string;
  name: string;
  adminEmail: string;
  adminPassword: string;
  /** deterministic generation */
  seed: number;
}

/**
 * Payload of `recompute-kpis` on the kpi queue (the worker's `recompute-kpis.job.ts` checks it).
 * `period`: `2026-10`, `2026-Q4` or `2026`. `courtyardIds`: only those courtyards and the roll-ups
 * of their community, street and the district (absent: every scope). `through` (a month, with
 * `period` a month): every month from `period` through it in order, then the quarters and years
 * they touch.
 */
export interface RecomputeKpisJob {
  tenantId: string;
  period: string;
  courtyardIds?: string[];
  through?: string;
  /** with courtyardIds: only these KPIs can have changed (absent: all ten) */
  kpis?: KpiKey[];
}
