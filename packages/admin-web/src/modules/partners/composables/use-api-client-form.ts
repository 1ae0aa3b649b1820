import type { Ref } from 'vue';
import { useFormDialog } from '@/composables/use-form-dialog';
import type { ApiScope } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CreateApiClientDocument } from '@/graphql/partners.documents';
import { requiredRule } from '@/utils/form-rules';

/** The new-API-client dialog's form: a name, at least one scope, an optional subtree. */
export function useApiClientForm(visible: Ref<boolean>) {
  return useFormDialog({
    visible,
    values: () => ({ name: '', scopes: [] as ApiScope[], scopeId: '' }),
    rules: () => ({
      name: [requiredRule('apiClients.name')],
      scopes: [requiredRule('apiClients.scopes', 'select')],
    }),
    save: async (form) =>
      (
        await useGraphql().mutate(CreateApiClientDocument, {
          input: { name: form.name.trim(), scopes: [...form.scopes], scopeId: form.scopeId || null },
        })
      ).createApiClient,
  });
}
