import type { FormInstance } from 'element-plus';
import { ref } from 'vue';
import type { UserErrorFieldsFragment as UserError } from '@/graphql/generated/graphql';
import { showRequestError } from '@/utils/request-error-message';
import { useServerErrors } from './use-server-errors';

/**
 * One form's round trip: client-side validation, the mutation, and the server's userErrors put
 * on the fields they name (the rest above the form). `props` lists the form's item props.
 */
export function useFormSubmission(props: () => readonly string[]) {
  const submitting = ref(false);
  const serverErrors = useServerErrors(props);

  /** Returns the payload when it has no userErrors; null when something needs fixing. */
  async function submit<Payload extends { userErrors: UserError[] }>(
    formRef: FormInstance | undefined,
    mutate: () => Promise<Payload>,
    check?: () => boolean,
  ): Promise<Payload | null> {
    serverErrors.clear();
    if (formRef && !(await formRef.validate().catch(() => false))) return null;
    if (check && !check()) return null;
    submitting.value = true;
    try {
      const payload = await mutate();
      if (payload.userErrors.length > 0) {
        serverErrors.apply(payload.userErrors);
        return null;
      }
      return payload;
    } catch (error) {
      showRequestError(error);
      return null;
    } finally {
      submitting.value = false;
    }
  }

  return {
    submitting,
    fieldErrors: serverErrors.fieldErrors,
    formErrors: serverErrors.formErrors,
    clearErrors: serverErrors.clear,
    applyErrors: serverErrors.apply,
    submit,
  };
}
