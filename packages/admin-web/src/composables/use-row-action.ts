import { ElMessage, ElMessageBox } from 'element-plus';
import { ref } from 'vue';
import type { UserErrorFieldsFragment as UserError } from '@/graphql/generated/graphql';
import { i18n } from '@/i18n/i18n';
import { showRequestError } from '@/utils/request-error-message';

export interface RowActionConfirmation {
  message: string;
  /** The box's title and its confirm button. */
  title: string;
  type: 'info' | 'warning';
}

/**
 * One-click mutations on a table's rows, each after a confirmation box: `acting` holds the row's
 * id meanwhile (for its button's spinner), userErrors become an error message, and `after` runs
 * (reload the list) whatever the answer.
 */
export function useRowAction(after: () => Promise<unknown>) {
  const acting = ref<string | null>(null);

  async function run(
    rowId: string,
    confirmation: RowActionConfirmation,
    mutate: () => Promise<{ userErrors: UserError[] }>,
    success: string,
  ): Promise<void> {
    try {
      await ElMessageBox.confirm(confirmation.message, confirmation.title, {
        confirmButtonText: confirmation.title,
        cancelButtonText: i18n.global.t('common.cancel'),
        type: confirmation.type,
      });
    } catch {
      return;
    }
    acting.value = rowId;
    try {
      const payload = await mutate();
      if (payload.userErrors.length > 0) ElMessage.error(payload.userErrors.map((error) => error.message).join('; '));
      else ElMessage.success(success);
      await after();
    } catch (error) {
      showRequestError(error);
    } finally {
      acting.value = null;
    }
  }

  return { acting, run };
}
