import 'reflect-metadata';
import { PersonalDataCipher, loadDistrictClock, withTenant } from '@xiaoyuan/schema';
import type { MikroORM } from '@mikro-orm/postgresql';
import { cpus, loadavg } from 'node:os';
import { startWorkerService, type WorkerService } from '../src/engine/worker-service';
import { silentLogger } from '../src/engine/logger';
import { recomputeKpis } from '../src/kpi/kpi-engine';
import {
  TEST_ENCRYPTION_KEY,
  createDistrict,
  createTestDatabase,
  openAppOrm,
  removeQueueKeys,
  testEnv,
  uniquePrefix,
  type TestDatabase,
} from '../test/support/test-environment';
import { WebhookReceiver } from '../test/support/webhook-receiver';

/*
 * `npm run bench:webhooks` (from the repository root or the worker): webhook delivery through one
 * in-process worker (the relay, the deliver-webhook job, undici) to local receivers on 127.0.0.1,
 * in a fresh database and queue prefix:
 * (b) alert opened → delivery received: one recompute opens 1,000 alerts (1,000 courtyards, each
 *     RED on participation) in one transaction; latency from its commit to each receipt, p50/p95;
 * (c) throughput: 5,000 deliveries to one fast webhook, written in one transaction; deliveries/s
 *     from the commit to the last SUCCEEDED;
 * (d) isolation: one webhook whose receiver takes 5 s per answer has 200 deliveries in flight; 100
 *     deliveries to another webhook are written 0.5 s later; their latency, p50/p95.
 * A benchmark, not a test: it prints a markdown table and asserts nothing. BENCH_VERBOSE=1 logs
 * each job with the time since start; BENCH_WEBHOOK_ALERTS / BENCH_WEBHOOK_DELIVERIES change the sizes.
 */

const COURTYARDS = Number(process.env.BENCH_WEBHOOK_ALERTS ?? 1000);
const THROUGHPUT = Number(process.env.BENCH_WEBHOOK_DELIVERIES ?? 5000);
const log = (line: string) => console.error(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * values.length) - 1)];
const cipher = new PersonalDataCipher(TEST_ENCRYPTION_KEY);

async function webhook(orm: MikroORM, tenantId: string, url: string): Promise<string> {
  const [row] = await withTenant(orm.em, { tenantId }, (em) =>
    em.execute<{ id: string }[]>(
      `insert into webhooks (tenant_id, url, events, format, signing_secret_enc)
       values (?, ?, '{ALERT_OPENED,ALERT_ESCALATED,ALERT_RESOLVED,PERIOD_CLOSED}', 'GENERIC', ?) returning id`,
      [tenantId, url, cipher.encrypt('whsec_bench')],
    ),
  );
  return row.id;
}

/** `count` deliveries of a webhook in one transaction; resolves at commit with its time. */
async function deliveries(orm: MikroORM, tenantId: string, webhookId: string, count: number): Promise<number> {
  await withTenant(orm.em, { tenantId }, (em) =>
    em.execute(
      `insert into webhook_deliveries (tenant_id, webhook_id, event, payload)
       select ?, ?, 'ALERT_OPENED', jsonb_build_object('occurredAt', now(), 'district', jsonb_build_object('id', 'x', 'code', 'bench'), 'data', jsonb_build_object('n', n))
         from generate_series(1, ?) n`,
      [tenantId, webhookId, count],
    ),
  );
  return Date.now();
}

