import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * The signature of a GENERIC delivery (DOMAIN.md §10): the header
 * `X-Xiaoyuan-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The worker signs with `signWebhookBody`; receivers (and the partner guide) check with
 * `verifyWebhookSignature`, which is the whole recipe:
 *
 *   const [t, v1] = header.split(',').map((part) => part.split('=')[1]);
 *   const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
 *   ok = timingSafeEqual(expected, v1) && Math.abs(now - t) <= 300;
 */

/** `t=<seconds>,v1=<hex>` for `rawBody` (the exact bytes posted) at `timestampSeconds`. */
export function signWebhookBody(
  secret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): string {
  const t = Math.floor(timestampSeconds);
  const v1 = createHmac('sha256', secret).update(`${t}.${rawBody}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * Whether `header` signs `rawBody` with `secret`, made within `toleranceSeconds` of `nowSeconds`
 * (a replayed old delivery is refused). Several `v1=` values are accepted (one may match).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  rawBody: string,
  toleranceSeconds = 300,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && /^\d+$/.test(value ?? '')) timestamp = Number(value);
    else if (key === 'v1' && value) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(
    createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex'),
    'utf8',
  );
  return signatures.some((signature) => {
    const given = Buffer.from(signature, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
