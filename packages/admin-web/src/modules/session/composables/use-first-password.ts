import { ElMessage, type FormInstance } from 'element-plus';
import { storeToRefs } from 'pinia';
import { reactive } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useFormSubmission } from '@/composables/use-form-submission';
import { i18n } from '@/i18n/i18n';
import { useSessionStore } from '@/stores/session.store';
import { PASSWORD_FIELDS, passwordFormValues, passwordRules, savePassword } from './password-form';
import { enterApp, signOutAndLeave } from './session-navigation';

/**
 * The first sign-in with a one-time password (an invitation or a reset): the API refuses
 * everything but `changePassword`, `signOut` and `me` until a new password is set, so the router
 * keeps the user on this page; once set, into the app (the page first asked for, else home).
 */
export function useFirstPassword() {
  const session = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  const form = reactive(passwordFormValues());
  const rules = passwordRules(form, 'password.oneTime');
  const submission = useFormSubmission(() => PASSWORD_FIELDS);

  async function submit(formRef: FormInstance | undefined): Promise<boolean> {
    if (!(await submission.submit(formRef, () => savePassword(form)))) return false;
    ElMessage.success(i18n.global.t('firstSignIn.done'));
    await enterApp(router, route);
    return true;
  }

  return {
    user: storeToRefs(session).user,
    form,
    rules,
    submitting: submission.submitting,
    fieldErrors: submission.fieldErrors,
    formErrors: submission.formErrors,
    submit,
    signOut: () => signOutAndLeave(router),
  };
}
