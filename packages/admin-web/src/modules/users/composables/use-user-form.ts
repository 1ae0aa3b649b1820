import type { Ref } from 'vue';
import { useFormDialog } from '@/composables/use-form-dialog';
import type { ManagedUserFieldsFragment, Role } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { InviteUserDocument, UpdateUserDocument } from '@/graphql/users.documents';
import { emailRule, requiredRule, requiredWhenRule } from '@/utils/form-rules';
import { needsUnitChoice, unitKindOf } from './user-display';

/**
 * The user dialog: a new user (email, name, role and, for a scoped role, its unit; invited with a
 * one-time password that the answer carries once) or, with the user in hand, its name, role and
 * unit. When editing, a unit left empty keeps the user's own if it fits the role (the API's rule).
 * `self`: the user in hand is the signed-in one, whose role and unit the API does not let change.
 */
export function useUserForm(visible: Ref<boolean>, isSelf: (user: ManagedUserFieldsFragment) => boolean) {
  return useFormDialog({
    visible,
    values: () => ({ email: '', displayName: '', role: '' as Role | '', scopeId: '' }),
    // the unit's item shows only for a scoped role (an error on it otherwise goes above the form)
    fields: (form) => ['email', 'displayName', 'role', ...(unitKindOf(form.role) ? ['scopeId'] : [])],
    save: async (form, user: ManagedUserFieldsFragment | undefined) => {
      const role = form.role as Role;
      const scopeId = unitKindOf(role) && form.scopeId ? form.scopeId : null;
      const displayName = form.displayName.trim();
      if (!user) {
        const input = { email: form.email.trim(), displayName, role, scopeId };
        return (await useGraphql().mutate(InviteUserDocument, { input })).inviteUser;
      }
      // the signed-in user may change only its own name
      const input = isSelf(user) ? { id: user.id, displayName } : { id: user.id, displayName, role, scopeId };
      return { ...(await useGraphql().mutate(UpdateUserDocument, { input })).updateUser, oneTimePassword: null };
    },
    rules: (form, user) => ({
      email: [requiredWhenRule(() => !user(), 'users.email'), emailRule()],
      displayName: [requiredRule('users.name')],
      role: [requiredRule('users.role', 'select')],
      scopeId: [requiredWhenRule(() => needsUnitChoice(form.role, user()), 'users.unit', 'select')],
    }),
  });
}
