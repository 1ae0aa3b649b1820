import type { Ref } from 'vue';
import { useFormDialog } from '@/composables/use-form-dialog';
import type { CourtyardType, CreateCourtyardMutation } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CreateCourtyardDocument, UpdateCourtyardDocument } from '@/graphql/hierarchy.documents';
import { codeRule, nonNegativeIntegerRule, requiredRule } from '@/utils/form-rules';

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

/** The courtyard dialog's form: creates a courtyard in a community, or updates the one given. */
export function useCourtyardForm(visible: Ref<boolean>) {
  return useFormDialog({
    visible,
    values: () => ({
      streetId: '',
      communityId: '',
      name: '',
      code: '',
      type: '' as CourtyardType | '',
      householdCount: null as number | null,
      address: '',
    }),
    save: async (form, initial: CourtyardFormValues | undefined) => {
      const fields = {
        name: form.name.trim(),
        code: form.code.trim(),
        type: form.type as CourtyardType,
        householdCount: Number(form.householdCount),
        address: form.address.trim() || null,
      };
      return initial?.id
        ? (await useGraphql().mutate(UpdateCourtyardDocument, { input: { id: initial.id, ...fields } })).updateCourtyard
        : (await useGraphql().mutate(CreateCourtyardDocument, { input: { communityId: form.communityId, ...fields } }))
            .createCourtyard;
    },
    rules: () => ({
      streetId: [requiredRule('courtyard.street', 'select')],
      communityId: [requiredRule('courtyard.community', 'select')],
      name: [requiredRule('courtyard.name')],
      code: [requiredRule('courtyard.code'), codeRule()],
      type: [requiredRule('courtyard.type', 'select')],
      householdCount: [requiredRule('courtyard.householdCount'), nonNegativeIntegerRule()],
    }),
  });
}
