import { reactive, ref } from 'vue';
import type { UserErrorFieldsFragment as UserError } from '@/graphql/generated/graphql';
import { mapUserErrors } from '@/utils/user-errors';

/** Server-side errors of one form, bound to `<el-form-item :error="fieldErrors[prop]">`. */
export function useServerErrors(props: () => readonly string[]) {
  const fieldErrors = reactive<Record<string, string>>({});
  const formErrors = ref<string[]>([]);

  function clear(): void {
    for (const key of Object.keys(fieldErrors)) delete fieldErrors[key];
    formErrors.value = [];
  }

  function apply(errors: readonly UserError[]): void {
    clear();
    const mapped = mapUserErrors(errors, props());
    Object.assign(fieldErrors, mapped.fieldErrors);
    formErrors.value = mapped.formErrors;
  }

  return { fieldErrors, formErrors, apply, clear };
}
