import type { FormInstance, FormItemRule } from 'element-plus';
import { reactive } from 'vue';
import { useFormSubmission } from '@/composables/use-form-submission';
import type { HouseholdInput } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { RegisterHouseholdsDocument } from '@/graphql/hierarchy.documents';
import { codeRule, nonNegativeNumberRule, requiredRule } from '@/utils/form-rules';

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
  const submission = useFormSubmission(() =>
    form.households.flatMap((_row, index) => ROW_FIELDS.map((field) => `households.${index}.${field}`)),
  );

  function addRow(): void {
    form.households.push(newRow());
  }

  function removeRow(index: number): void {
    form.households.splice(index, 1);
    if (form.households.length === 0) form.households.push(newRow());
    submission.clearErrors();
  }

  function reset(): void {
    form.households.splice(0, form.households.length, newRow());
    submission.clearErrors();
  }

  /** Returns how many households were registered, or null when something needs fixing. */
  async function submit(formRef: FormInstance | undefined): Promise<number | null> {
    const payload = await submission.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(RegisterHouseholdsDocument, {
            input: { courtyardId: courtyardId(), households: form.households.map(toHouseholdInput) },
          })
        ).registerHouseholds,
    );
    if (!payload) return null;
    reset();
    return payload.households.length;
  }

  return {
    form,
    rules: householdRowRules,
    submitting: submission.submitting,
    fieldErrors: submission.fieldErrors,
    formErrors: submission.formErrors,
    addRow,
    removeRow,
    reset,
    submit,
  };
}
