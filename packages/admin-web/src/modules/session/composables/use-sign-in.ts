import type { FormInstance, FormRules } from 'element-plus';
import { reactive, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useServerErrors } from '@/composables/use-server-errors';
import { homeRouteFor } from '@/stores/permissions';
import { useSessionStore } from '@/stores/session.store';
import { emailRule, requiredRule } from '@/utils/form-rules';
import { showRequestError } from '@/utils/request-error-message';

const FIELDS = ['email', 'password'] as const;

export function useSignIn() {
  const session = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  const form = reactive({ email: '', password: '' });
  const submitting = ref(false);
  const serverErrors = useServerErrors(() => FIELDS);

  const rules: FormRules = {
    email: [requiredRule('signIn.email'), emailRule()],
    password: [requiredRule('signIn.password')],
  };

  async function submit(formRef: FormInstance | undefined): Promise<boolean> {
    serverErrors.clear();
    if (formRef && !(await formRef.validate().catch(() => false))) return false;
    submitting.value = true;
    try {
      const userErrors = await session.login(form.email.trim(), form.password);
      if (userErrors.length > 0) {
        serverErrors.apply(userErrors);
        return false;
      }
      const redirect = typeof route.query.redirect === 'string' ? route.query.redirect : null;
      // Only follow in-app paths, never an absolute URL from the query string.
      if (redirect && redirect.startsWith('/') && !redirect.startsWith('//')) await router.replace(redirect);
      else await router.replace({ name: homeRouteFor(session.role) });
      return true;
    } catch (error) {
      showRequestError(error);
      return false;
    } finally {
      submitting.value = false;
    }
  }

  return {
    form,
    rules,
    submitting,
    fieldErrors: serverErrors.fieldErrors,
    formErrors: serverErrors.formErrors,
    submit,
  };
}
