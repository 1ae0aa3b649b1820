import { storeToRefs } from 'pinia';
import { useDistrictToday } from '@/composables/use-district-today';
import { useFormDialog } from '@/composables/use-form-dialog';
import { usePagedList } from '@/composables/use-paged-list';
import { nodeOfType } from '@/graphql/connection';
import type { IdleSpaceFieldsFragment, IdleSpaceStatus } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import {
  ChangeIdleSpaceStatusDocument,
  CourtyardIdleSpacesDocument,
  RegisterIdleSpaceDocument,
} from '@/graphql/records.documents';
import { useSessionStore } from '@/stores/session.store';
import { notFutureDateRule, positiveNumberRule, requiredRule, requiredWhenRule } from '@/utils/form-rules';

/** 闲置空间: spaces with their status history, registration and status changes. */
export function useIdleSpacesTab(courtyardId: () => string) {
  const { permissions } = storeToRefs(useSessionStore());
  const today = useDistrictToday();
  const list = usePagedList<IdleSpaceFieldsFragment>(async (page) => {
    const { node } = await useGraphql().query(CourtyardIdleSpacesDocument, { id: courtyardId(), ...page });
    return nodeOfType(node, 'Courtyard')?.idleSpaces;
  });

  const registration = useFormDialog({
    values: () => ({ name: '', areaSqm: null as number | null, registeredOn: today() }),
    rules: () => ({
      name: [requiredRule('idleSpace.name')],
      areaSqm: [requiredRule('idleSpace.areaSqm'), positiveNumberRule()],
      registeredOn: [requiredRule('idleSpace.registeredOn', 'select'), notFutureDateRule(today)],
    }),
    save: async (form) =>
      (
        await useGraphql().mutate(RegisterIdleSpaceDocument, {
          input: {
            courtyardId: courtyardId(),
            name: form.name.trim(),
            areaSqm: Number(form.areaSqm),
            registeredOn: form.registeredOn,
          },
        })
      ).registerIdleSpace,
    saved: list.reload,
  });

  const change = useFormDialog({
    values: () => ({ status: 'RENOVATING' as IdleSpaceStatus, changedOn: today(), newUse: '' }),
    save: async (form, space: IdleSpaceFieldsFragment) =>
      (
        await useGraphql().mutate(ChangeIdleSpaceStatusDocument, {
          input: {
            idleSpaceId: space.id,
            status: form.status,
            changedOn: form.changedOn,
            newUse: form.newUse.trim() || null,
          },
        })
      ).changeIdleSpaceStatus,
    rules: (form) => ({
      status: [requiredRule('idleSpace.status', 'select')],
      changedOn: [requiredRule('idleSpace.changedOn', 'select'), notFutureDateRule(today)],
      newUse: [requiredWhenRule(() => form.status === 'UTILIZED', 'idleSpace.newUse')],
    }),
    saved: list.load,
  });

  /** The status form opens on the next step of the space's life. */
  const openChange = (space: IdleSpaceFieldsFragment) =>
    change.open(space, { status: space.status === 'IDLE' ? 'RENOVATING' : 'UTILIZED' });

  return { permissions, ...list, registration, change, openChange };
}
