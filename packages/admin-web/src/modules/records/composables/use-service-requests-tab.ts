import { storeToRefs } from 'pinia';
import { ref } from 'vue';
import { useFormDialog } from '@/composables/use-form-dialog';
import { usePagedList } from '@/composables/use-paged-list';
import { useRowAction } from '@/composables/use-row-action';
import { nodeOfType } from '@/graphql/connection';
import type { ServiceRequestFieldsFragment, ServiceRequestStatus } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import {
  CourtyardServiceRequestsDocument,
  CreateServiceRequestDocument,
  ResolveServiceRequestDocument,
  RespondToServiceRequestDocument,
} from '@/graphql/records.documents';
import { i18n } from '@/i18n/i18n';
import { useSessionStore } from '@/stores/session.store';
import { codeRule, requiredRule } from '@/utils/form-rules';

/** 报修: service requests with their SLA, raised, answered and resolved from the list. */
export function useServiceRequestsTab(courtyardId: () => string) {
  const { permissions } = storeToRefs(useSessionStore());
  const status = ref<ServiceRequestStatus | ''>('');
  const list = usePagedList<ServiceRequestFieldsFragment>(async (page) => {
    const { node } = await useGraphql().query(CourtyardServiceRequestsDocument, {
      id: courtyardId(),
      status: status.value || null,
      ...page,
    });
    return nodeOfType(node, 'Courtyard')?.serviceRequests;
  });

  const creation = useFormDialog({
    values: () => ({ category: '', description: '', householdCode: '' }),
    rules: () => ({
      category: [requiredRule('serviceRequest.category')],
      householdCode: [codeRule()],
    }),
    save: async (form) =>
      (
        await useGraphql().mutate(CreateServiceRequestDocument, {
          input: {
            courtyardId: courtyardId(),
            category: form.category.trim(),
            description: form.description.trim() || null,
            householdCode: form.householdCode.trim() || null,
          },
        })
      ).createServiceRequest,
    saved: list.reload,
  });

  const action = useRowAction(list.load);

  /** Records the first response or the resolution now, after a confirmation. */
  function act(request: ServiceRequestFieldsFragment, kind: 'respond' | 'resolve'): Promise<void> {
    const t = i18n.global.t;
    const confirmation = {
      message: t(`serviceRequest.${kind}Confirm`),
      title: t(`serviceRequest.${kind}`),
      type: 'info' as const,
    };
    return action.run(
      request.id,
      confirmation,
      async () =>
        kind === 'respond'
          ? (await useGraphql().mutate(RespondToServiceRequestDocument, { input: { serviceRequestId: request.id } }))
              .respondToServiceRequest
          : (await useGraphql().mutate(ResolveServiceRequestDocument, { input: { serviceRequestId: request.id } }))
              .resolveServiceRequest,
      t('common.saved'),
    );
  }

  return { permissions, status, ...list, creation, acting: action.acting, act };
}
