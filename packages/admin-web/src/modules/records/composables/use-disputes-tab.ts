import { storeToRefs } from 'pinia';
import { ref } from 'vue';
import { useDistrictToday } from '@/composables/use-district-today';
import { useFormDialog } from '@/composables/use-form-dialog';
import { usePagedList } from '@/composables/use-paged-list';
import { nodeOfType } from '@/graphql/connection';
import type {
  DisputeCategory,
  DisputeFieldsFragment,
  DisputeStatus,
  ResolutionChannel,
} from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import {
  CourtyardDisputesDocument,
  RegisterDisputeDocument,
  ResolveDisputeDocument,
} from '@/graphql/records.documents';
import { i18n } from '@/i18n/i18n';
import { useSessionStore } from '@/stores/session.store';
import { notFutureDateRule, requiredRule } from '@/utils/form-rules';

/** 纠纷: disputes by status, registration and resolution. */
export function useDisputesTab(courtyardId: () => string) {
  const { permissions } = storeToRefs(useSessionStore());
  const today = useDistrictToday();
  const status = ref<DisputeStatus | ''>('');
  const list = usePagedList<DisputeFieldsFragment>(async (page) => {
    const { node } = await useGraphql().query(CourtyardDisputesDocument, {
      id: courtyardId(),
      status: status.value || null,
      ...page,
    });
    return nodeOfType(node, 'Courtyard')?.disputes;
  });

  const registration = useFormDialog({
    values: () => ({ category: 'PARKING' as DisputeCategory, reportedOn: today(), summary: '' }),
    rules: () => ({
      category: [requiredRule('dispute.category', 'select')],
      reportedOn: [requiredRule('dispute.reportedOn', 'select'), notFutureDateRule(today)],
    }),
    save: async (form) =>
      (
        await useGraphql().mutate(RegisterDisputeDocument, {
          input: {
            courtyardId: courtyardId(),
            category: form.category,
            reportedOn: form.reportedOn,
            summary: form.summary.trim() || null,
          },
        })
      ).registerDispute,
    saved: list.reload,
  });

  const resolution = useFormDialog({
    values: () => ({ resolvedOn: today(), channel: 'COMMITTEE' as ResolutionChannel, note: '' }),
    save: async (form, dispute: DisputeFieldsFragment) =>
      (
        await useGraphql().mutate(ResolveDisputeDocument, {
          input: {
            disputeId: dispute.id,
            resolvedOn: form.resolvedOn,
            channel: form.channel,
            note: form.note.trim() || null,
          },
        })
      ).resolveDispute,
    rules: (_form, dispute) => ({
      resolvedOn: [
        requiredRule('dispute.resolvedOn', 'select'),
        notFutureDateRule(today),
        {
          trigger: 'change',
          validator: (_rule, value, callback) =>
            value && String(value) < (dispute()?.reportedOn ?? '')
              ? callback(new Error(i18n.global.t('dispute.resolvedBeforeReported')))
              : callback(),
        },
      ],
      channel: [requiredRule('dispute.channel', 'select')],
    }),
    saved: list.load,
  });

  return { permissions, status, ...list, registration, resolution };
}
