import { ref } from 'vue';
import { usePagedList } from '@/composables/use-paged-list';
import { useRowAction } from '@/composables/use-row-action';
import type { ApiClientFieldsFragment } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { ApiClientsDocument, RevokeApiClientDocument } from '@/graphql/partners.documents';
import { i18n } from '@/i18n/i18n';

/** A key shown once: kept only until its dialog is closed. */
export interface RevealedSecret {
  name: string;
  secret: string;
}

/** 开放平台 › API 客户端: the district's clients, revoked ones included; create (key shown once) and revoke. */
export function useApiClientsTab() {
  const list = usePagedList<ApiClientFieldsFragment>(
    async (page) => (await useGraphql().query(ApiClientsDocument, page)).apiClients,
  );
  const createVisible = ref(false);
  const revealed = ref<RevealedSecret | null>(null);

  function onCreated({ apiClient, secret }: { apiClient: ApiClientFieldsFragment; secret: string }): void {
    revealed.value = { name: apiClient.name, secret };
    void list.reload();
  }

  const action = useRowAction(list.load);

  function revoke(client: ApiClientFieldsFragment): Promise<void> {
    const t = i18n.global.t;
    return action.run(
      client.id,
      { message: t('apiClients.revokeConfirm', { name: client.name }), title: t('apiClients.revoke'), type: 'warning' },
      async () =>
        (await useGraphql().mutate(RevokeApiClientDocument, { input: { apiClientId: client.id } })).revokeApiClient,
      t('apiClients.revokeDone'),
    );
  }

  return {
    list,
    createVisible,
    revealed,
    onCreated,
    forgetSecret: () => (revealed.value = null),
    revoke,
    acting: action.acting,
  };
}
