import type { FormInstance, FormRules } from 'element-plus';
import { computed, reactive, ref } from 'vue';
import { useServerErrors } from '@/composables/use-server-errors';
import type { StreetFieldsFragment } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CreateStreetDocument, UpdateStreetDocument } from '@/graphql/hierarchy.documents';
import { codeRule, requiredRule } from '@/utils/form-rules';
import { showRequestError } from '@/utils/request-error-message';

export interface StreetFormValues {
  id?: string;
  name: string;
  code: string;
}

const FIELDS = ['name', 'code'] as const;

export function useStreetForm() {
  const form = reactive({ name: '', code: '' });
  const editingId = ref<string | null>(null);
  const submitting = ref(false);
  const isEdit = computed(() => editingId.value !== null);
  const serverErrors = useServerErrors(() => FIELDS);

  const rules: FormRules = {
    name: [requiredRule('street.name')],
    code: [requiredRule('street.code'), codeRule()],
  };

  function reset(values?: StreetFormValues): void {
    editingId.value = values?.id ?? null;
    form.name = values?.name ?? '';
    form.code = values?.code ?? '';
    serverErrors.clear();
  }

  /** Validates, saves, and returns the saved street, or null when something needs fixing. */
  async function submit(formRef: FormInstance | undefined): Promise<StreetFieldsFragment | null> {
    serverErrors.clear();
    if (formRef && !(await formRef.validate().catch(() => false))) return null;
    submitting.value = true;
    try {
      const input = { name: form.name.trim(), code: form.code.trim() };
      const payload = editingId.value
        ? (await useGraphql().mutate(UpdateStreetDocument, { input: { id: editingId.value, ...input } })).updateStreet
        : (await useGraphql().mutate(CreateStreetDocument, { input })).createStreet;
      if (payload.userErrors.length > 0) {
        serverErrors.apply(payload.userErrors);
        return null;
      }
      return payload.street;
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
