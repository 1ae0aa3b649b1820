// Webhook delivery rules (DOMAIN.md §10): what partners code against and the admin app shows.

/** A delivery's answer must come within this time (a 2xx answer is SUCCEEDED). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Seconds from one failed attempt to the next: 8 attempts in all, spread over 15 h 36 min (§10 asks
 * for at least 6 attempts over at least 6 hours). After the last one the delivery is FAILED.
 */
export const WEBHOOK_RETRY_DELAYS_SECONDS: readonly number[] = [60, 300, 1_800, 3_600, 7_200, 14_400, 28_800];

/** Attempts of one delivery before it is FAILED (a redelivery by hand is one attempt more). */
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_SECONDS.length + 1;

/** A webhook whose deliveries have failed for this long without a success in between is disabled. */
export const WEBHOOK_DISABLE_AFTER_FAILING_DAYS = 3;

/** The signing secret of a GENERIC webhook: this prefix and 43 URL-safe characters (256 bits). */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** The headers of a GENERIC delivery. */
export const WEBHOOK_HEADERS = {
  event: 'X-Xiaoyuan-Event',
  delivery: 'X-Xiaoyuan-Delivery',
  signature: 'X-Xiaoyuan-Signature',
} as const;
