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
    if (error.code === 'PASSWORD_CHANGE_REQUIRED') return t('errors.passwordChangeRequired');
    if (error.code === 'TIMEOUT') return t('errors.timeout');
    if (error.code === 'SERVICE_UNAVAILABLE') return t('errors.serviceUnavailable');
    if (error.code === 'RATE_LIMITED') {
      const seconds = Number(error.extensions.retryAfterSeconds);
      if (Number.isFinite(seconds) && seconds > 0) return t('errors.rateLimited', { minutes: Math.ceil(seconds / 60) });
    }
    return t('errors.request', { message: error.message });
  }
  return t('errors.request', { message: error instanceof Error ? error.message : String(error) });
}

export function showRequestError(error: unknown): void {
  ElMessage.error({ message: requestErrorMessage(error), grouping: true });
}
