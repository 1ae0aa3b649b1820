import { checkWebhookUrl, isPublicAddress, WebhookUrlError } from './webhook-url';

const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

const problem = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: WebhookUrlError) => error.problem,
  );

describe('isPublicAddress', () => {
  it.each(['8.8.8.8', '203.0.114.1', '2400:3200::1', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '224.0.0.1',
    'not-an-ip',
  ])('%s is not', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});

describe('checkWebhookUrl', () => {
  it('takes plain http and local receivers outside production', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', false)).resolves.toBeInstanceOf(URL);
  });

  it('refuses what is not an http(s) URL, or carries credentials, everywhere', async () => {
    expect(await problem(checkWebhookUrl('ftp://example.com/', false))).toBe('INVALID_URL');
    expect(await problem(checkWebhookUrl('not a url', false))).toBe('INVALID_URL');
    expect(await problem(checkWebhookUrl('https://user:pw@example.com/', false))).toBe('INVALID_URL');
  });

  it('in production: https only, and every resolved address public', async () => {
    expect(await problem(checkWebhookUrl('http://example.com/', true, resolvesTo('93.184.216.34')))).toBe(
      'HTTPS_REQUIRED',
    );
    expect(await problem(checkWebhookUrl('https://example.com/', true, resolvesTo('93.184.216.34')))).toBe('accepted');
    expect(await problem(checkWebhookUrl('https://127.0.0.1/', true))).toBe('ADDRESS_NOT_ALLOWED');
    expect(await problem(checkWebhookUrl('https://[::1]/', true))).toBe('ADDRESS_NOT_ALLOWED');
    expect(
      await problem(checkWebhookUrl('https://rebind.example/', true, resolvesTo('93.184.216.34', '10.0.0.5'))),
    ).toBe('ADDRESS_NOT_ALLOWED');
    expect(await problem(checkWebhookUrl('https://nowhere.invalid/', true, resolvesTo()))).toBe('HOST_NOT_FOUND');
  });
});
