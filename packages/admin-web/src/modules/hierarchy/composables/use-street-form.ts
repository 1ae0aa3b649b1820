import type { Ref } from 'vue';
import { useFormDialog } from '@/composables/use-form-dialog';
import { useGraphql } from '@/graphql/graphql-client';
import { CreateStreetDocument, UpdateStreetDocument } from '@/graphql/hierarchy.documents';
import { codeRule, requiredRule } from '@/utils/form-rules';

export interface StreetFormValues {
  id?: string;
  name: string;
  code: string;
}

/** The street dialog's form: creates a street, or updates the one given (`reset(initial, initial)`). */
export function useStreetForm(visible: Ref<boolean>) {
  return useFormDialog({
    visible,
    values: () => ({ name: '', code: '' }),
    save: async (form, initial: StreetFormValues | undefined) => {
      const input = { name: form.name.trim(), code: form.code.trim() };
      return initial?.id
        ? (await useGraphql().mutate(UpdateStreetDocument, { input: { id: initial.id, ...input } })).updateStreet
        : (await useGraphql().mutate(CreateStreetDocument, { input })).createStreet;
    },
    rules: () => ({
      name: [requiredRule('street.name')],
      code: [requiredRule('street.code'), codeRule()],
    }),
  });
}
