import type { FormInstance, FormRules } from 'element-plus';
import { storeToRefs } from 'pinia';
import { reactive, ref } from 'vue';
import { useDistrictToday } from '@/composables/use-district-today';
import { useFormSubmission } from '@/composables/use-form-submission';
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

  const registerVisible = ref(false);
  const registerForm = reactive({ name: '', areaSqm: null as number | null, registeredOn: today() });
  const registerRules: FormRules = {
    name: [requiredRule('idleSpace.name')],
    areaSqm: [requiredRule('idleSpace.areaSqm'), positiveNumberRule()],
    registeredOn: [requiredRule('idleSpace.registeredOn', 'select'), notFutureDateRule(today)],
  };
  const registration = useFormSubmission(() => ['name', 'areaSqm', 'registeredOn']);

  function openRegister(): void {
    Object.assign(registerForm, { name: '', areaSqm: null, registeredOn: today() });
    registration.clearErrors();
    registerVisible.value = true;
  }

  async function register(formRef: FormInstance | undefined): Promise<boolean> {
    const payload = await registration.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(RegisterIdleSpaceDocument, {
            input: {
              courtyardId: courtyardId(),
              name: registerForm.name.trim(),
              areaSqm: Number(registerForm.areaSqm),
              registeredOn: registerForm.registeredOn,
            },
          })
        ).registerIdleSpace,
    );
    if (!payload) return false;
    registerVisible.value = false;
    await list.reload();
    return true;
  }

  const changeVisible = ref(false);
  const changing = ref<IdleSpaceFieldsFragment | null>(null);
  const changeForm = reactive({ status: 'RENOVATING' as IdleSpaceStatus, changedOn: today(), newUse: '' });
  const changeRules: FormRules = {
    status: [requiredRule('idleSpace.status', 'select')],
    changedOn: [requiredRule('idleSpace.changedOn', 'select'), notFutureDateRule(today)],
    newUse: [requiredWhenRule(() => changeForm.status === 'UTILIZED', 'idleSpace.newUse')],
  };
  const change = useFormSubmission(() => ['status', 'changedOn', 'newUse']);

  function openChange(space: IdleSpaceFieldsFragment): void {
    changing.value = space;
    const next: IdleSpaceStatus = space.status === 'IDLE' ? 'RENOVATING' : 'UTILIZED';
    Object.assign(changeForm, { status: next, changedOn: today(), newUse: '' });
    change.clearErrors();
    changeVisible.value = true;
  }

  async function changeStatus(formRef: FormInstance | undefined): Promise<boolean> {
    const space = changing.value;
    if (!space) return false;
    const payload = await change.submit(
      formRef,
      async () =>
        (
          await useGraphql().mutate(ChangeIdleSpaceStatusDocument, {
            input: {
              idleSpaceId: space.id,
              status: changeForm.status,
              changedOn: changeForm.changedOn,
              newUse: changeForm.newUse.trim() || null,
            },
          })
        ).changeIdleSpaceStatus,
    );
    if (!payload) return false;
    changeVisible.value = false;
    await list.load();
    return true;
  }

  return {
    permissions,
    ...list,
    registerVisible,
    registerForm,
    registerRules,
    registration,
    openRegister,
    register,
    changeVisible,
    changing,
    changeForm,
    changeRules,
    change,
    openChange,
    changeStatus,
  };
}
