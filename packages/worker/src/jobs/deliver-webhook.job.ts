import {
  JOBS,
  QUEUES,
  robotAnswerError,
  robotRequest,
  signWebhookBody,
  toGlobalId,
  WEBHOOK_HEADERS,
  WEBHOOK_MAX_ATTEMPTS,
  webhookBody,
} from '@xiaoyuan/schema';
import { defineJob } from '../engine/job-definition';
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDeliveries,
  readWebhook,
  type WebhookRow,
  writeOutcomes,
} from '../webhooks/delivery-queries';
import { addDeliverWebhookJobs } from '../webhooks/webhook-jobs';
import type { PostOutcome, WebhookSender } from '../webhooks/webhook-sender';
import type { WebhookSettings } from '../webhooks/webhook-settings';

export interface DeliverWebhookResult {
  claimed: number;
  succeeded: number;
  retrying: number;
  failed: number;
  /** the webhook was disabled or deleted: nothing was sent */
  skipped?: boolean;
  /** this batch disabled the webhook (failing for too long) */
  disabled?: boolean;
}

const USER_AGENT = 'Xiaoyuan-Webhooks/1';

/** One attempt of one delivery, in the webhook's format, signed as that format says. */
async function attempt(
  webhook: WebhookRow,
  secret: string | null,
  delivery: ClaimedDelivery,
  settings: WebhookSettings,
): Promise<{ outcome: PostOutcome; robotError: string | null }> {
  const sender: WebhookSender = settings.sender;
  if (webhook.format === 'GENERIC') {
    // the same body for every attempt (the delivery id is the receiver's idempotency key); only the signature's time changes
    const body = webhookBody(delivery);
    const outcome = await sender.post(
      webhook.url,
      {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [WEBHOOK_HEADERS.event]: delivery.event,
        [WEBHOOK_HEADERS.delivery]: toGlobalId('WebhookDelivery', delivery.id),
        [WEBHOOK_HEADERS.signature]: signWebhookBody(secret ?? '', body),
      },
      body,
    );
    return { outcome, robotError: null };
  }
  const request = robotRequest(webhook.format, webhook.url, delivery, {
    adminAppUrl: settings.adminAppUrl,
    secret,
  });
  const outcome = await sender.post(
    request.url,
    { 'content-type': 'application/json', 'user-agent': USER_AGENT },
    request.body,
  );
  const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  return { outcome, robotError: ok ? robotAnswerError(webhook.format, outcome.excerpt ?? '') : null };
}

/** Runs `work` over `items`, at most `limit` at once. */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * Posts one webhook's listed deliveries (DOMAIN.md §10, §11). Never holds a transaction across
 * HTTP: (1) a short transaction claims the deliveries still due (a lease long enough for every
 * POST of the batch), (2) the POSTs run with bounded concurrency, (3) a short transaction writes
 * every outcome at once (`writeOutcomes`). A retry is scheduled by `next_attempt_at`, and a delayed
 * job is added for that time (the relay's sweeper would find it anyway).
 */
export const deliverWebhookJob = defineJob({
  name: JOBS.deliverWebhook,
  queue: QUEUES.webhooks,
  scope: 'tenant',
  transaction: 'none',
  async process({ transaction, cipher, webhooks: settings, queues, log }, job): Promise<DeliverWebhookResult> {
    const { tenantId, webhookId, deliveryIds } = job.data;
    const timeoutSeconds = Math.ceil(settings.sender.timeoutMs / 1000);
    const rounds = Math.ceil(deliveryIds.length / settings.concurrencyPerWebhook);
    const leaseSeconds = rounds * (timeoutSeconds + 1) + 30;

    const claim = await transaction(async (em) => {
      const webhook = await readWebhook(em, webhookId);
      if (!webhook || webhook.inactive) return null;
      return { webhook, deliveries: await claimDeliveries(em, { tenantId, webhookId, deliveryIds, leaseSeconds }) };
    });
    if (!claim) return { claimed: 0, succeeded: 0, retrying: 0, failed: 0, skipped: true };
    const { webhook, deliveries } = claim;
    if (deliveries.length === 0) return { claimed: 0, succeeded: 0, retrying: 0, failed: 0 };

    // a secret that cannot be decrypted (DATA_ENCRYPTION_KEY changed) fails the attempts instead of
    // failing the job, which would leave the deliveries claimed and found again after every lease
    let secret: string | null = null;
    let unreadable = false;
    try {
      secret = cipher.decrypt(webhook.signing_secret_enc);
    } catch (error) {
      unreadable = true;
      log.error(`${JOBS.deliverWebhook}: the signing secret of webhook ${webhookId} cannot be decrypted`, error);
    }
    const delays = settings.retryDelaysSeconds;
    const outcomes = await pooled(deliveries, settings.concurrencyPerWebhook, async (delivery) => {
      const at = new Date().toISOString();
      const { outcome, robotError } = unreadable
        ? {
            outcome: { status: null, excerpt: null, error: 'SIGNING_SECRET_UNREADABLE', durationMs: 0 },
            robotError: null,
          }
        : await attempt(webhook, secret, delivery, settings);
      const number = delivery.attempts + 1;
      const answered = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
      const succeeded = answered && robotError === null;
      const error = succeeded ? null : (robotError ?? outcome.error ?? `HTTP_STATUS ${outcome.status ?? ''}`.trim());
      // a redelivery by hand (auto_retry false) is one attempt; otherwise up to WEBHOOK_MAX_ATTEMPTS
      const retry = !succeeded && delivery.auto_retry && number < WEBHOOK_MAX_ATTEMPTS;
      const result: AttemptOutcome = {
        id: delivery.id,
        attempt: number,
        at,
        duration_ms: outcome.durationMs,
        response_status: outcome.status,
        error,
        excerpt: outcome.excerpt,
        succeeded,
        retry_seconds: retry ? (delays[Math.min(number - 1, delays.length - 1)] ?? 60) : null,
        test: delivery.test,
      };
      return result;
    });

    const { disabled } = await transaction((em) => writeOutcomes(em, { tenantId, webhookId, outcomes }));
    const retrying = disabled ? [] : outcomes.filter((outcome) => outcome.retry_seconds !== null);
    const queue = queues.get(QUEUES.webhooks);
    if (queue) {
      const byDelay = new Map<number, string[]>();
      for (const outcome of retrying) {
        byDelay.set(outcome.retry_seconds!, [...(byDelay.get(outcome.retry_seconds!) ?? []), outcome.id]);
      }
      for (const [seconds, ids] of byDelay) {
        // a little after next_attempt_at, so the job finds them due
        await addDeliverWebhookJobs(queue, tenantId, webhookId, ids, Math.round(seconds * 1000) + 250).catch(
          (error: Error) =>
            log.warn(
              `${JOBS.deliverWebhook}: the retry job could not be added (the sweeper will find it): ${error.message}`,
            ),
        );
      }
    }
    if (disabled)
      log.warn(`${JOBS.deliverWebhook}: webhook ${webhookId} of ${tenantId} disabled after failing for days`);
    const succeeded = outcomes.filter((outcome) => outcome.succeeded).length;
    return {
      claimed: deliveries.length,
      succeeded,
      retrying: retrying.length,
      failed: outcomes.length - succeeded - retrying.length,
      ...(disabled ? { disabled } : {}),
    };
  },
});
