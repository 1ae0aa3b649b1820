import type { Ref } from 'vue';
import { useFormDialog } from '@/composables/use-form-dialog';
import { useGraphql } from '@/graphql/graphql-client';
import { CreateCommunityDocument, UpdateCommunityDocument } from '@/graphql/hierarchy.documents';
import { codeRule, requiredRule } from '@/utils/form-rules';

export interface CommunityFormValues {
  id?: string;
  streetId?: string | null;
  name?: string;
  code?: string;
}

/** The community dialog's form: creates a community in a street, or renames the one given. */
export function useCommunityForm(visible: Ref<boolean>) {
  return useFormDialog({
    visible,
    values: () => ({ streetId: '', name: '', code: '' }),
    save: async (form, initial: CommunityFormValues | undefined) => {
      const name = form.name.trim();
      const code = form.code.trim();
      return initial?.id
        ? (await useGraphql().mutate(UpdateCommunityDocument, { input: { id: initial.id, name, code } }))
            .updateCommunity
        : (await useGraphql().mutate(CreateCommunityDocument, { input: { streetId: form.streetId, name, code } }))
            .createCommunity;
    },
    rules: () => ({
      streetId: [requiredRule('community.street', 'select')],
      name: [requiredRule('community.name')],
      code: [requiredRule('community.code'), codeRule()],
    }),
  });
}
