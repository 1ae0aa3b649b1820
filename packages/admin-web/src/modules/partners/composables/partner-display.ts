import type { DeliveryStatus, WebhookFormat } from '@/graphql/generated/graphql';

/** Element Plus tag type of a delivery's status. */
export const DELIVERY_STATUS_TAG: Readonly<Record<DeliveryStatus, 'info' | 'success' | 'danger'>> = {
  PENDING: 'info',
  SUCCEEDED: 'success',
  FAILED: 'danger',
};

/** The robot formats that may carry a signing secret of the robot's own (DOMAIN.md §11). */
const ROBOT_SECRET_FORMATS: readonly WebhookFormat[] = ['DINGTALK', 'FEISHU'];

/** Whether the form asks for a robot secret: DingTalk and Feishu sign, WeCom does not, GENERIC gets ours. */
export const takesRobotSecret = (format: WebhookFormat): boolean => ROBOT_SECRET_FORMATS.includes(format);

/** The attempt errors the worker reports, each with a translation under `deliveryErrors`. */
const DELIVERY_ERRORS = ['TIMEOUT', 'CONNECTION_FAILED', 'ADDRESS_NOT_ALLOWED', 'HTTP_STATUS', 'ROBOT_ERROR'];

/** An attempt's error in words; one the app does not know is shown as it is. */
export function deliveryErrorLabel(error: string | null | undefined, t: (key: string) => string): string {
  if (!error) return '—';
  return DELIVERY_ERRORS.includes(error) ? t(`deliveryErrors.${error}`) : error;
}

/** How a webhook is named in lists and confirmations: its name, else its URL. */
export const webhookTitle = (webhook: { name?: string | null; url: string }): string => webhook.name || webhook.url;

/** A delivery's JSON body indented for reading; anything else as it is. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
