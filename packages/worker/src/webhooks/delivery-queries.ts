import type { EntityManager } from '@mikro-orm/postgresql';
import { uuidArray, WEBHOOK_DISABLE_AFTER_FAILING_DAYS, type WebhookEventPayload } from '@xiaoyuan/schema';

export type WebhookFormat = 'GENERIC' | 'WECOM' | 'DINGTALK' | 'FEISHU';

export interface WebhookRow {
  id: string;
  url: string;
  format: WebhookFormat;
  signing_secret_enc: string | null;
  /** disabled or deleted: nothing is sent */
  inactive: boolean;
}

export interface ClaimedDelivery {
  id: string;
  event: string;
  payload: WebhookEventPayload;
  attempts: number;
  auto_retry: boolean;
  test: boolean;
}

/** The outcome of one attempt, as written. */
export interface AttemptOutcome {
  id: string;
  attempt: number;
  at: string;
  duration_ms: number;
  response_status: number | null;
  error: string | null;
  excerpt: string | null;
  succeeded: boolean;
  /** seconds until the next attempt; null: no more attempts (SUCCEEDED or FAILED) */
  retry_seconds: number | null;
  /** a test event: it does not count towards the webhook's health */
  test: boolean;
}

/** What a webhook's disable says, in the admin app's language: "failed for 3 days in a row, disabled automatically". */
export const WEBHOOK_AUTO_DISABLED_REASON = `连续 ${WEBHOOK_DISABLE_AFTER_FAILING_DAYS} 天投递失败，已自动停用`;

export async function readWebhook(em: EntityManager, webhookId: string): Promise<WebhookRow | null> {
  const [row] = await em.execute<WebhookRow[]>(
    `select id, url, format, signing_secret_enc, (disabled_at is not null or deleted_at is not null) as inactive
       from webhooks where id = ?`,
    [webhookId],
  );
  return row ?? null;
}

/**
 * Claims the listed deliveries still due and unclaimed (or whose lease ran out) for
 * `leaseSeconds`: one statement, so of two jobs listing the same delivery only one gets it (the
 * second waits for the first's row lock, then finds the lease taken).
 */
export function claimDeliveries(
  em: EntityManager,
  input: { tenantId: string; webhookId: string; deliveryIds: readonly string[]; leaseSeconds: number },
): Promise<ClaimedDelivery[]> {
  return em.execute<ClaimedDelivery[]>(
    `update webhook_deliveries
        set claimed_until = now() + make_interval(secs => ?)
      where tenant_id = ? and webhook_id = ? and id = any(?::uuid[])
        and status = 'PENDING' and next_attempt_at <= now()
        and (claimed_until is null or claimed_until < now())
      returning id, event, payload, attempts, auto_retry, test`,
    [input.leaseSeconds, input.tenantId, input.webhookId, uuidArray(input.deliveryIds)],
  );
}

export interface OutcomeWriteResult {
  /** the webhook was disabled by these failures (its other PENDING deliveries FAILED) */
  disabled: boolean;
}

/**
 * Writes a batch of attempts of one webhook, set-based: one insert of the attempts, one update of
 * the deliveries (SUCCEEDED; PENDING again with its next attempt; or FAILED), the lease cleared;
 * then the webhook's health: a success clears `failing_since`, a failure sets it when unset, and a
 * failure while it has been failing for WEBHOOK_DISABLE_AFTER_FAILING_DAYS disables the webhook and
 * fails its other PENDING deliveries.
 */
export async function writeOutcomes(
  em: EntityManager,
  input: { tenantId: string; webhookId: string; outcomes: readonly AttemptOutcome[] },
): Promise<OutcomeWriteResult> {
  const { tenantId, webhookId, outcomes } = input;
  await em.execute(
    `with outcome as (
       select * from jsonb_to_recordset(?::jsonb) as o(
         id uuid, attempt int, at timestamptz, duration_ms int, response_status int, error text, excerpt text,
         succeeded boolean, retry_seconds float8)
     ),
     attempt as (
       insert into webhook_delivery_attempts (tenant_id, delivery_id, attempt, at, duration_ms, response_status, error, response_excerpt)
       select ?, id, attempt, at, duration_ms, response_status, error, excerpt from outcome
       on conflict (tenant_id, delivery_id, attempt) do nothing
     )
     update webhook_deliveries d
        set status = case when o.succeeded then 'SUCCEEDED' when o.retry_seconds is not null then 'PENDING' else 'FAILED' end,
            attempts = o.attempt,
            last_attempt_at = o.at,
            response_status = o.response_status,
            next_attempt_at = case when not o.succeeded and o.retry_seconds is not null
                                   then now() + make_interval(secs => o.retry_seconds) end,
            claimed_until = null
       from outcome o
      where d.tenant_id = ? and d.id = o.id and d.status = 'PENDING'`,
    [JSON.stringify(outcomes), tenantId, tenantId],
  );
  const counted = outcomes.filter((outcome) => !outcome.test);
  if (counted.length === 0) return { disabled: false };
  const succeeded = counted.some((outcome) => outcome.succeeded);
  const [health] = await em.execute<{ overdue: boolean }[]>(
    `update webhooks w
        set failing_since = case when ? then null else coalesce(w.failing_since, now()) end
      where w.tenant_id = ? and w.id = ?
      returning (not ? and w.disabled_at is null and w.deleted_at is null
                 and w.failing_since < now() - make_interval(days => ?)) as overdue`,
    [succeeded, tenantId, webhookId, succeeded, WEBHOOK_DISABLE_AFTER_FAILING_DAYS],
  );
  if (!health?.overdue) return { disabled: false };
  await em.execute(
    `update webhooks set disabled_at = now(), disabled_reason = ? where tenant_id = ? and id = ? and disabled_at is null`,
    [WEBHOOK_AUTO_DISABLED_REASON, tenantId, webhookId],
  );
  await em.execute(
    `update webhook_deliveries set status = 'FAILED', next_attempt_at = null, claimed_until = null
      where tenant_id = ? and webhook_id = ? and status = 'PENDING'`,
    [tenantId, webhookId],
  );
  return { disabled: true };
}

/** One webhook's due, unclaimed deliveries (at most `limit` of the district, oldest first). */
export interface DueDeliveries {
  webhook_id: string;
  ids: string[];
}

/** Every enabled webhook's due, unclaimed PENDING deliveries of the transaction's district. */
export function readDueDeliveries(em: EntityManager, limit: number): Promise<DueDeliveries[]> {
  return em.execute<DueDeliveries[]>(
    `select due.webhook_id, array_agg(due.id order by due.next_attempt_at, due.id)::text[] as ids
       from (select d.webhook_id, d.id, d.next_attempt_at
               from webhook_deliveries d
               join webhooks w on w.tenant_id = d.tenant_id and w.id = d.webhook_id
              where d.status = 'PENDING' and d.next_attempt_at <= now()
                and (d.claimed_until is null or d.claimed_until < now())
                and w.disabled_at is null and w.deleted_at is null
              order by d.next_attempt_at, d.id
              limit ?) due
      group by due.webhook_id`,
    [limit],
  );
}
