import { ElMessage } from 'element-plus';
import { ref } from 'vue';
import { useFormDialog } from '@/composables/use-form-dialog';
import { usePagedList } from '@/composables/use-paged-list';
import { useRowAction } from '@/composables/use-row-action';
import type { WebhookEvent, WebhookFieldsFragment } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import {
  DeleteWebhookDocument,
  RotateWebhookSecretDocument,
  SendWebhookTestEventDocument,
  SetWebhookEnabledDocument,
  WebhooksDocument,
} from '@/graphql/partners.documents';
import { i18n } from '@/i18n/i18n';
import { requiredRule } from '@/utils/form-rules';
import { webhookTitle } from './partner-display';
import type { RevealedSecret } from './use-api-clients-tab';

/**
 * 开放平台 › Webhook: the district's webhooks; create (a GENERIC one's signing secret shown once),
 * send a test event, enable or disable, rotate the secret, delete, and the delivery log drawer.
 */
export function useWebhooksTab() {
  const t = i18n.global.t;
  const list = usePagedList<WebhookFieldsFragment>(
    async (page) => (await useGraphql().query(WebhooksDocument, page)).webhooks,
  );
  const createVisible = ref(false);
  const revealed = ref<RevealedSecret | null>(null);
  const reveal = (webhook: WebhookFieldsFragment, secret: string) =>
    (revealed.value = { name: webhookTitle(webhook), secret });

  function onCreated({ webhook, signingSecret }: { webhook: WebhookFieldsFragment; signingSecret: string | null }) {
    if (signingSecret) reveal(webhook, signingSecret);
    else ElMessage.success(t('common.created'));
    void list.reload();
  }

  // ---------------------------------------------------------------- the delivery log drawer

  const deliveriesOf = ref<WebhookFieldsFragment | null>(null);
  const deliveriesVisible = ref(false);

  function openDeliveries(webhook: WebhookFieldsFragment): void {
    deliveriesOf.value = webhook;
    deliveriesVisible.value = true;
  }

  // ---------------------------------------------------------------- a test event, then its delivery

  const testDialog = useFormDialog({
    values: () => ({ event: 'ALERT_OPENED' as WebhookEvent }),
    save: async (form, webhook: WebhookFieldsFragment) =>
      (await useGraphql().mutate(SendWebhookTestEventDocument, { input: { id: webhook.id, event: form.event } }))
        .sendWebhookTestEvent,
    rules: () => ({ event: [requiredRule('webhooks.testEvent', 'select')] }),
    saved: (_payload, webhook) => {
      ElMessage.success(t('webhooks.testSent'));
      openDeliveries(webhook);
    },
  });

  const openTest = (webhook: WebhookFieldsFragment) =>
    testDialog.open(webhook, { event: webhook.events[0] ?? 'ALERT_OPENED' });

  // ---------------------------------------------------------------- row actions

  const action = useRowAction(list.load);

  function setEnabled(webhook: WebhookFieldsFragment, enabled: boolean): Promise<void> {
    const kind = enabled ? 'enable' : 'disable';
    return action.run(
      webhook.id,
      {
        message: t(`webhooks.${kind}Confirm`, { name: webhookTitle(webhook) }),
        title: t(`webhooks.${kind}`),
        type: enabled ? 'info' : 'warning',
      },
      async () =>
        (await useGraphql().mutate(SetWebhookEnabledDocument, { input: { id: webhook.id, enabled } }))
          .setWebhookEnabled,
      t(`webhooks.${kind}Done`),
    );
  }

  function remove(webhook: WebhookFieldsFragment): Promise<void> {
    return action.run(
      webhook.id,
      {
        message: t('webhooks.deleteConfirm', { name: webhookTitle(webhook) }),
        title: t('webhooks.delete'),
        type: 'warning',
      },
      async () => (await useGraphql().mutate(DeleteWebhookDocument, { input: { id: webhook.id } })).deleteWebhook,
      t('webhooks.deleted'),
    );
  }

  /** A robot's new secret (DingTalk, Feishu), typed by the admin; empty drops it. */
  const robotSecretDialog = useFormDialog({
    values: () => ({ secret: '' }),
    save: async (form, webhook: WebhookFieldsFragment) =>
      (
        await useGraphql().mutate(RotateWebhookSecretDocument, {
          input: { id: webhook.id, secret: form.secret.trim() || null },
        })
      ).rotateWebhookSecret,
    saved: () => {
      ElMessage.success(t('webhooks.rotated'));
      return list.load();
    },
  });

  /** GENERIC: the server makes a new signing secret, shown once; robots: the admin types the robot's. */
  function rotate(webhook: WebhookFieldsFragment): Promise<void> {
    if (webhook.format !== 'GENERIC') {
      robotSecretDialog.open(webhook);
      return Promise.resolve();
    }
    return action.run(
      webhook.id,
      { message: t('webhooks.rotateConfirm'), title: t('webhooks.rotate'), type: 'warning' },
      async () => {
        const payload = (await useGraphql().mutate(RotateWebhookSecretDocument, { input: { id: webhook.id } }))
          .rotateWebhookSecret;
        if (payload.signingSecret) reveal(payload.webhook ?? webhook, payload.signingSecret);
        return payload;
      },
      t('webhooks.rotated'),
    );
  }

  return {
    list,
    createVisible,
    revealed,
    onCreated,
    forgetSecret: () => (revealed.value = null),
    deliveriesOf,
    deliveriesVisible,
    openDeliveries,
    testDialog,
    openTest,
    setEnabled,
    remove,
    rotate,
    robotSecretDialog,
    acting: action.acting,
  };
}
