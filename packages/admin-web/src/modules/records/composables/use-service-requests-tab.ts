import { ElMessage, ElMessageBox, type FormInstance, type FormRules } from 'element-plus';
import { storeToRefs } from 'pinia';
import { reactive, ref } from 'vue';
import { useFormSubmission } from '@/composables/use-form-submission';
import { usePagedList } from '@/composables/use-paged-list';
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
import { showRequestError } from '@/utils/request-error-message';

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

  const createVisible = ref(false);
  const createForm = reactive({ category: '', description: '', householdCode: '' });
  const createRules: FormRules = {
    category: [requiredRule('serviceRequest.category')],
    householdCode: [codeRule()],
  };
  const creation = useFormSubmission(() => ['category', 'description', 'householdCode']);

  function openCreate(): void {
    Object.assign(createForm, { category: '', description: '', householdCode: '' });
    creation.clearErrors();
    createVisible.value = true;
  }

  async function create(formRef: FormInstance | undefined): Promise<boolean> {
    const payload = await creation.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(CreateServiceRequestDocument, {
            input: {
              courtyardId: courtyardId(),
              category: createForm.category.trim(),
              description: createForm.description.trim() || null,
              householdCode: createForm.householdCode.trim() || null,
            },
          })
        ).createServiceRequest,
    );
    if (!payload) return false;
    createVisible.value = false;
    await list.reload();
    return true;
  }

  const acting = ref<string | null>(null);

  /** Records the first response or the resolution now, after a confirmation. */
  async function act(request: ServiceRequestFieldsFragment, action: 'respond' | 'resolve'): Promise<void> {
    const t = i18n.global.t;
    try {
      await ElMessageBox.confirm(t(`serviceRequest.${action}Confirm`), t(`serviceRequest.${action}`), {
        confirmButtonText: t(`serviceRequest.${action}`),
        cancelButtonText: t('common.cancel'),
        type: 'info',
      });
    } catch {
      return;
    }
    acting.value = request.id;
    try {
      const payload =
        action === 'respond'
          ? (await useGraphql().mutate(RespondToServiceRequestDocument, { input: { serviceRequestId: request.id } }))
              .respondToServiceRequest
          : (await useGraphql().mutate(ResolveServiceRequestDocument, { input: { serviceRequestId: request.id } }))
              .resolveServiceRequest;
      if (payload.userErrors.length > 0) ElMessage.error(payload.userErrors.map((error) => error.message).join('; '));
      else ElMessage.success(t('common.saved'));
      await list.load();
    } catch (error) {
      showRequestError(error);
    } finally {
      acting.value = null;
    }
  }

  return {
    permissions,
    status,
    ...list,
    createVisible,
    createForm,
    createRules,
    creation,
    openCreate,
    create,
    acting,
    act,
  };
}
