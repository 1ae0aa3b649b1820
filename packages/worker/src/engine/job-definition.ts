import type { EntityManager } from '@mikro-orm/postgresql';
import type { DistrictClock, PersonalDataCipher, TransactionScope } from '@xiaoyuan/schema';
import type { Job, Queue } from 'bullmq';
import type { Logger } from './logger';

/** What a processor gets besides its job: the job's transaction and the worker's services. */
export interface JobContext {
  /**
   * The EntityManager of the job's one transaction, with the job's scope applied (row-level
   * security sees the job's tenant only, or the platform for district creation). Commits when the
   * processor resolves, rolls back when it throws.
   */
  em: EntityManager;
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
}

export type JobProcessor<Data, Result> = (context: JobContext, job: Job<Data, Result>) => Promise<Result>;

/**
 * `tenant`: the payload carries `tenantId` and the transaction is scoped to it (most jobs).
 * `platform`: the transaction may see and create districts and sees no tenant data until the
 * processor narrows it (`applyScope`), as district creation does.
 */
export type JobScope = 'tenant' | 'platform';

export interface JobDefinition<Data = any, Result = any> {
  /** the BullMQ job name (`JOBS` in @xiaoyuan/schema) */
  name: string;
  /** the queue it is added to (`QUEUES` in @xiaoyuan/schema) */
  queue: string;
  scope: JobScope;
  /** checks the payload; throws `UnrecoverableError` for input that will never succeed */
  parse?: (data: unknown) => Data;
  process: JobProcessor<Data, Result>;
}

/** Keeps the data and result types of a definition while it is listed beside others. */
export function defineJob<Data, Result>(definition: JobDefinition<Data, Result>): JobDefinition<Data, Result> {
  return definition;
}

/** Payload of every tenant-scoped job. */
export interface TenantJobData {
  tenantId: string;
}
