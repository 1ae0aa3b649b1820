import { ElMessage } from 'element-plus';
import { GraphqlRequestError } from '@/graphql/graphql-client';
import { i18n } from '@/i18n/i18n';

/** A readable, translated message for an error that no form field can carry. */
export function requestErrorMessage(error: unknown): string {
  const t = i18n.global.t;
  if (error instanceof GraphqlRequestError) {
    if (error.code === 'NETWORK_ERROR') return t('errors.network');
    if (error.code === 'UNAUTHENTICATED') return t('errors.unauthenticated');
    if (error.code === 'FORBIDDEN') return t('errors.forbidden');
    return t('errors.request', { message: error.message });
  }
  return t('errors.request', { message: error instanceof Error ? error.message : String(error) });
}

export function showRequestError(error: unknown): void {
  ElMessage.error({ message: requestErrorMessage(error), grouping: true });
}
