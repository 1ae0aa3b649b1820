import { ElMessage } from 'element-plus';
import type { Ref } from 'vue';
import { useFormDialog } from '@/composables/use-form-dialog';
import { i18n } from '@/i18n/i18n';
import { PASSWORD_FIELDS, passwordFormValues, passwordRules, savePassword } from './password-form';

/** 个人信息: the signed-in user's account, and the change of its password (the other sessions end). */
export function useProfileDialog(visible: Ref<boolean>) {
  return useFormDialog({
    visible,
    values: passwordFormValues,
    fields: () => PASSWORD_FIELDS,
    rules: (form) => passwordRules(form),
    save: (form) => savePassword(form),
    saved: () => ElMessage.success(i18n.global.t('password.changed')),
  });
}
