import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { usePagedList } from '@/composables/use-paged-list';
import { useRowAction } from '@/composables/use-row-action';
import { nodeOfType } from '@/graphql/connection';
import type { DeliveryStatus, WebhookDeliveryFieldsFragment } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { RedeliverWebhookDeliveryDocument, WebhookDeliveryLogDocument } from '@/graphql/partners.documents';
import { i18n } from '@/i18n/i18n';

/** While the log is open it is read again: soon while a delivery is pending, now and then otherwise. */
export const DELIVERY_POLL_PENDING_MS = 2_000;
export const DELIVERY_POLL_IDLE_MS = 10_000;

/**
 * A webhook's delivery log (newest first, by status), each delivery with its attempts; redeliver a
 * finished one. Read afresh on every opening and polled quietly while `visible`.
 */
export function useWebhookDeliveries(webhookId: () => string | null, visible: Ref<boolean>) {
  const status = ref<DeliveryStatus | ''>('');
  const expanded = ref<string[]>([]);
  const list = usePagedList<WebhookDeliveryFieldsFragment>(async (page) => {
    const id = webhookId();
    if (!id) return null;
    const { node } = await useGraphql().query(WebhookDeliveryLogDocument, {
      id,
      status: status.value || null,
      ...page,
    });
    return nodeOfType(node, 'Webhook')?.deliveries;
  });

  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;

  function stopPolling(): void {
    generation += 1;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function schedulePoll(): void {
    stopPolling();
    if (!visible.value) return;
    const run = generation;
    const pending = list.rows.value.some((delivery) => delivery.status === 'PENDING');
    timer = setTimeout(
      async () => {
        await list.poll();
        if (run === generation) schedulePoll();
      },
      pending ? DELIVERY_POLL_PENDING_MS : DELIVERY_POLL_IDLE_MS,
    );
  }

  async function refresh(): Promise<void> {
    await list.load();
    schedulePoll();
  }

  async function applyStatus(): Promise<void> {
    await list.reload();
    schedulePoll();
  }

  watch(
    [visible, webhookId],
    async ([open]) => {
      stopPolling();
      if (!open) return;
      status.value = '';
      expanded.value = [];
      await list.reload();
      schedulePoll();
    },
    { immediate: true },
  );
  onBeforeUnmount(stopPolling);

  function onExpandChange(_row: WebhookDeliveryFieldsFragment, rows: WebhookDeliveryFieldsFragment[]): void {
    expanded.value = rows.map((delivery) => delivery.id);
  }

  const action = useRowAction(refresh);

  function redeliver(delivery: WebhookDeliveryFieldsFragment): Promise<void> {
    const t = i18n.global.t;
    return action.run(
      delivery.id,
      { message: t('deliveries.redeliverConfirm'), title: t('deliveries.redeliver'), type: 'info' },
      async () =>
        (await useGraphql().mutate(RedeliverWebhookDeliveryDocument, { input: { id: delivery.id } }))
          .redeliverWebhookDelivery,
      t('deliveries.redelivered'),
    );
  }

  return { list, status, expanded, refresh, applyStatus, onExpandChange, redeliver, acting: action.acting };
}
