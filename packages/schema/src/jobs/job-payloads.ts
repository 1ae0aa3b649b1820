import { JOBS, QUEUES } from '../constants';
import { KPI_KEYS, type KpiKey, parsePeriod } from '@xiaoyuan/domain';

/*
 * The payload of every job, by job name, with the queue it runs on and the one parser that checks
 * it: producers (the API, the worker's own follow-up jobs) are typed by these, and the worker's
 * runner parses each payload once, before the processor sees it. Every tenant job's payload
 * carries `tenantId` (STYLE.md).
 */

/** Payload of every tenant-scoped job. */
export interface TenantJobPayload {
  tenantId: string;
}

/** `generate-demo-district` on the demo queue: platform scope, it creates the district. */
export interface GenerateDemoDistrictPayload {
  /** the code of the district to create; an existing district of that code is left alone */
  code: string;
  name: string;
  adminEmail: string;
  adminPassword: string;
  /** deterministic generation */
  seed: number;
}

/**
 * `recompute-kpis` on the kpi queue (planned by `kpi-refresh-planner.ts`). `period`: `2026-10`,
 * `2026-Q4` or `2026`. `courtyardIds`: only those courtyards and the roll-ups of their community,
 * street and the district (absent: every scope). `through` (a month, with `period` a month): every
 * month from `period` through it in order, then the quarters and years they touch.
 */
export interface RecomputeKpisPayload extends TenantJobPayload {
  period: string;
  courtyardIds?: string[];
  through?: string;
  /** with courtyardIds: only these KPIs can have changed (absent: all ten) */
  kpis?: KpiKey[];
}

/**
 * `monthly-close` on the kpi queue. `month` (`2026-10`): the month to close; without it (what the
 * district's job scheduler sends), the month before today in the district's time zone.
 */
export interface MonthlyClosePayload extends TenantJobPayload {
  month?: string;
}

/** `import-records` on the imports queue: the API adds it (job id = import id) after inserting the `imports` row. */
export interface ImportRecordsPayload extends TenantJobPayload {
  importId: string;
}

/**
 * `deliver-webhook` on the webhooks queue: the worker's relay adds it for one webhook's due
 * deliveries (at most `DELIVER_WEBHOOK_MAX_DELIVERIES`); the job claims those still due and posts them.
 */
export interface DeliverWebhookPayload extends TenantJobPayload {
  webhookId: string;
  deliveryIds: string[];
}

/** The deliveries of one `deliver-webhook` job at most. */
export const DELIVER_WEBHOOK_MAX_DELIVERIES = 100;

/** `schedule-monthly-close` on the kpi queue: the worker's hourly scheduler sends it, empty (platform scope). */
export type ScheduleMonthlyClosePayload = Record<string, never>;

/** Job name → payload. */
export interface JobPayloads {
  [JOBS.generateDemoDistrict]: GenerateDemoDistrictPayload;
  [JOBS.recomputeKpis]: RecomputeKpisPayload;
  [JOBS.monthlyClose]: MonthlyClosePayload;
  [JOBS.importRecords]: ImportRecordsPayload;
  [JOBS.scheduleMonthlyClose]: ScheduleMonthlyClosePayload;
  [JOBS.deliverWebhook]: DeliverWebhookPayload;
}

/** A job that has a payload type, a queue and a parser. */
export type PayloadJobName = keyof JobPayloads;
export type JobPayload<Name extends PayloadJobName> = JobPayloads[Name];

/** Job name → the queue it is added to and processed from. */
export const JOB_QUEUES = {
  [JOBS.generateDemoDistrict]: QUEUES.demo,
  [JOBS.recomputeKpis]: QUEUES.kpi,
  [JOBS.monthlyClose]: QUEUES.kpi,
  [JOBS.importRecords]: QUEUES.imports,
  [JOBS.scheduleMonthlyClose]: QUEUES.kpi,
  [JOBS.deliverWebhook]: QUEUES.webhooks,
} as const satisfies Record<PayloadJobName, string>;
export type JobQueue<Name extends PayloadJobName> = (typeof JOB_QUEUES)[Name];

/**
 * A payload that will never be processed (the worker fails the job without retrying: BullMQ's
 * `UnrecoverableError`). The message names the job and every problem.
 */
