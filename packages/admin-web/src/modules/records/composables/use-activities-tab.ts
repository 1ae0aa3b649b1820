import { storeToRefs } from 'pinia';
import { ref } from 'vue';
import { usePagedList } from '@/composables/use-paged-list';
import { nodeOfType } from '@/graphql/connection';
import type { ActivityFieldsFragment } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { CourtyardActivitiesDocument } from '@/graphql/records.documents';
import { useSessionStore } from '@/stores/session.store';

/** 活动: the courtyard's activities, newest first, optionally of one period. */
export function useActivitiesTab(courtyardId: () => string) {
  const { permissions } = storeToRefs(useSessionStore());
  const period = ref<string | null>(null);
  const dialogVisible = ref(false);
  const list = usePagedList<ActivityFieldsFragment>(async (page) => {
    const { node } = await useGraphql().query(CourtyardActivitiesDocument, {
      id: courtyardId(),
      period: period.value,
      ...page,
    });
    return nodeOfType(node, 'Courtyard')?.activities;
  });
  return { permissions, period, dialogVisible, ...list };
}
