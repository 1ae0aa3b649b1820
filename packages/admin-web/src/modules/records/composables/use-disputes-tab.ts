import type { FormInstance, FormRules } from 'element-plus';
import { storeToRefs } from 'pinia';
import { reactive, ref } from 'vue';
import { useDistrictToday } from '@/composables/use-district-today';
import { useFormSubmission } from '@/composables/use-form-submission';
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

/** Channels that count as self-governance (DOMAIN.md §5). */
export const SELF_GOVERNANCE_CHANNELS: ReadonlySet<ResolutionChannel> = new Set([
  'COMMITTEE',
  'RESIDENTS_ASSEMBLY',
  'MEDIATION',
]);

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

  const registerVisible = ref(false);
  const registerForm = reactive({ category: 'PARKING' as DisputeCategory, reportedOn: today(), summary: '' });
  const registerRules: FormRules = {
    category: [requiredRule('dispute.category', 'select')],
    reportedOn: [requiredRule('dispute.reportedOn', 'select'), notFutureDateRule(today)],
  };
  const registration = useFormSubmission(() => ['category', 'reportedOn', 'summary']);

  function openRegister(): void {
    Object.assign(registerForm, { category: 'PARKING', reportedOn: today(), summary: '' });
    registration.clearErrors();
    registerVisible.value = true;
  }

  async function register(formRef: FormInstance | undefined): Promise<boolean> {
    const payload = await registration.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(RegisterDisputeDocument, {
            input: {
              courtyardId: courtyardId(),
              category: registerForm.category,
              reportedOn: registerForm.reportedOn,
              summary: registerForm.summary.trim() || null,
            },
          })
        ).registerDispute,
    );
    if (!payload) return false;
    registerVisible.value = false;
    await list.reload();
    return true;
  }

  const resolveVisible = ref(false);
  const resolving = ref<DisputeFieldsFragment | null>(null);
  const resolveForm = reactive({ resolvedOn: today(), channel: 'COMMITTEE' as ResolutionChannel, note: '' });
  const resolveRules: FormRules = {
    resolvedOn: [
      requiredRule('dispute.resolvedOn', 'select'),
      notFutureDateRule(today),
      {
        trigger: 'change',
        validator: (_rule, value, callback) =>
          resolving.value && value && String(value) < resolving.value.reportedOn
            ? callback(new Error(i18n.global.t('dispute.resolvedBeforeReported')))
            : callback(),
      },
    ],
    channel: [requiredRule('dispute.channel', 'select')],
  };
  const resolution = useFormSubmission(() => ['resolvedOn', 'channel', 'note']);

  function openResolve(dispute: DisputeFieldsFragment): void {
    resolving.value = dispute;
    Object.assign(resolveForm, { resolvedOn: today(), channel: 'COMMITTEE', note: '' });
    resolution.clearErrors();
    resolveVisible.value = true;
  }

  async function resolve(formRef: FormInstance | undefined): Promise<boolean> {
    const dispute = resolving.value;
    if (!dispute) return false;
    const payload = await resolution.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(ResolveDisputeDocument, {
            input: {
              disputeId: dispute.id,
              resolvedOn: resolveForm.resolvedOn,
              channel: resolveForm.channel,
              note: resolveForm.note.trim() || null,
            },
          })
        ).resolveDispute,
    );
    if (!payload) return false;
    resolveVisible.value = false;
    await list.load();
    return true;
  }

  return {
    permissions,
    status,
    ...list,
    registerVisible,
    registerForm,
    registerRules,
    registration,
    openRegister,
    register,
    resolveVisible,
    resolving,
    resolveForm,
    resolveRules,
    resolution,
    openResolve,
    resolve,
  };
}
