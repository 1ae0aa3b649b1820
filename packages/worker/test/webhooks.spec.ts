import {
  JOBS,
  PersonalDataCipher,
  QUEUES,
  toGlobalId,
  verifyWebhookSignature,
  WEBHOOK_MAX_ATTEMPTS,
  webhookBody,
} from '@xiaoyuan/schema';
import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from '../src/engine/logger';
import { WEBHOOK_RELAY_APPLICATION } from '../src/webhooks/webhook-relay';
import { AlertFixture } from './support/alert-fixture';
import { TEST_ENCRYPTION_KEY } from './support/test-environment';
import { type Answer, WebhookReceiver, waitFor } from './support/webhook-receiver';
import { WorkerHarness } from './support/worker-harness';

/*
 * Webhook delivery (DOMAIN.md §10, §11) end to end: the worker's relay hears the outbox's NOTIFY
 * (or sweeps), the deliver-webhook job posts to local receivers on 127.0.0.1 and records every
 * attempt. Retry delays are made short (half a second) through the worker's options.
 */
jest.setTimeout(60_000);

const SECRET = 'whsec_test-secret';
const cipher = new PersonalDataCipher(TEST_ENCRYPTION_KEY);
const RETRY_DELAYS = Array(WEBHOOK_MAX_ATTEMPTS - 1).fill(0.5);

let harness: WorkerHarness;
let fixture: AlertFixture;
const receivers: WebhookReceiver[] = [];

const PAYLOAD = {
  occurredAt: '2026-11-01T00:30:00.000Z',
  district: { id: 'RGlzdHJpY3Q6MQ', code: 'hooks' },
  data: {
    alert: {
      id: 'QWxlcnQ6MQ',
      kpi: 'PARTICIPATION_RATE',
      level: 'RED',
      status: 'OPEN',
      period: '2025-03',
      value: 0.1,
      target: 0.3,
      courtyard: { id: 'Q291cnR5YXJkOjE', code: 'B', name: 'B院' },
      assignedTo: { id: 'U3RyZWV0OjE', name: 'S1街道' },
    },
  },
};

async function receiver(answer?: (index: number) => Answer): Promise<WebhookReceiver> {
  const started = await WebhookReceiver.start(answer);
  receivers.push(started);
  return started;
}

async function webhook(url: string, fields: Record<string, unknown> = {}): Promise<string> {
  const row: Record<string, unknown> = {
    url,
    events: '{ALERT_OPENED,ALERT_ESCALATED,ALERT_RESOLVED,PERIOD_CLOSED}',
    format: 'GENERIC',
    signing_secret_enc: cipher.encrypt(SECRET),
    ...fields,
  };
  const names = Object.keys(row);
  const [inserted] = await fixture.tx((em) =>
    em.execute<{ id: string }[]>(
      `insert into webhooks (tenant_id, ${names.join(', ')}) values (?, ${names.map(() => '?').join(', ')}) returning id`,
      [fixture.tenantId, ...Object.values(row)],
    ),
  );
  return inserted.id;
}

async function delivery(webhookId: string, fields: Record<string, unknown> = {}): Promise<string> {
  const row: Record<string, unknown> = { event: 'ALERT_OPENED', payload: JSON.stringify(PAYLOAD), ...fields };
  const names = Object.keys(row);
  const [inserted] = await fixture.tx((em) =>
    em.execute<{ id: string }[]>(
      `insert into webhook_deliveries (tenant_id, webhook_id, ${names.join(', ')})
       values (?, ?, ${names.map(() => '?').join(', ')}) returning id`,
      [fixture.tenantId, webhookId, ...Object.values(row)],
    ),
  );
  return inserted.id;
}

interface DeliveryRow {
  id: string;
  event: string;
  payload: typeof PAYLOAD;
  status: string;
  attempts: number;
  response_status: number | null;
  next_attempt_at: Date | null;
  claimed_until: Date | null;
}

const deliveryRow = async (id: string) =>
  (await fixture.tx((em) => em.execute<DeliveryRow[]>(`select * from webhook_deliveries where id = ?`, [id])))[0];

