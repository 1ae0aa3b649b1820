import type { FormInstance, FormRules } from 'element-plus';
import { reactive } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useFormSubmission } from '@/composables/use-form-submission';
import { useSessionStore } from '@/stores/session.store';
import { emailRule, requiredRule } from '@/utils/form-rules';
import { enterApp } from './session-navigation';

const FIELDS = ['email', 'password'] as const;

export function useSignIn() {
  const session = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  const form = reactive({ email: '', password: '' });
  const submission = useFormSubmission(() => FIELDS);

  const rules: FormRules = {
    email: [requiredRule('signIn.email'), emailRule()],
    password: [requiredRule('signIn.password')],
  };

  async function submit(formRef: FormInstance | undefined): Promise<boolean> {
    const signedIn = await submission.submit(formRef, async () => ({
      userErrors: await session.login(form.email.trim(), form.password),
    }));
    if (!signedIn) return false;
    await enterApp(router, route);
    return true;
  }

  return {
    form,
    rules,
    submitting: submission.submitting,
    fieldErrors: submission.fieldErrors,
    formErrors: submission.formErrors,
    submit,
  };
}
