import { DELIVER_WEBHOOK_MAX_DELIVERIES, type DeliverWebhookPayload, JOBS } from '@xiaoyuan/schema';
import type { JobsOptions, Queue } from 'bullmq';
import { createHash } from 'node:crypto';

/**
 * `deliver-webhook` jobs for one webhook's deliveries, at most 100 each. The job id is a hash of the
 * tenant, webhook and delivery ids (and the delay, for a retry): the relay finding the same due
 * deliveries again (a NOTIFY and the sweeper) adds nothing while the first job waits. Jobs are
 * removed when done, failed or not: the database is the record, and a removed id can be used again
 * by the next sweep. A duplicate that runs anyway claims nothing.
 */
export function deliverWebhookJobs(
  tenantId: string,
  webhookId: string,
  deliveryIds: readonly string[],
  delayMs = 0,
): { name: typeof JOBS.deliverWebhook; data: DeliverWebhookPayload; opts: JobsOptions }[] {
  const jobs = [];
  for (let start = 0; start < deliveryIds.length; start += DELIVER_WEBHOOK_MAX_DELIVERIES) {
    const ids = deliveryIds.slice(start, start + DELIVER_WEBHOOK_MAX_DELIVERIES);
    const hash = createHash('sha256')
      .update(`${tenantId}/${webhookId}/${ids.join(',')}${delayMs ? `/${Date.now() + delayMs}` : ''}`)
      .digest('hex')
      .slice(0, 32);
    jobs.push({
      name: JOBS.deliverWebhook,
      data: { tenantId, webhookId, deliveryIds: ids },
      opts: {
        jobId: `${JOBS.deliverWebhook}-${hash}`,
        ...(delayMs > 0 ? { delay: delayMs } : {}),
        removeOnComplete: true,
        removeOnFail: true,
      },
    });
  }
  return jobs;
}

export async function addDeliverWebhookJobs(
  queue: Queue,
  tenantId: string,
  webhookId: string,
  deliveryIds: readonly string[],
  delayMs = 0,
): Promise<number> {
  const jobs = deliverWebhookJobs(tenantId, webhookId, deliveryIds, delayMs);
  if (jobs.length > 0) await queue.addBulk(jobs);
  return jobs.length;
}