const attemptRows = (id: string) =>
  fixture.tx((em) =>
    em.execute<{ attempt: number; response_status: number | null; error: string | null; duration_ms: number }[]>(
      `select attempt, response_status, error, duration_ms from webhook_delivery_attempts where delivery_id = ? order by attempt`,
      [id],
    ),
  );

const settled = (id: string, status = 'SUCCEEDED', timeoutMs = 15_000) =>
  waitFor(
    async () => {
      const row = await deliveryRow(id);
      return row.status === status ? row : undefined;
    },
    timeoutMs,
    `delivery ${id} ${status}`,
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const warnings: string[] = [];
const log: Logger = {
  info: () => undefined,
  warn: (line) => warnings.push(line),
  error: (line) => warnings.push(line),
};

const startWorker = (production = false) =>
  harness.startWorker({
    log,
    webhooks: { retryDelaysSeconds: RETRY_DELAYS, sweepIntervalMs: 500, production },
  });

beforeAll(async () => {
  harness = await WorkerHarness.open();
  fixture = await new AlertFixture(harness.orm, 'hooks').create({ participation: { B: { '2025-03': 1 } } });
  await startWorker();
});

afterAll(async () => {
  for (const started of receivers) await started.close();
  await harness?.close();
});

beforeEach(async () => {
  // each test sees only its own webhooks
  await fixture.tx((em) => em.execute(`update webhooks set deleted_at = now() where deleted_at is null`));
});

describe('webhook delivery (GENERIC)', () => {
  it('delivers an opened alert, signed, with the outbox body and the delivery id in a header', async () => {
    const partner = await receiver();
    const webhookId = await webhook(partner.url());
    await fixture.compute('2025-03');
    const [request] = await waitFor(async () => partner.requests.length > 0 && partner.requests, 10_000, 'a POST');
    const [row] = await fixture.tx((em) =>
      em.execute<DeliveryRow[]>(`select * from webhook_deliveries where webhook_id = ?`, [webhookId]),
    );
    const done = await settled(row.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempts: 1, response_status: 200, claimed_until: null });
    expect(request.body).toBe(webhookBody(row));
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({
      id: toGlobalId('WebhookDelivery', row.id),
      event: 'ALERT_OPENED',
      district: { id: toGlobalId('District', fixture.tenantId), code: 'hooks' },
      data: { alert: { kpi: 'PARTICIPATION_RATE', level: 'RED', courtyard: { code: 'B' } } },
    });
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Xiaoyuan-Webhooks/1',
      'x-xiaoyuan-event': 'ALERT_OPENED',
      'x-xiaoyuan-delivery': body.id,
    });
    const signature = request.headers['x-xiaoyuan-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, signature, request.body)).toBe(true);
    expect(verifyWebhookSignature('another secret', signature, request.body)).toBe(false);
    expect(await attemptRows(row.id)).toEqual([
      expect.objectContaining({ attempt: 1, response_status: 200, error: null }),
    ]);
  });

  it('retries a 500: the same delivery id and body twice, each validly signed', async () => {
    const partner = await receiver((index) => ({ status: index === 0 ? 500 : 200 }));
    const id = await delivery(await webhook(partner.url()));
    await settled(id);
    expect(partner.requests).toHaveLength(2);
    const [first, second] = partner.requests;
    expect(second.body).toBe(first.body);
    expect(first.headers['x-xiaoyuan-delivery']).toBe(toGlobalId('WebhookDelivery', id));
    expect(second.headers['x-xiaoyuan-delivery']).toBe(first.headers['x-xiaoyuan-delivery']);
    for (const request of partner.requests) {
      expect(verifyWebhookSignature(SECRET, request.headers['x-xiaoyuan-signature'] as string, request.body)).toBe(
        true,
      );
    }
    expect(second.at - first.at).toBeGreaterThanOrEqual(450);
    expect(await attemptRows(id)).toEqual([
      expect.objectContaining({ attempt: 1, response_status: 500, error: 'HTTP_STATUS 500' }),
      expect.objectContaining({ attempt: 2, response_status: 200, error: null }),
    ]);
  });

  it('is FAILED after the last attempt, with no next attempt', async () => {
    const partner = await receiver(() => ({ status: 503 }));
    const id = await delivery(await webhook(partner.url()), { attempts: WEBHOOK_MAX_ATTEMPTS - 1 });
    const row = await settled(id, 'FAILED');
    expect(row).toMatchObject({ attempts: WEBHOOK_MAX_ATTEMPTS, response_status: 503, next_attempt_at: null });
    await sleep(1_000);
    expect(partner.requests).toHaveLength(1);
  });

  it('makes exactly one attempt of a redelivery by hand (auto_retry false)', async () => {
    const partner = await receiver(() => ({ status: 500 }));
    const id = await delivery(await webhook(partner.url()), { auto_retry: false, attempts: 3 });
    await settled(id, 'FAILED');
    await sleep(1_500);
    expect(partner.requests).toHaveLength(1);
    expect(await attemptRows(id)).toEqual([expect.objectContaining({ attempt: 4, response_status: 500 })]);
  });

  it('goes through every attempt with the injected delays, then FAILED', async () => {
    const partner = await receiver(() => ({ status: 500 }));
    const id = await delivery(await webhook(partner.url()));
    await settled(id, 'FAILED', 30_000);
    expect(partner.requests).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    expect((await attemptRows(id)).map((row) => row.attempt)).toEqual(
      Array.from({ length: WEBHOOK_MAX_ATTEMPTS }, (_, index) => index + 1),
    );
  });

  it('disables a webhook failing for more than 3 days and fails its other pending deliveries', async () => {
    const partner = await receiver(() => ({ status: 500 }));
    const webhookId = await webhook(partner.url(), { failing_since: new Date(Date.now() - 3 * 86_400_000 - 60_000) });
    const later = await delivery(webhookId, { next_attempt_at: new Date(Date.now() + 3_600_000) });
    const id = await delivery(webhookId);
    await settled(id, 'FAILED');
    const [hook] = await fixture.tx((em) =>
      em.execute<{ disabled_at: Date | null; disabled_reason: string | null }[]>(
        `select disabled_at, disabled_reason from webhooks where id = ?`,
        [webhookId],
      ),
    );
    expect(hook.disabled_at).not.toBeNull();
    expect(hook.disabled_reason).toBe('连续 3 天投递失败，已自动停用');
    expect(await deliveryRow(later)).toMatchObject({ status: 'FAILED', attempts: 0, next_attempt_at: null });
  });

  it('keeps failing_since while failing and clears it on a success', async () => {
    const partner = await receiver((index) => ({ status: index === 0 ? 500 : 200 }));
    const webhookId = await webhook(partner.url());
    const failingSince = async () =>
      (
        await fixture.tx((em) =>
          em.execute<{ failing_since: Date | null }[]>(`select failing_since from webhooks where id = ?`, [webhookId]),
        )
      )[0].failing_since;
    const id = await delivery(webhookId);
    await waitFor(async () => (await failingSince()) !== null, 10_000, 'failing_since');
    await settled(id);
    expect(await failingSince()).toBeNull();
  });

  it('fails the attempt, not the job, when the signing secret cannot be decrypted', async () => {
    const partner = await receiver();
    const id = await delivery(await webhook(partner.url(), { signing_secret_enc: 'bm90IGEgc2VjcmV0' }), {
      auto_retry: false,
    });
    await settled(id, 'FAILED');
    expect(await attemptRows(id)).toEqual([
      expect.objectContaining({ attempt: 1, response_status: null, error: 'SIGNING_SECRET_UNREADABLE' }),
    ]);
    expect(partner.requests).toHaveLength(0);
  });

  it('cuts a receiver that never answers at 10 s (TIMEOUT), then retries', async () => {
    const partner = await receiver((index) => (index === 0 ? 'hang' : { status: 200 }));
    const id = await delivery(await webhook(partner.url()));
    await settled(id, 'SUCCEEDED', 20_000);
    const [timedOut, answered] = await attemptRows(id);
    expect(timedOut).toMatchObject({ attempt: 1, response_status: null });
    expect(timedOut.error).toMatch(/^TIMEOUT/);
    expect(timedOut.duration_ms).toBeGreaterThanOrEqual(9_900);
    expect(timedOut.duration_ms).toBeLessThan(11_000);
    expect(answered).toMatchObject({ attempt: 2, response_status: 200 });
  });
});