export class JobPayloadError extends Error {
  override readonly name = 'JobPayloadError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_COURTYARDS = 10_000;
const CODE = /^[A-Za-z0-9_-]{1,32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Fields<T> = Partial<Record<keyof T, unknown>>;
const fieldsOf = <T>(data: unknown) => (data ?? {}) as Fields<T>;

function refuse(job: string, problems: string[]): void {
  if (problems.length) throw new JobPayloadError(`${job}: ${problems.join('; ')}`);
}

function tenantProblems(input: Fields<TenantJobPayload>): string[] {
  return typeof input.tenantId === 'string' && UUID.test(input.tenantId) ? [] : ['tenantId must be a uuid'];
}

function parseGenerateDemoDistrict(data: unknown): GenerateDemoDistrictPayload {
  const input = fieldsOf<GenerateDemoDistrictPayload>(data);
  const problems: string[] = [];
  if (typeof input.code !== 'string' || !CODE.test(input.code))
    problems.push('code must be 1–32 letters, digits, "_" or "-"');
  if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 100)
    problems.push('name must be 1–100 characters');
  if (typeof input.adminEmail !== 'string' || !EMAIL.test(input.adminEmail))
    problems.push('adminEmail must be an email address');
  if (typeof input.adminPassword !== 'string' || input.adminPassword.length < 8)
    problems.push('adminPassword must have at least 8 characters');
  if (typeof input.seed !== 'number' || !Number.isSafeInteger(input.seed)) problems.push('seed must be an integer');
  refuse(JOBS.generateDemoDistrict, problems);
  return {
    code: input.code as string,
    name: (input.name as string).trim(),
    adminEmail: (input.adminEmail as string).toLowerCase(),
    adminPassword: input.adminPassword as string,
    seed: input.seed as number,
  };
}

function parseRecomputeKpis(data: unknown): RecomputeKpisPayload {
  const input = fieldsOf<RecomputeKpisPayload>(data);
  const problems = tenantProblems(input);
  const period = typeof input.period === 'string' ? parsePeriod(input.period) : null;
  if (!period) problems.push('period must be a month (2026-10), a quarter (2026-Q4) or a year (2026)');
  const ids = input.courtyardIds;
  if (
    ids !== undefined &&
    (!Array.isArray(ids) || ids.length > MAX_COURTYARDS || !ids.every((id) => typeof id === 'string' && UUID.test(id)))
  ) {
    problems.push(`courtyardIds must be a list of at most ${MAX_COURTYARDS} uuids`);
  }
  if (input.through !== undefined) {
    const through = typeof input.through === 'string' ? parsePeriod(input.through) : null;
    if (period?.kind !== 'MONTH' || through?.kind !== 'MONTH' || through.key < period.key) {
      problems.push('through must be a month on or after period, itself a month');
    }
  }
  const kpis = input.kpis;
  if (
    kpis !== undefined &&
    (!Array.isArray(kpis) ||
      !kpis.every((kpi) => typeof kpi === 'string' && (KPI_KEYS as readonly string[]).includes(kpi)))
  ) {
    problems.push(`kpis must be a list of KPI keys (${KPI_KEYS.join(', ')})`);
  }
  refuse(JOBS.recomputeKpis, problems);
  return {
    tenantId: (input.tenantId as string).toLowerCase(),
    period: period!.key,
    ...(ids === undefined ? {} : { courtyardIds: (ids as string[]).map((id) => id.toLowerCase()) }),
    ...(input.through === undefined ? {} : { through: input.through as string }),
    ...(kpis === undefined ? {} : { kpis: [...new Set(kpis as KpiKey[])] }),
  };
}

function parseMonthlyClose(data: unknown): MonthlyClosePayload {
  const input = fieldsOf<MonthlyClosePayload>(data);
  const problems = tenantProblems(input);
  if (input.month !== undefined && (typeof input.month !== 'string' || parsePeriod(input.month)?.kind !== 'MONTH'))
    problems.push('month must be a month (2026-10)');
  refuse(JOBS.monthlyClose, problems);
  return {
    tenantId: (input.tenantId as string).toLowerCase(),
    ...(input.month === undefined ? {} : { month: input.month as string }),
  };
}

function parseImportRecords(data: unknown): ImportRecordsPayload {
  const input = fieldsOf<ImportRecordsPayload>(data);
  const problems = tenantProblems(input);
  if (typeof input.importId !== 'string' || !UUID.test(input.importId)) problems.push('importId must be a uuid');
  refuse(JOBS.importRecords, problems);
  return { tenantId: (input.tenantId as string).toLowerCase(), importId: input.importId as string };
}

function parseScheduleMonthlyClose(): ScheduleMonthlyClosePayload {
  // it carries nothing; whatever was sent is ignored
  return {};
}

function parseDeliverWebhook(data: unknown): DeliverWebhookPayload {
  const input = fieldsOf<DeliverWebhookPayload>(data);
  const problems = tenantProblems(input);
  if (typeof input.webhookId !== 'string' || !UUID.test(input.webhookId)) problems.push('webhookId must be a uuid');
  const ids = input.deliveryIds;
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.length > DELIVER_WEBHOOK_MAX_DELIVERIES ||
    !ids.every((id) => typeof id === 'string' && UUID.test(id))
  ) {
    problems.push(`deliveryIds must be a list of 1–${DELIVER_WEBHOOK_MAX_DELIVERIES} uuids`);
  }
  refuse(JOBS.deliverWebhook, problems);
  return {
    tenantId: (input.tenantId as string).toLowerCase(),
    webhookId: (input.webhookId as string).toLowerCase(),
    deliveryIds: [...new Set((ids as string[]).map((id) => id.toLowerCase()))],
  };
}

const PARSERS: { [Name in PayloadJobName]: (data: unknown) => JobPayloads[Name] } = {
  [JOBS.generateDemoDistrict]: parseGenerateDemoDistrict,
  [JOBS.recomputeKpis]: parseRecomputeKpis,
  [JOBS.monthlyClose]: parseMonthlyClose,
  [JOBS.importRecords]: parseImportRecords,
  [JOBS.scheduleMonthlyClose]: parseScheduleMonthlyClose,
  [JOBS.deliverWebhook]: parseDeliverWebhook,
};

/** Checks a job's payload and returns it normalized; throws `JobPayloadError` when it cannot be processed. */
export function parseJobPayload<Name extends PayloadJobName>(name: Name, data: unknown): JobPayloads[Name] {
  return PARSERS[name](data);
}

/** Whether a job name has a payload type, a queue and a parser here. */
export function isPayloadJobName(name: string): name is PayloadJobName {
  return Object.hasOwn(PARSERS, name);
}
