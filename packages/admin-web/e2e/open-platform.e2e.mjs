// Browser test of 开放平台 (DOMAIN.md §10): the district admin creates an API client and sees its key
// once (and the key works as a partner's Bearer token), creates a GENERIC webhook pointing to an
// http receiver this test runs on 127.0.0.1 and sees its signing secret once, clicks 发送测试, and
// within seconds sees the delivery SUCCEEDED in the delivery log while the receiver got a POST
// whose X-Xiaoyuan-Signature checks out with that secret.
//
//   node packages/admin-web/e2e/open-platform.e2e.mjs
//   BASE_URL=http://localhost:4000 E2E_EMAIL=… E2E_PASSWORD=… node packages/admin-web/e2e/open-platform.e2e.mjs
//
// Without BASE_URL it starts its own stack from the built packages (packages/*/dist, see
// support/harness.mjs): a fresh database, the migration, the API and the worker (which must listen
// on the `webhooks` queue to deliver), and a district created by the platform admin; it stops them
// and drops the database at the end, also on failure. With BASE_URL the server's own worker
// delivers, and the server must accept plain-http loopback webhook URLs (not NODE_ENV=production).
// Needs Debian's Chromium at /usr/bin/chromium (CHROMIUM_PATH overrides).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import {
  ACTION_TIMEOUT,
  byTest,
  expectText,
  fill,
  graphql,
  log,
  login,
  onCleanup,
  runE2E,
  signIn,
  sleep,
  suffix,
} from './support/harness.mjs';

/** How long the worker may take to deliver the test event (its first attempt is immediate). */
const DELIVERY_TIMEOUT = 45_000;
const SIGNATURE_HEADER = 'x-xiaoyuan-signature';

// ---------------------------------------------------------------- the webhook receiver

/** An http server on 127.0.0.1 that answers 204 to every request and keeps what it got. */
async function startReceiver() {
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  onCleanup(() => new Promise((resolve) => server.close(() => resolve())));
  const { port } = server.address();
  log(`webhook receiver on http://127.0.0.1:${port}`);
  return { url: `http://127.0.0.1:${port}/hooks/${suffix}`, received };
}

/** §10's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the signing secret. */
function checkSignature(header, body, secret) {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) throw new Error(`malformed ${SIGNATURE_HEADER}: ${JSON.stringify(header)}`);
  const [, timestamp, signature] = match;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex')))
    throw new Error(`${SIGNATURE_HEADER} does not match the signing secret shown at creation`);
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) throw new Error(`signature time ${timestamp} is off`);
}

// ---------------------------------------------------------------- the flow