describe('work-chat robots (DOMAIN.md §11)', () => {
  const ok = (body: object) => () => ({ status: 200, body: JSON.stringify(body) });

  it('WeCom: a markdown message in Chinese, unsigned', async () => {
    const robot = await receiver(ok({ errcode: 0, errmsg: 'ok' }));
    const id = await delivery(
      await webhook(robot.url('/cgi-bin/webhook/send?key=k1'), { format: 'WECOM', signing_secret_enc: null }),
    );
    await settled(id);
    const [request] = robot.requests;
    expect(request.url).toBe('/cgi-bin/webhook/send?key=k1');
    expect(request.headers['x-xiaoyuan-signature']).toBeUndefined();
    const body = JSON.parse(request.body);
    expect(Object.keys(body)).toEqual(['msgtype', 'markdown']);
    expect(body.msgtype).toBe('markdown');
    for (const text of ['新预警', 'B院（B）', '居民参与率', '10.0%', '30.0%', '红色预警', 'S1街道']) {
      expect(body.markdown.content).toContain(text);
    }
    expect(body.markdown.content).toContain('http://localhost:4000/alerts?alert=QWxlcnQ6MQ');
  });

  it('DingTalk: markdown with a title; timestamp (ms) and sign in the URL as the documented recipe computes them', async () => {
    const secret = 'SEC0123456789abcdef';
    const robot = await receiver(ok({ errcode: 0, errmsg: 'ok' }));
    const id = await delivery(
      await webhook(robot.url('/robot/send?access_token=t0k'), {
        format: 'DINGTALK',
        signing_secret_enc: cipher.encrypt(secret),
      }),
    );
    await settled(id);
    const [request] = robot.requests;
    const url = new URL(request.url, 'http://robot');
    const timestamp = url.searchParams.get('timestamp')!;
    expect(url.searchParams.get('access_token')).toBe('t0k');
    expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60_000);
    // Base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret)), URL-encoded
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(request.url).toContain(`sign=${encodeURIComponent(expected)}`);
    const body = JSON.parse(request.body);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toContain('新预警');
    expect(body.markdown.text).toContain('居民参与率');
  });

  it('Feishu: text with timestamp (s) and sign in the body, the string to sign as the HMAC key over nothing', async () => {
    const secret = 'feishu-secret';
    const robot = await receiver(ok({ code: 0, msg: 'success', data: {} }));
    const id = await delivery(
      await webhook(robot.url('/open-apis/bot/v2/hook/abc'), {
        format: 'FEISHU',
        signing_secret_enc: cipher.encrypt(secret),
      }),
    );
    await settled(id);
    const body = JSON.parse(robot.requests[0].body);
    expect(body.msg_type).toBe('text');
    expect(body.content.text).toContain('新预警');
    expect(Math.abs(Number(body.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const expected = createHmac('sha256', `${body.timestamp}\n${secret}`).update('').digest('base64');
    expect(body.sign).toBe(expected);
  });

  it('takes an error code in a 200 answer as a failed attempt (ROBOT_ERROR)', async () => {
    const robot = await receiver((index) =>
      index === 0
        ? { status: 200, body: JSON.stringify({ errcode: 93000, errmsg: 'invalid webhook url' }) }
        : { status: 200, body: JSON.stringify({ errcode: 0, errmsg: 'ok' }) },
    );
    const id = await delivery(await webhook(robot.url(), { format: 'WECOM', signing_secret_enc: null }));
    await settled(id);
    expect(await attemptRows(id)).toEqual([
      expect.objectContaining({ attempt: 1, response_status: 200, error: 'ROBOT_ERROR 93000 invalid webhook url' }),
      expect.objectContaining({ attempt: 2, response_status: 200, error: null }),
    ]);
  });
});

describe('the relay', () => {
  it('finds a due delivery that was never notified nor enqueued (the sweeper)', async () => {
    const partner = await receiver();
    const webhookId = await webhook(partner.url());
    // as the superuser with triggers off: no NOTIFY, nothing in Redis, as after a lost NOTIFY or Redis state
    const superuser = new Client({ connectionString: harness.database.url });
    await superuser.connect();
    let id: string;
    try {
      await superuser.query(`set session_replication_role = replica`);
      ({
        rows: [{ id }],
      } = await superuser.query(
        `insert into webhook_deliveries (tenant_id, webhook_id, event, payload) values ($1, $2, 'ALERT_OPENED', $3) returning id`,
        [fixture.tenantId, webhookId, JSON.stringify(PAYLOAD)],
      ));
    } finally {
      await superuser.end();
    }
    await settled(id);
    expect(partner.requests).toHaveLength(1);
  });

  it('reconnects its LISTEN connection when it is lost, with a log line, and goes on', async () => {
    const superuser = new Client({ connectionString: harness.database.url });
    await superuser.connect();
    try {
      const { rowCount } = await superuser.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()`,
        [WEBHOOK_RELAY_APPLICATION],
      );
      expect(rowCount).toBe(1);
    } finally {
      await superuser.end();
    }
    await waitFor(
      async () => warnings.some((line) => line.includes('the LISTEN connection was lost')),
      5_000,
      'the log line',
    );
    // listening again, as the application role
    await waitFor(
      async () => {
        const [row] = await harness.orm.em
          .getConnection()
          .execute<{ count: number }[]>(
            `select count(*)::int as count from pg_stat_activity where application_name = ? and datname = current_database()`,
            [WEBHOOK_RELAY_APPLICATION],
          );
        return row.count === 1;
      },
      5_000,
      'the LISTEN connection',
    );
    const partner = await receiver();
    const id = await delivery(await webhook(partner.url()));
    await settled(id);
    expect(partner.requests).toHaveLength(1);
  });

  it('sends each delivery once when several jobs list it (the claim)', async () => {
    const partner = await receiver();
    const webhookId = await webhook(partner.url());
    const ids = [await delivery(webhookId, { next_attempt_at: new Date(Date.now() + 60_000) })];
    await fixture.tx((em) =>
      em.execute(`update webhook_deliveries set next_attempt_at = now() where id = ?`, [ids[0]]),
    );
    const producer = await harness.producer(QUEUES.webhooks);
    await Promise.all(
      [1, 2, 3].map((n) =>
        producer.queue.add(
          JOBS.deliverWebhook,
          { tenantId: fixture.tenantId, webhookId, deliveryIds: ids },
          { jobId: `dup-${n}` },
        ),
      ),
    );
    await settled(ids[0]);
    await sleep(500);
    expect(partner.requests).toHaveLength(1);
  });

  it('writes PERIOD_CLOSED once per close of a month, in the close', async () => {
    const partner = await receiver();
    const webhookId = await webhook(partner.url(), { events: '{PERIOD_CLOSED}' });
    const producer = await harness.producer(QUEUES.kpi);
    for (const run of [1, 2]) {
      await producer.run(
        JOBS.monthlyClose,
        { tenantId: fixture.tenantId, month: '2025-04' },
        { jobId: `close-${run}` },
        60_000,
      );
    }
    const rows = await fixture.tx((em) =>
      em.execute<DeliveryRow[]>(`select * from webhook_deliveries where webhook_id = ?`, [webhookId]),
    );
    expect(rows).toHaveLength(1);
    await settled(rows[0].id);
    const body = JSON.parse(partner.requests[0].body);
    expect(body).toMatchObject({
      event: 'PERIOD_CLOSED',
      district: { id: toGlobalId('District', fixture.tenantId), code: 'hooks' },
      data: { period: '2025-04' },
    });
  });
});

describe('in production', () => {
  beforeAll(async () => {
    await harness.stopWorker();
    await startWorker(true);
  });

  it('refuses to connect to a private address, by name or by IP (ADDRESS_NOT_ALLOWED)', async () => {
    const partner = await receiver();
    const byName = await delivery(await webhook(partner.url('/hook', 'localhost'), { events: '{ALERT_OPENED}' }));
    const byAddress = await delivery(await webhook(partner.url(), { events: '{ALERT_OPENED}' }));
    for (const id of [byName, byAddress]) {
      await waitFor(async () => (await attemptRows(id)).length > 0, 10_000, 'an attempt');
      const [attempt] = await attemptRows(id);
      expect(attempt.response_status).toBeNull();
      expect(attempt.error).toMatch(/^ADDRESS_NOT_ALLOWED/);
    }
    expect(partner.requests).toHaveLength(0);
  });
});
