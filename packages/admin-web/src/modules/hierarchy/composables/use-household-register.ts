import type { FormInstance, FormItemRule } from 'element-plus';
import { reactive, ref } from 'vue';
import { useServerErrors } from '@/composables/use-server-errors';
import type { HouseholdInput } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { RegisterHouseholdsDocument } from '@/graphql/hierarchy.documents';
import { codeRule, nonNegativeNumberRule, requiredRule } from '@/utils/form-rules';
import { showRequestError } from '@/utils/request-error-message';

export interface HouseholdRow {
  key: number;
  code: string;
  areaSqm: number | null;
  contactName: string;
  contactPhone: string;
}

const ROW_FIELDS = ['code', 'areaSqm', 'contactName', 'contactPhone'] as const;

// Household codes look like `3-201`: the same character set as other codes.
export const householdRowRules: Record<(typeof ROW_FIELDS)[number], FormItemRule[]> = {
  code: [requiredRule('courtyardDetail.householdCode'), codeRule()],
  areaSqm: [nonNegativeNumberRule()],
  contactName: [],
  contactPhone: [],
};

export function toHouseholdInput(row: HouseholdRow): HouseholdInput {
  return {
    code: row.code.trim(),
    areaSqm: row.areaSqm ?? null,
    contactName: row.contactName.trim() || null,
    contactPhone: row.contactPhone.trim() || null,
  };
}

/** The form that registers several households of one courtyard at once. */
export function useHouseholdRegister(courtyardId: () => string) {
  let nextKey = 0;
  const newRow = (): HouseholdRow => ({
    key: (nextKey += 1),
    code: '',
    areaSqm: null,
    contactName: '',
    contactPhone: '',
  });
  const form = reactive({ households: [newRow()] });
  const submitting = ref(false);
  const serverErrors = useServerErrors(() =>
    form.households.flatMap((_row, index) => ROW_FIELDS.map((field) => `households.${index}.${field}`)),
  );

  function addRow(): void {
    form.households.push(newRow());
  }

  function removeRow(index: number): void {
    form.households.splice(index, 1);
    if (form.households.length === 0) form.households.push(newRow());
    serverErrors.clear();
  }

  function reset(): void {
    form.households.splice(0, form.households.length, newRow());
    serverErrors.clear();
  }

  /** Returns how many households were registered, or null when something needs fixing. */
  async function submit(formRef: FormInstance | undefined): Promise<number | null> {
    serverErrors.clear();
    if (formRef && !(await formRef.validate().catch(() => false))) return null;
    submitting.value = true;
    try {
      const { registerHouseholds } = await useGraphql().mutate(RegisterHouseholdsDocument, {
        input: { courtyardId: courtyardId(), households: form.households.map(toHouseholdInput) },
      });
      if (registerHouseholds.userErrors.length > 0) {
        serverErrors.apply(registerHouseholds.userErrors);
        return null;
      }
      reset();
      return registerHouseholds.households.length;
    } catch (error) {
      showRequestError(error);
      return null;
    } finally {
      submitting.value = false;
    }
  }

  return {
    form,
    rules: householdRowRules,
    submitting,
    fieldErrors: serverErrors.fieldErrors,
    formErrors: serverErrors.formErrors,
    addRow,
    removeRow,
    reset,
    submit,
  };
}
