import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'whsec_test';
const BODY = '{"id":"V2ViaG9va0RlbGl2ZXJ5OjE","event":"ALERT_OPENED"}';

describe('webhook signature (DOMAIN.md §10)', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>', () => {
    const expected = createHmac('sha256', SECRET).update(`1700000000.${BODY}`).digest('hex');
    expect(signWebhookBody(SECRET, BODY, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies its own signature within the tolerance, and nothing else', () => {
    const header = signWebhookBody(SECRET, BODY, 1_700_000_000);
    expect(verifyWebhookSignature(SECRET, header, BODY, 300, 1_700_000_100)).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, BODY, 300, 1_700_000_301)).toBe(false);
    expect(verifyWebhookSignature('other', header, BODY, 300, 1_700_000_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, `${BODY} `, 300, 1_700_000_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, 't=1700000000', BODY, 300, 1_700_000_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, undefined, BODY)).toBe(false);
    expect(verifyWebhookSignature(SECRET, 'v1=abc,t=x', BODY)).toBe(false);
  });

  it('accepts one good signature among several v1 values', () => {
    const good = signWebhookBody(SECRET, BODY, 1_700_000_000);
    const header = `t=1700000000,v1=${'0'.repeat(64)},${good.split(',')[1]}`;
    expect(verifyWebhookSignature(SECRET, header, BODY, 300, 1_700_000_000)).toBe(true);
  });
});
