import type { Ref } from 'vue';
import { useFormDialog } from '@/composables/use-form-dialog';
import type { WebhookEvent, WebhookFormat } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CreateWebhookDocument } from '@/graphql/partners.documents';
import { requiredRule, urlRule } from '@/utils/form-rules';
import { takesRobotSecret } from './partner-display';

/**
 * The new-webhook dialog's form. The robot secret is asked for (and sent) only for DingTalk and
 * Feishu; a GENERIC webhook's signing secret is made by the server and comes back in the payload.
 */
export function useWebhookForm(visible: Ref<boolean>) {
  return useFormDialog({
    visible,
    values: () => ({
      name: '',
      format: 'GENERIC' as WebhookFormat,
      url: '',
      events: [] as WebhookEvent[],
      scopeId: '',
      secret: '',
    }),
    // the robot secret's item is there for DingTalk and Feishu only
    fields: (form) => [
      'name',
      'format',
      'url',
      'events',
      'scopeId',
      ...(takesRobotSecret(form.format) ? ['secret'] : []),
    ],
    rules: () => ({
      format: [requiredRule('webhooks.format', 'select')],
      url: [requiredRule('webhooks.url'), urlRule()],
      events: [requiredRule('webhooks.events', 'select')],
    }),
    save: async (form) =>
      (
        await useGraphql().mutate(CreateWebhookDocument, {
          input: {
            name: form.name.trim() || null,
            format: form.format,
            url: form.url.trim(),
            events: [...form.events],
            scopeId: form.scopeId || null,
            ...(takesRobotSecret(form.format) && form.secret.trim() ? { secret: form.secret.trim() } : {}),
          },
        })
      ).createWebhook,
  });
}