async function flow({ target, page, step, snapshot }) {
  const { baseUrl, email, password } = target;
  const receiver = await startReceiver();
  const clientName = `议事小程序 ${suffix}`;
  const webhookName = `合作方系统 ${suffix}`;
  const visible = (name) => page.locator(`${byTest(name)}:visible`);
  let apiKey = '';
  let signingSecret = '';

  /** The secret of the secret-once dialog, checked and closed; it must be gone from the page after. */
  async function takeSecretOnce(pattern) {
    const dialog = visible('secret-dialog');
    await dialog.waitFor();
    await expectText(dialog.locator(byTest('secret-warning')), '只显示这一次');
    const secret = await dialog.locator(`input${byTest('secret-value')}`).inputValue();
    if (!pattern.test(secret)) throw new Error(`the dialog shows ${JSON.stringify(secret)}, not ${pattern}`);
    await dialog.locator(byTest('secret-copy')).click();
    await page
      .locator('.el-message')
      .filter({ hasText: /已复制到剪贴板|无法自动复制/ })
      .first()
      .waitFor();
    await snapshot(`secret-${secret.slice(0, 4)}`);
    await dialog.locator(byTest('secret-done')).click();
    await dialog.waitFor({ state: 'hidden' });
    if ((await page.content()).includes(secret)) throw new Error('the secret is still in the page after closing');
    return secret;
  }

  await step('signs in as the district admin and opens 开放平台 from the menu', async () => {
    await signIn(page, baseUrl, email, password);
    await expectText(page.locator(byTest('menu-open-platform')), '开放平台');
    await page.locator(byTest('menu-open-platform')).click();
    await page.locator(byTest('open-platform-page')).waitFor();
    await page.locator(byTest('api-clients-tab')).waitFor();
  });

  await step('creates an API client and sees its key once', async () => {
    await page.locator(byTest('api-client-new')).click();
    const dialog = visible('api-client-dialog');
    await dialog.waitFor();
    await fill(page, 'api-client-name', clientName);
    await dialog.locator(byTest('api-client-scope-KPI_READ')).click();
    await dialog.locator(byTest('api-client-scope-ALERTS_READ')).click();
    await dialog.locator(byTest('api-client-submit')).click();
    apiKey = await takeSecretOnce(/^xyk_[A-Za-z0-9_-]{32,}$/);
    const row = page.locator(`${byTest('api-client-table')} tr`, { hasText: clientName });
    await expectText(row.locator(byTest('api-client-status')), '有效');
    await expectText(row, '读取预警');
  });

  await step('the key shown is a working partner key (Bearer xyk_…)', async () => {
    const { district } = await graphql(baseUrl, '{ district { id name } }', {}, apiKey);
    if (!district?.id) throw new Error(`the key reads no district: ${JSON.stringify(district)}`);
  });

  await step('the API offers the webhook operations (issue 9)', async () => {
    const token = await login(baseUrl, email, password);
    try {
      await graphql(baseUrl, '{ webhooks(first: 1) { totalCount } }', {}, token);
    } catch (error) {
      throw new Error(`the API at ${baseUrl} has no webhooks yet (merge the webhook API first): ${error.message}`, {
        cause: error,
      });
    }
  });

  await step('creates a GENERIC webhook to the local receiver and sees its signing secret once', async () => {
    await page.locator('#tab-webhooks').click();
    await page.locator(byTest('webhooks-tab')).waitFor();
    await page.locator(byTest('webhook-new')).click();
    const dialog = visible('webhook-dialog');
    await dialog.waitFor();
    await fill(page, 'webhook-name', webhookName);
    await fill(page, 'webhook-url', receiver.url);
    if ((await dialog.locator(byTest('webhook-secret')).count()) !== 0)
      throw new Error('GENERIC asks for a robot secret');
    await dialog.locator(byTest('webhook-event-ALERT_OPENED')).click();
    await dialog.locator(byTest('webhook-event-ALERT_RESOLVED')).click();
    await dialog.locator(byTest('webhook-submit')).click();
    signingSecret = await takeSecretOnce(/^whsec_[A-Za-z0-9_-]{32,}$/);
    const row = page.locator(`${byTest('webhook-table')} tr`, { hasText: webhookName });
    await expectText(row.locator(byTest('webhook-row-url')), receiver.url);
    await expectText(row.locator(byTest('webhook-status')), '启用中');
  });

  await step('sends a test event: the delivery log opens with it', async () => {
    const row = page.locator(`${byTest('webhook-table')} tr`, { hasText: webhookName });
    await row.locator(byTest('webhook-send-test')).click();
    const dialog = visible('webhook-test-dialog');
    await dialog.waitFor();
    await dialog.locator(byTest('webhook-test-event-ALERT_OPENED')).click();
    await dialog.locator(byTest('webhook-test-submit')).click();
    await dialog.waitFor({ state: 'hidden' });
    const drawer = visible('delivery-drawer');
    await drawer.waitFor();
    await expectText(drawer.locator(byTest('delivery-drawer-webhook')), webhookName);
    await drawer.locator(byTest('delivery-test')).first().waitFor();
    await expectText(drawer.locator(byTest('delivery-event')), '生成预警');
  });

  await step('within seconds the delivery is SUCCEEDED in the log, its attempt logged', async () => {
    if (target.workerProblem) throw new Error(`no worker delivers webhooks: ${target.workerProblem}`);
    const drawer = visible('delivery-drawer');
    const deadline = Date.now() + DELIVERY_TIMEOUT;
    // the drawer polls by itself (every 2 s while a delivery is pending); 刷新 every 5 s besides
    for (let round = 1; Date.now() < deadline; round += 1) {
      if (await drawer.locator(byTest('delivery-status-SUCCEEDED')).count()) break;
      if (await drawer.locator(byTest('delivery-status-FAILED')).count()) break;
      await sleep(1_000);
      if (round % 5 === 0) await drawer.locator(byTest('delivery-refresh')).click();
    }
    const row = drawer.locator(`${byTest('delivery-table')} .el-table__row`).first();
    await row.locator('.el-table__expand-icon').click();
    const detail = drawer.locator(byTest('delivery-detail')).first();
    await detail.waitFor();
    await snapshot('delivery-log');
    if (!(await drawer.locator(byTest('delivery-status-SUCCEEDED')).count())) {
      const attempts = (await detail.locator(byTest('delivery-attempts')).innerText()).replace(/\s+/g, ' ');
      throw new Error(`no SUCCEEDED delivery within ${DELIVERY_TIMEOUT / 1000}s; attempts: ${attempts}`);
    }
    await expectText(detail.locator(`${byTest('delivery-attempts')} .el-table__row`).first(), '204');
  });

  await step('the receiver got one signed POST with the event, the delivery id and the body', async () => {
    const posts = receiver.received.filter((request) => request.method === 'POST');
    if (posts.length === 0) throw new Error(`the receiver got nothing: ${JSON.stringify(receiver.received)}`);
    const [post] = posts;
    if (!new URL(post.url, 'http://x').pathname.endsWith(`/hooks/${suffix}`)) throw new Error(`posted to ${post.url}`);
    checkSignature(post.headers[SIGNATURE_HEADER], post.body, signingSecret);
    const body = JSON.parse(post.body);
    if (body.event !== 'ALERT_OPENED') throw new Error(`event ${body.event}`);
    if (post.headers['x-xiaoyuan-event'] !== 'ALERT_OPENED') throw new Error('X-Xiaoyuan-Event is missing');
    if (!body.id || post.headers['x-xiaoyuan-delivery'] !== String(body.id))
      throw new Error(`X-Xiaoyuan-Delivery ${post.headers['x-xiaoyuan-delivery']} is not the body's id ${body.id}`);
    if (!body.district?.id) throw new Error(`no district in ${post.body}`);
  });

  await step('the delivery log shows the body that was posted', async () => {
    const drawer = visible('delivery-drawer');
    const [post] = receiver.received.filter((request) => request.method === 'POST');
    await expectText(drawer.locator(byTest('delivery-body')).first(), String(JSON.parse(post.body).id));
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden', timeout: ACTION_TIMEOUT });
  });
}

await runE2E({ name: 'open-platform', worker: { queue: 'webhooks', required: false }, flow });
