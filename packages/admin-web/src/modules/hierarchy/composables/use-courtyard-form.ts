import type { FormInstance, FormRules } from 'element-plus';
import { computed, reactive, ref } from 'vue';
import { useServerErrors } from '@/composables/use-server-errors';
import type { CourtyardType, CreateCourtyardMutation } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CreateCourtyardDocument, UpdateCourtyardDocument } from '@/graphql/hierarchy.documents';
import { codeRule, nonNegativeIntegerRule, requiredRule } from '@/utils/form-rules';
import { showRequestError } from '@/utils/request-error-message';

/** A courtyard as a create or an update answers it. */
export type SavedCourtyard = NonNullable<CreateCourtyardMutation['createCourtyard']['courtyard']>;

export interface CourtyardFormValues {
  id?: string;
  streetId?: string | null;
  communityId?: string | null;
  name?: string;
  code?: string;
  type?: CourtyardType | null;
  householdCount?: number | null;
  address?: string | null;
}

const FIELDS = ['streetId', 'communityId', 'name', 'code', 'type', 'householdCount', 'address'] as const;

export function useCourtyardForm() {
  const form = reactive({
    streetId: '',
    communityId: '',
    name: '',
    code: '',
    type: '' as CourtyardType | '',
    householdCount: null as number | null,
    address: '',
  });
  const editingId = ref<string | null>(null);
  const submitting = ref(false);
  const isEdit = computed(() => editingId.value !== null);
  const serverErrors = useServerErrors(() => FIELDS);

  const rules: FormRules = {
    streetId: [requiredRule('courtyard.street', 'select')],
    communityId: [requiredRule('courtyard.community', 'select')],
    name: [requiredRule('courtyard.name')],
    code: [requiredRule('courtyard.code'), codeRule()],
    type: [requiredRule('courtyard.type', 'select')],
    householdCount: [requiredRule('courtyard.householdCount'), nonNegativeIntegerRule()],
  };

  function reset(values?: CourtyardFormValues): void {
    editingId.value = values?.id ?? null;
    form.streetId = values?.streetId ?? '';
    form.communityId = values?.communityId ?? '';
    form.name = values?.name ?? '';
    form.code = values?.code ?? '';
    form.type = values?.type ?? '';
    form.householdCount = values?.householdCount ?? null;
    form.address = values?.address ?? '';
    serverErrors.clear();
  }

  async function submit(formRef: FormInstance | undefined): Promise<SavedCourtyard | null> {
    serverErrors.clear();
    if (formRef && !(await formRef.validate().catch(() => false))) return null;
    submitting.value = true;
    try {
      const fields = {
        name: form.name.trim(),
        code: form.code.trim(),
        type: form.type as CourtyardType,
        householdCount: Number(form.householdCount),
        address: form.address.trim() || null,
      };
      const payload = editingId.value
        ? (await useGraphql().mutate(UpdateCourtyardDocument, { input: { id: editingId.value, ...fields } }))
            .updateCourtyard
        : (await useGraphql().mutate(CreateCourtyardDocument, { input: { communityId: form.communityId, ...fields } }))
            .createCourtyard;
      if (payload.userErrors.length > 0) {
        serverErrors.apply(payload.userErrors);
        return null;
      }
      return payload.courtyard;
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
