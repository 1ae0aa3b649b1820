import { WEBHOOK_RETRY_DELAYS_SECONDS, WEBHOOK_TIMEOUT_MS } from '@xiaoyuan/schema';
import { WebhookSender } from './webhook-sender';

/** How the worker delivers webhooks: given to the deliver job (`JobContext.webhooks`). */
export interface WebhookSettings {
  /** production: connect to public addresses only (DOMAIN.md §10) */
  production: boolean;
  /** the admin app, for the links of robot messages */
  adminAppUrl: string;
  /** seconds before each retry (the domain's by default; tests make them short) */
  retryDelaysSeconds: readonly number[];
  /** POSTs to one webhook at once, within one job */
  concurrencyPerWebhook: number;
  sender: WebhookSender;
}

export interface WebhookSettingsInput {
  production: boolean;
  adminAppUrl: string;
  retryDelaysSeconds?: readonly number[];
  concurrencyPerWebhook?: number;
  timeoutMs?: number;
}

export function createWebhookSettings(input: WebhookSettingsInput): WebhookSettings {
  return {
    production: input.production,
    adminAppUrl: input.adminAppUrl,
    retryDelaysSeconds: input.retryDelaysSeconds ?? WEBHOOK_RETRY_DELAYS_SECONDS,
    concurrencyPerWebhook: input.concurrencyPerWebhook ?? 16,
    sender: new WebhookSender(input.production, input.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
  };
}

let fallback: WebhookSettings | undefined;

/** For a runner built without settings (another package's tests): from the process environment. */
export function defaultWebhookSettings(): WebhookSettings {
  fallback ??= createWebhookSettings({
    production: process.env.NODE_ENV === 'production',
    adminAppUrl: (process.env.ADMIN_APP_URL || 'http://localhost:4000').replace(/\/+$/, ''),
  });
  return fallback;
}
