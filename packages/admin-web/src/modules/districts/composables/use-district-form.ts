import type { FormInstance, FormRules } from 'element-plus';
import { reactive, ref } from 'vue';
import { useServerErrors } from '@/composables/use-server-errors';
import { CreateDistrictDocument } from '@/graphql/districts.documents';
import type { DistrictFieldsFragment } from '@/graphql/generated/graphql';
import { useGraphql } from '@/graphql/graphql-client';
import { codeRule, emailRule, minLengthRule, requiredRule } from '@/utils/form-rules';
import { showRequestError } from '@/utils/request-error-message';

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';
const FIELDS = ['name', 'code', 'timezone', 'adminEmail', 'adminPassword'] as const;

export function useDistrictForm() {
  const form = reactive({ name: '', code: '', timezone: DEFAULT_TIMEZONE, adminEmail: '', adminPassword: '' });
  const submitting = ref(false);
  const serverErrors = useServerErrors(() => FIELDS);

  const rules: FormRules = {
    name: [requiredRule('districts.name')],
    code: [requiredRule('districts.code'), codeRule()],
    timezone: [requiredRule('districts.timezone', 'select')],
    adminEmail: [requiredRule('districts.adminEmail'), emailRule()],
    adminPassword: [requiredRule('districts.adminPassword'), minLengthRule(8, 'validation.passwordLength')],
  };

  function reset(): void {
    Object.assign(form, { name: '', code: '', timezone: DEFAULT_TIMEZONE, adminEmail: '', adminPassword: '' });
    serverErrors.clear();
  }

  async function submit(formRef: FormInstance | undefined): Promise<DistrictFieldsFragment | null> {
    serverErrors.clear();
    if (formRef && !(await formRef.validate().catch(() => false))) return null;
    submitting.value = true;
    try {
      const { createDistrict } = await useGraphql().mutate(CreateDistrictDocument, {
        input: {
          name: form.name.trim(),
          code: form.code.trim(),
          timezone: form.timezone,
          adminEmail: form.adminEmail.trim(),
          adminPassword: form.adminPassword,
        },
      });
      if (createDistrict.userErrors.length > 0) {
        serverErrors.apply(createDistrict.userErrors);
        return null;
      }
      return createDistrict.district;
    } catch (error) {
      showRequestError(error);
      return null;
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
    reset,
    submit,
  };
}

/** Time zones offered in the form; the browser's own list when it has one. */
export function timezoneOptions(): string[] {
  const withSupported = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  const zones = withSupported.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes(DEFAULT_TIMEZONE) ? zones : [DEFAULT_TIMEZONE, ...zones];
}
