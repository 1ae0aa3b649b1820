import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type DistrictClock,
  JobPayloadError,
  loadDistrictClock,
  type PersonalDataCipher,
  type TransactionScope,
  UnknownDistrictError,
  withTenant,
} from '@xiaoyuan/schema';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import { defaultWebhookSettings, type WebhookSettings } from '../webhooks/webhook-settings';
import type { JobContext, JobDefinition } from './job-definition';
import type { Logger } from './logger';

export interface JobRunnerDependencies {
  /** the ORM's root EntityManager: forked per job, never used directly */
  em: EntityManager;
  cipher: PersonalDataCipher;
  log: Logger;
  /** the host's producers, handed to processors (`JobContext.queues`) */
  queues?: ReadonlyMap<string, Queue>;
  /** how webhooks are delivered (default: from the process environment) */
  webhooks?: WebhookSettings;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The transaction scope of a job, from its definition and payload. */
export function jobScope(definition: JobDefinition, data: unknown): TransactionScope {
  if (definition.scope === 'platform') return { platform: true };
  const tenantId = (data as { tenantId?: unknown } | null)?.tenantId;
  if (typeof tenantId !== 'string' || !UUID.test(tenantId)) {
    throw new UnrecoverableError(`${definition.name}: the payload carries no valid tenantId`);
  }
  return { tenantId };
}

/** The job's payload, parsed by its definition; a payload that can never succeed fails without retrying. */
function parsePayload(definition: JobDefinition, data: unknown): unknown {
  try {
    return definition.parse(data);
  } catch (error) {
    if (error instanceof JobPayloadError) throw new UnrecoverableError(error.message);
    throw error;
  }
}

async function districtClock(em: EntityManager, job: string, tenantId: string): Promise<DistrictClock> {
  try {
    return await loadDistrictClock(em, tenantId);
  } catch (error) {
    if (error instanceof UnknownDistrictError)
      throw new UnrecoverableError(`${job}: district ${tenantId} does not exist`);
    throw error;
  }
}

/**
 * The BullMQ processor of one queue: finds the job's definition by name, parses the payload once, and
 * runs the processor in ONE transaction of a fresh fork, scoped to the job's tenant, with the
 * district's clock (a tenant job of a district that does not exist fails for good). A throw rolls
 * the whole job back; BullMQ then retries it (if attempts remain) unless it is an
 * `UnrecoverableError`. A job defined with `transaction: 'none'` gets no job transaction: the clock
 * is loaded in a short one and the processor opens its own (`JobContext.transaction`).
 */
export function createQueueProcessor(
  queue: string,
  definitions: readonly JobDefinition[],
  dependencies: JobRunnerDependencies,
) {
  const byName = new Map(definitions.map((definition) => [definition.name, definition]));
  return async (job: Job): Promise<unknown> => {
    const definition = byName.get(job.name);
    if (!definition) throw new UnrecoverableError(`no processor for job "${job.name}" on queue "${queue}"`);
    const data = parsePayload(definition, job.data);
    const scope = jobScope(definition, data);
    // parsed once: the processor sees the parsed payload
    job.data = data;
    const started = Date.now();
    const committed: (() => Promise<void>)[] = [];
    const context = (em: EntityManager | null, clock: DistrictClock | null): JobContext => ({
      get em(): EntityManager {
        if (!em) throw new Error(`${definition.name}: a job without a transaction has no em (use transaction())`);
        return em;
      },
      scope,
      get clock(): DistrictClock {
        if (!clock) throw new Error(`${definition.name}: a platform job has no district clock`);
        return clock;
      },
      transaction: (work) => withTenant(dependencies.em, scope, work),
      cipher: dependencies.cipher,
      log: dependencies.log,
      queues: dependencies.queues ?? new Map(),
      afterCommit: (callback) => committed.push(callback),
      get webhooks(): WebhookSettings {
        return dependencies.webhooks ?? defaultWebhookSettings();
      },
    });
    const loadClock = (em: EntityManager) =>
      scope.tenantId ? districtClock(em, definition.name, scope.tenantId) : Promise.resolve(null);
    const result =
      definition.transaction === 'none'
        ? await definition.process(context(null, await withTenant(dependencies.em, scope, loadClock)), job)
        : await withTenant(dependencies.em, scope, async (em) =>
            definition.process(context(em, await loadClock(em)), job),
          );
    for (const callback of committed) {
      await callback().catch((error: Error) =>
        dependencies.log.error(`${queue}/${job.name} #${job.id}: a follow-up after commit failed: ${error.message}`),
      );
    }
    dependencies.log.info(`${queue}/${job.name} #${job.id} done in ${Date.now() - started} ms`);
    return result;
  };
}
