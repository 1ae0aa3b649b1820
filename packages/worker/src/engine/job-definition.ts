import type { EntityManager } from '@mikro-orm/postgresql';
import {
  isPayloadJobName,
  parseJobPayload,
  type JobPayload,
  type DistrictClock,
  type JobQueue,
  type PayloadJobName,
  type PersonalDataCipher,
  type TransactionScope,
} from '@xiaoyuan/schema';
import type { Job, Queue } from 'bullmq';
import type { WebhookSettings } from '../webhooks/webhook-settings';
import type { Logger } from './logger';

/** What a processor gets besides its job: the job's transaction and the worker's services. */
export interface JobContext {
  /**
   * The EntityManager of the job's one transaction, with the job's scope applied (row-level
   * security sees the job's tenant only, or the platform for district creation). Commits when the
   * processor resolves, rolls back when it throws. A job defined with `transaction: 'none'` has
   * none (reading it throws): it opens short ones with `transaction`.
   */
  em: EntityManager;
  /**
   * Runs `work` in a transaction of its own with the job's scope, committed when it resolves: for
   * a `transaction: 'none'` job, which must not hold one open across slow calls (HTTP).
   */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T>;
  scope: TransactionScope;
  /**
   * The district's calendar (time zone, today, periods) of a tenant job, loaded with its scope:
   * every local date of a job comes from here. A platform job has none (reading it throws).
   */
  clock: DistrictClock;
  cipher: PersonalDataCipher;
  log: Logger;
  /**
   * The host's producer of each queue it serves, by name: for a job that enqueues follow-up jobs
   * or keeps job schedulers in line. Adding a job is not part of the transaction.
   */
  queues: ReadonlyMap<string, Queue>;
  /**
   * Runs `callback` once the job's transaction has committed (never when it rolls back): for
   * follow-up jobs that must see what this one wrote. A failing callback is logged, not retried.
   */
  afterCommit(callback: () => Promise<void>): void;
  /** how webhooks are delivered (sender, retry delays, the admin app's address) */
  webhooks: WebhookSettings;
}

export type JobProcessor<Data, Result> = (context: JobContext, job: Job<Data, Result>) => Promise<Result>;

/**
 * `tenant`: the payload carries `tenantId` and the transaction is scoped to it (most jobs).
 * `platform`: the transaction may see and create districts and sees no tenant data until the
 * processor narrows it (`applyScope`), as district creation does.
 */
export type JobScope = 'tenant' | 'platform';

/**
 * `job` (default): the processor runs in ONE transaction (`JobContext.em`). `none`: it opens its
 * own short transactions (`JobContext.transaction`), e.g. around HTTP calls it must not hold one across.
 */
export type JobTransaction = 'job' | 'none';

/**
 * A job the worker processes. The runner parses the payload once (`parse`) and hands the processor
 * the job with its parsed payload as `job.data`.
 */
export interface JobDefinition<Data = unknown, Result = unknown> {
  /** the BullMQ job name (`JOBS` in @xiaoyuan/schema) */
  name: string;
  /** the queue it is added to (`QUEUES` in @xiaoyuan/schema) */
  queue: string;
  scope: JobScope;
  transaction?: JobTransaction;
  /** checks the payload; throws `JobPayloadError` (or `UnrecoverableError`) for input that will never succeed */
  parse(data: unknown): Data;
  process(context: JobContext, job: Job<Data, Result>): Promise<Result>;
  /**
   * Once BullMQ has failed the job for good, whatever the cause (the processor threw, the worker
   * that ran it died and the job stalled too often): records the failure where the job's own
   * catch could not (e.g. an import's status). Runs in the host's process; errors are logged.
   */
  failed?(services: FailedJobServices, job: Job<Data, Result>, reason: string): Promise<void>;
}

/** What a `failed` hook gets: the ORM's root EntityManager (fork it, or use `withTenant`) and the log. */
export interface FailedJobServices {
  em: EntityManager;
  log: Logger;
}

interface NamedJob<Name extends PayloadJobName, Result> {
  name: Name;
  queue: JobQueue<Name>;
  scope: JobScope;
  transaction?: JobTransaction;
  process(context: JobContext, job: Job<JobPayload<Name>, Result>): Promise<Result>;
  failed?(services: FailedJobServices, job: Job<JobPayload<Name>, Result>, reason: string): Promise<void>;
}

interface OtherJob<Data, Result> {
  name: string;
  queue: string;
  scope: JobScope;
  transaction?: JobTransaction;
  parse?: (data: unknown) => Data;
  process(context: JobContext, job: Job<Data, Result>): Promise<Result>;
  failed?(services: FailedJobServices, job: Job<Data, Result>, reason: string): Promise<void>;
}

/**
 * A job of `JOBS`: its payload type, queue and parser are the job name's (`job-payloads.ts` in
 * @xiaoyuan/schema); the result type is the processor's.
 */
export function defineJob<Name extends PayloadJobName, Result>(
  definition: NamedJob<Name, Result>,
): JobDefinition<JobPayload<Name>, Result>;
/** A job outside `JOBS` (the runner's own tests): its payload is taken as it is unless it brings `parse`. */
export function defineJob<Data, Result>(definition: OtherJob<Data, Result>): JobDefinition<Data, Result>;
export function defineJob<Data, Result>(definition: OtherJob<Data, Result>): JobDefinition<Data, Result> {
  const { name } = definition;
  const parse =
    definition.parse ??
    (isPayloadJobName(name) ? (data: unknown) => parseJobPayload(name, data) as Data : (data: unknown) => data as Data);
  return { ...definition, parse };
}