async function settledCount(orm: MikroORM, tenantId: string, webhookId: string): Promise<number> {
  const [row] = await withTenant(orm.em, { tenantId }, (em) =>
    em.execute<{ count: number }[]>(
      `select count(*)::int as count from webhook_deliveries where webhook_id = ? and status <> 'PENDING'`,
      [webhookId],
    ),
  );
  return row.count;
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A district of `count` courtyards, each with 10 households, enrolled, 1 of 10 attending in 2025-03 (RED). */
async function alertDistrict(orm: MikroORM, count: number): Promise<string> {
  const tenantId = await createDistrict(orm, 'hooks');
  await withTenant(orm.em, { tenantId }, async (em) => {
    const [street] = await em.execute<{ id: string }[]>(
      `insert into streets (tenant_id, code, name) values (?, 'S1', '东城街道') returning id`,
      [tenantId],
    );
    const [community] = await em.execute<{ id: string }[]>(
      `insert into communities (tenant_id, street_id, code, name) values (?, ?, 'M1', '和平社区') returning id`,
      [tenantId, street.id],
    );
    const [plan] = await em.execute<{ id: string }[]>(
      `insert into rollout_plans (tenant_id, name, starts_on) values (?, '计划', '2025-01-01') returning id`,
      [tenantId],
    );
    await em.execute(
      `insert into courtyards (tenant_id, street_id, community_id, code, name, type, household_count)
       select ?, ?, ?, 'Y' || n, '小院' || n, 'OLD_COMPOUND', 10 from generate_series(1, ?) n`,
      [tenantId, street.id, community.id, count],
    );
    await em.execute(
      `insert into households (tenant_id, courtyard_id, code)
       select c.tenant_id, c.id, 'h' || lpad(n::text, 2, '0') from courtyards c, generate_series(1, 10) n`,
    );
    await em.execute(
      `insert into enrollments (tenant_id, plan_id, courtyard_id, batch, enrolled_on)
       select tenant_id, ?, id, 1, '2024-12-01' from courtyards`,
      [plan.id],
    );
    await em.execute(
      `insert into committee_elections (tenant_id, courtyard_id, elected_on) select tenant_id, id, '2024-12-01' from courtyards`,
    );
    await em.execute(
      `insert into institutions (tenant_id, courtyard_id, kind, adopted_on)
       select c.tenant_id, c.id, kind, '2024-12-01' from courtyards c,
              unnest(array['RESPONSIBILITY_LIST', 'CONVENTION', 'DELIBERATION_RULES', 'FINANCIAL_RULES', 'SUPERVISORY_BOARD']) kind`,
    );
    await em.execute(
      `with written as (
         insert into activities (tenant_id, courtyard_id, kind, title, held_on)
         select tenant_id, id, 'CULTURAL', '活动', '2025-03-10' from courtyards returning id, courtyard_id)
       insert into activity_attendance (tenant_id, activity_id, household_id, participants, youth_participants)
       select ?, w.id, h.id, 1, 1 from written w join households h on h.courtyard_id = w.courtyard_id and h.code = 'h01'`,
      [tenantId],
    );
  });
  return tenantId;
}

async function main(): Promise<void> {
  const started = Date.now();
  const database: TestDatabase = await createTestDatabase();
  const orm = await openAppOrm(database);
  const prefix = uniquePrefix();
  let service: WorkerService | undefined;
  const receivers: WebhookReceiver[] = [];
  const rows: string[][] = [];
  try {
    const t0 = Date.now();
    const verbose = process.env.BENCH_VERBOSE
      ? {
          info: (line: string) => log(`${Date.now() - t0} ${line}`),
          warn: (line: string) => log(`${Date.now() - t0} ${line}`),
          error: (line: string) => log(`${Date.now() - t0} ${line}`),
        }
      : silentLogger;
    const concurrencyPerWebhook = Number(process.env.BENCH_WEBHOOK_CONCURRENCY) || undefined;
    service = await startWorkerService(testEnv(database, prefix), {
      log: verbose,
      webhooks: { concurrencyPerWebhook },
    });

    // (b) alert opened → delivery received
    log(`(b) ${COURTYARDS} courtyards...`);
    const tenantId = await alertDistrict(orm, COURTYARDS);
    const alertsReceiver = await WebhookReceiver.start();
    receivers.push(alertsReceiver);
    await webhook(orm, tenantId, alertsReceiver.url());
    const result = await withTenant(orm.em, { tenantId }, async (em) =>
      recomputeKpis(em, {
        tenantId,
        period: '2025-03',
        clock: await loadDistrictClock(em, tenantId, () => new Date('2026-01-15T04:00:00Z')),
      }),
    );
    const committed = Date.now();
    log(`${committed - t0} recompute committed`);
    const opened = result.alerts?.opened ?? 0;
    await waitUntil(() => alertsReceiver.requests.length >= opened, 120_000, 'the alert deliveries');
    const latencies = alertsReceiver.requests.map((request) => request.at - committed);
    rows.push([
      `(b) alert opened → delivery received (${opened} alerts, one recompute)`,
      `p50 ${percentile(latencies, 0.5)} ms, p95 ${percentile(latencies, 0.95)} ms, last ${Math.max(...latencies)} ms`,
      'p95 ≤ 2 s',
    ]);

    // (c) deliveries/s to a fast receiver
    log(`(c) ${THROUGHPUT} deliveries...`);
    const fast = await WebhookReceiver.start();
    receivers.push(fast);
    const fastHook = await webhook(orm, tenantId, fast.url());
    const start = await deliveries(orm, tenantId, fastHook, THROUGHPUT);
    await waitUntil(async () => (await settledCount(orm, tenantId, fastHook)) >= THROUGHPUT, 300_000, 'throughput');
    const seconds = (Date.now() - start) / 1000;
    rows.push([
      `(c) throughput to one fast webhook, one worker (${THROUGHPUT} deliveries)`,
      `${Math.round(THROUGHPUT / seconds)} deliveries/s (${seconds.toFixed(2)} s)`,
      '≥ 500/s',
    ]);

    // (d) a slow receiver does not delay another webhook
    log('(d) slow and fast receivers...');
    // the same 100 deliveries to a webhook of their own, first with nothing else in flight
    const alone = await WebhookReceiver.start();
    receivers.push(alone);
    const aloneHook = await webhook(orm, tenantId, alone.url());
    const aloneStart = await deliveries(orm, tenantId, aloneHook, 100);
    await waitUntil(() => alone.requests.length >= 100, 60_000, 'the webhook alone');
    const aloneLatencies = alone.requests.map((request) => request.at - aloneStart);
    const slow = await WebhookReceiver.start(() => ({ status: 200, delayMs: 5_000 }));
    receivers.push(slow);
    const slowHook = await webhook(orm, tenantId, slow.url());
    await deliveries(orm, tenantId, slowHook, 200);
    await sleep(500);
    const other = await WebhookReceiver.start();
    receivers.push(other);
    const otherHook = await webhook(orm, tenantId, other.url());
    const otherStart = await deliveries(orm, tenantId, otherHook, 100);
    await waitUntil(() => other.requests.length >= 100, 60_000, 'the other webhook');
    const otherLatencies = other.requests.map((request) => request.at - otherStart);
    rows.push([
      '(d) another webhook while one receiver takes 5 s per answer (200 in flight; 100 deliveries)',
      `p50 ${percentile(otherLatencies, 0.5)} ms, p95 ${percentile(otherLatencies, 0.95)} ms (alone, before: p50 ${percentile(aloneLatencies, 0.5)} ms, p95 ${percentile(aloneLatencies, 0.95)} ms); slow one: ${slow.requests.length} requests open`,
      'not delayed by the slow one',
    ]);

    const load = loadavg()
      .map((value) => value.toFixed(1))
      .join(' / ');
    console.log(
      `\n## Webhook delivery (npm run bench:webhooks, ${cpus().length} CPUs, load average ${load}, ${new Date().toISOString().slice(0, 10)})\n`,
    );
    console.log('| measure | result | goal |');
    console.log('|---|---|---|');
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    console.log(`\n(total ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    await service?.stop(1_000);
    for (const receiver of receivers) await receiver.close();
    await removeQueueKeys(prefix);
    await orm.close(true);
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
