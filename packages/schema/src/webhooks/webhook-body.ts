import { toGlobalId } from '../global-id';

/** What the outbox stores of an event (§10's body without `id` and `event`). */
export interface WebhookEventPayload {
  occurredAt: string;
  district: { id: string; code: string };
  data: Record<string, unknown>;
}

/** §10's delivery body: the same bytes for every attempt of a delivery, so its id is the idempotency key. */
export function webhookBody(delivery: { id: string; event: string; payload: WebhookEventPayload }): string {
  const { occurredAt, district, data } = delivery.payload;
  return JSON.stringify({
    id: toGlobalId('WebhookDelivery', delivery.id),
    event: delivery.event,
    occurredAt,
    district,
    data,
  });
}
