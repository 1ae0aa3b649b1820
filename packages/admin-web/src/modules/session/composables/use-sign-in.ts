import type { FormInstance, FormRules } from 'element-plus';
import { reactive } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useFormSubmission } from '@/composables/use-form-submission';
import { homeRouteFor } from '@/stores/permissions';
import { useSessionStore } from '@/stores/session.store';
import { emailRule, requiredRule } from '@/utils/form-rules';

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
    const redirect = typeof route.query.redirect === 'string' ? route.query.redirect : null;
    // Only follow in-app paths, never an absolute URL from the query string.
    if (redirect && redirect.startsWith('/') && !redirect.startsWith('//')) await router.replace(redirect);
    else await router.replace({ name: homeRouteFor(session.role) });
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
