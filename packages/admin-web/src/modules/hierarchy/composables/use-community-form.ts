import type { FormInstance, FormRules } from 'element-plus';
import { computed, reactive, ref } from 'vue';
import { useServerErrors } from '@/composables/use-server-errors';
import type { CommunityFieldsFragment } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CreateCommunityDocument, UpdateCommunityDocument } from '@/graphql/hierarchy.documents';
import { codeRule, requiredRule } from '@/utils/form-rules';
import { showRequestError } from '@/utils/request-error-message';

export interface CommunityFormValues {
  id?: string;
  streetId?: string | null;
  name?: string;
  code?: string;
}

const FIELDS = ['streetId', 'name', 'code'] as const;

export function useCommunityForm() {
  const form = reactive({ streetId: '' as string, name: '', code: '' });
  const editingId = ref<string | null>(null);
  const submitting = ref(false);
  const isEdit = computed(() => editingId.value !== null);
  const serverErrors = useServerErrors(() => FIELDS);

  const rules: FormRules = {
    streetId: [requiredRule('community.street', 'select')],
    name: [requiredRule('community.name')],
    code: [requiredRule('community.code'), codeRule()],
  };

  function reset(values?: CommunityFormValues): void {
    editingId.value = values?.id ?? null;
    form.streetId = values?.streetId ?? '';
    form.name = values?.name ?? '';
    form.code = values?.code ?? '';
    serverErrors.clear();
  }

  async function submit(formRef: FormInstance | undefined): Promise<CommunityFieldsFragment | null> {
    serverErrors.clear();
    if (formRef && !(await formRef.validate().catch(() => false))) return null;
    submitting.value = true;
    try {
      const name = form.name.trim();
      const code = form.code.trim();
      const payload = editingId.value
        ? (await useGraphql().mutate(UpdateCommunityDocument, { input: { id: editingId.value, name, code } }))
            .updateCommunity
        : (await useGraphql().mutate(CreateCommunityDocument, { input: { streetId: form.streetId, name, code } }))
            .createCommunity;
      if (payload.userErrors.length > 0) {
        serverErrors.apply(payload.userErrors);
        return null;
      }
      return payload.community;
    } catch (error) {
      showRequestError(error);
      return null;
    } finally {
      submitting.value = false;
    }
  }

  return {
    form,
    rules,
    isEdit,
    submitting,
    fieldErrors: serverErrors.fieldErrors,
    formErrors: serverErrors.formErrors,
    reset,
    submit,
  };
}
