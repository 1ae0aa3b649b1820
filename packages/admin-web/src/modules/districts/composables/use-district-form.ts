import type { Ref } from 'vue';
import { DEFAULT_TIMEZONE, PASSWORD_MIN_LENGTH } from '@xiaoyuan/domain';
import { useFormDialog } from '@/composables/use-form-dialog';
import { CreateDistrictDocument } from '@/graphql/districts.documents';
import { useGraphql } from '@/graphql/graphql-client';
import { codeRule, emailRule, minLengthRule, requiredRule } from '@/utils/form-rules';

/** The new-district dialog's form: the district and its first admin. */
export function useDistrictForm(visible: Ref<boolean>) {
  return useFormDialog({
    visible,
    values: () => ({ name: '', code: '', timezone: DEFAULT_TIMEZONE, adminEmail: '', adminPassword: '' }),
    rules: () => ({
      name: [requiredRule('districts.name')],
      code: [requiredRule('districts.code'), codeRule()],
      timezone: [requiredRule('districts.timezone', 'select')],
      adminEmail: [requiredRule('districts.adminEmail'), emailRule()],
      adminPassword: [
        requiredRule('districts.adminPassword'),
        minLengthRule(PASSWORD_MIN_LENGTH, 'validation.passwordLength'),
      ],
    }),
    save: async (form) =>
      (
        await useGraphql().mutate(CreateDistrictDocument, {
          input: {
            name: form.name.trim(),
            code: form.code.trim(),
            timezone: form.timezone,
            adminEmail: form.adminEmail.trim(),
            adminPassword: form.adminPassword,
          },
        })
      ).createDistrict,
  });
}

/** Time zones offered in the form; the browser's own list when it has one. */
export function timezoneOptions(): string[] {
  const withSupported = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  const zones = withSupported.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes(DEFAULT_TIMEZONE) ? zones : [DEFAULT_TIMEZONE, ...zones];
}
