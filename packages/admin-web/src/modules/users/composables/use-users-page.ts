import { storeToRefs } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { usePagedList } from '@/composables/use-paged-list';
import { useRowAction } from '@/composables/use-row-action';
import type { ManagedUserFieldsFragment, Role, UserFilter } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { ResetUserPasswordDocument, SetUserDisabledDocument, UsersDocument } from '@/graphql/users.documents';
import { i18n } from '@/i18n/i18n';
import { useSessionStore } from '@/stores/session.store';
import { rolesManagedBy, type UserStatus } from './user-display';

export interface UserListFilters {
  search: string;
  role: Role | '';
  status: UserStatus | '';
}

/** The API's filter from the form's values: empty choices are left out. */
export function toUserFilter(filters: UserListFilters): UserFilter {
  const filter: UserFilter = {};
  const search = filters.search.trim();
  if (search) filter.search = search;
  if (filters.role) filter.role = filters.role;
  if (filters.status) filter.disabled = filters.status === 'DISABLED';
  return filter;
}

/** A one-time password shown once (after an invitation or a reset), kept only until its dialog closes. */
export interface RevealedPassword {
  intro: string;
  password: string;
}

/**
 * 用户管理: the users the signed-in user manages (the API decides which: the district admin every
 * user, a street officer its street's community workers and committees), filtered by name or
 * email, role and state; invite, edit, disable or enable, and reset a password. A one-time
 * password is shown once. The signed-in user's own row offers only its name (the API refuses the
 * rest).
 */
export function useUsersPage() {
  const { user: me, role } = storeToRefs(useSessionStore());
  const filters = reactive<UserListFilters>({ search: '', role: '', status: '' });
  const list = usePagedList<ManagedUserFieldsFragment>(
    async (page) => (await useGraphql().query(UsersDocument, { ...page, filter: toUserFilter(filters) })).users,
  );
  const roles = computed(() => rolesManagedBy(role.value));
  const isSelf = (user: ManagedUserFieldsFragment) => user.id === me.value?.id;

  const dialogVisible = ref(false);
  const editing = ref<ManagedUserFieldsFragment | null>(null);
  const revealed = ref<RevealedPassword | null>(null);

  function openCreate(): void {
    editing.value = null;
    dialogVisible.value = true;
  }

  function openEdit(user: ManagedUserFieldsFragment): void {
    editing.value = user;
    dialogVisible.value = true;
  }

  function reveal(user: ManagedUserFieldsFragment, password: string, introKey: string): void {
    const intro = i18n.global.t(introKey, { name: user.displayName, email: user.email });
    revealed.value = { intro, password };
  }

  function onSaved(saved: { user: ManagedUserFieldsFragment; oneTimePassword: string | null; created: boolean }) {
    if (saved.oneTimePassword) reveal(saved.user, saved.oneTimePassword, 'users.createdIntro');
    void (saved.created ? list.reload() : list.load());
  }

  const action = useRowAction(list.load);

  function setDisabled(user: ManagedUserFieldsFragment, disabled: boolean): Promise<void> {
    const t = i18n.global.t;
    const verb = disabled ? 'disable' : 'enable';
    return action.run(
      user.id,
      {
        message: t(`users.${verb}Confirm`, { name: user.displayName, email: user.email }),
        title: t(`users.${verb}`),
        type: disabled ? 'warning' : 'info',
      },
      async () =>
        (await useGraphql().mutate(SetUserDisabledDocument, { input: { id: user.id, disabled } })).setUserDisabled,
      t(`users.${verb}Done`),
    );
  }

  function resetPassword(user: ManagedUserFieldsFragment): Promise<void> {
    const t = i18n.global.t;
    return action.run(
      user.id,
      {
        message: t('users.resetConfirm', { name: user.displayName, email: user.email }),
        title: t('users.resetPassword'),
        type: 'warning',
      },
      async () => {
        const payload = (await useGraphql().mutate(ResetUserPasswordDocument, { input: { id: user.id } }))
          .resetUserPassword;
        if (payload.user && payload.oneTimePassword) reveal(payload.user, payload.oneTimePassword, 'users.resetIntro');
        return payload;
      },
      t('users.resetDone'),
    );
  }

  function resetFilters(): void {
    Object.assign(filters, { search: '', role: '', status: '' });
    void list.reload();
  }

  return {
    list,
    filters,
    roles,
    isSelf,
    dialogVisible,
    editing,
    revealed,
    openCreate,
    openEdit,
    onSaved,
    setDisabled,
    resetPassword,
    resetFilters,
    applyFilters: () => list.reload(),
    forgetPassword: () => (revealed.value = null),
    acting: action.acting,
  };
}
