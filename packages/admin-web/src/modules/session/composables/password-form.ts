import type { FormRules } from 'element-plus';
import { PASSWORD_MIN_LENGTH } from '@xiaoyuan/domain';
import type { UserErrorFieldsFragment } from '@/graphql/generated/graphql';
import { useSessionStore } from '@/stores/session.store';
import { minLengthRule, requiredRule, sameAsRule } from '@/utils/form-rules';

// The change of one's own password, in the profile dialog and on the first sign-in's page: the
// current (or one-time) password and the new one twice. The policy itself is the server's
// (`changePassword`'s userErrors name the rule broken); the form checks only what it can alone.

export interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** The form items, for the server's userErrors (`["input", "newPassword"]` → `newPassword`). */
export const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

export const passwordFormValues = (): PasswordForm => ({ currentPassword: '', newPassword: '', confirmPassword: '' });

/** `currentLabelKey`: how the current password is called ("一次性密码" at first sign-in). */
export function passwordRules(form: PasswordForm, currentLabelKey = 'password.current'): FormRules {
  return {
    currentPassword: [requiredRule(currentLabelKey)],
    newPassword: [requiredRule('password.new'), minLengthRule(PASSWORD_MIN_LENGTH, 'validation.passwordLength')],
    confirmPassword: [requiredRule('password.confirm'), sameAsRule(() => form.newPassword, 'password.mismatch')],
  };
}

/** Changes the password; the session continues with the answer's token (the store keeps it). */
export async function savePassword(form: PasswordForm): Promise<{ userErrors: UserErrorFieldsFragment[] }> {
  return { userErrors: await useSessionStore().changePassword(form.currentPassword, form.newPassword) };
}
