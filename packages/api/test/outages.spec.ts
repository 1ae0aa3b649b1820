import { localDate, QUEUES, startTemporaryPostgres, startTemporaryRedis, type TemporaryServer } from '@xiaoyuan/schema';
import { silentLogger, startWorkerService, type WorkerService } from '@xiaoyuan/worker/testing';
import { createDistrictFixture, rowId, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

/*
 * Outages (issue 10), with servers of the test's own that it stops and starts: never the shared
 * PostgreSQL and Redis.
 */

const RECORD_ACTIVITY = `mutation($input: RecordActivityInput!) {
  recordActivity(input: $input) { activity { id } userErrors { field message code } }
}`;
const ME = `{ me { id } }`;

/** Polls until `read` gives a value (up to `timeoutMs`). */
async function waitFor<T>(read: () => Promise<T | null | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => null);
    if (value) return value;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function enrolFirstCourtyard(t: TestApp, a: DistrictFixture): Promise<void> {
  const today = localDate('Asia/Shanghai');
  const startsOn = `${Number(today.slice(0, 4)) - 1}-01-01`;
  const plan = await t.client.request(
    `mutation($input: CreateRolloutPlanInput!) { createRolloutPlan(input: $input) { userErrors { code message } } }`,
    { input: { name: '推进计划', startsOn } },
    { token: a.tokens.admin },
  );
  expect(plan.data!.createRolloutPlan.userErrors).toEqual([]);
  const enrolled = await t.client.request(
    `mutation($input: EnrollCourtyardsInput!) { enrollCourtyards(input: $input) { userErrors { code message } } }`,
    { input: { batch: 1, courtyardIds: [a.courtyards[0]], enrolledOn: startsOn } },
    { token: a.tokens.admin },
  );
  expect(enrolled.data!.enrollCourtyards.userErrors).toEqual([]);
}

describe('a Redis outage', () => {
  let redis: TemporaryServer;
  let t: TestApp;
  let a: DistrictFixture;
  let worker: WorkerService | undefined;

  beforeAll(async () => {
    redis = await startTemporaryRedis();
    t = await startTestApp({ redisUrl: redis.url });
    a = await createDistrictFixture(t.client, 'ro');
    await enrolFirstCourtyard(t, a);
    worker = await startWorkerService(t.env, {
      queues: [QUEUES.kpi],
      log: silentLogger,
      kpiRefresh: { sweepIntervalMs: 60_000, graceMs: 300 },
    });
  }, 60_000);

  let closed = false;

  /** A community worker records an activity of today in the first courtyard. */
  const recordActivityToday = (title: string, attendance: { householdCode: string }[]) =>
    t.client.request(
      RECORD_ACTIVITY,
      {
        input: {
          courtyardId: a.courtyards[0],
          kind: 'CULTURAL',
          title,
          heldOn: localDate('Asia/Shanghai'),
          attendance,
        },
      },
      { token: a.tokens.communityWorker },
    );

  afterAll(async () => {
    // the last test closes them; not when a test before it failed
    if (!closed) {
      await worker?.stop(5_000);
      await t?.close();
    }
    await redis?.destroy();
  });

  it('a record saved while Redis is stopped refreshes its KPIs once Redis returns', async () => {
    const tenantId = rowId(a.id);
    const courtyard = rowId(a.courtyards[0]);
    const month = localDate('Asia/Shanghai').slice(0, 7);
    const participation = () =>
      t.sql(
        `select value::float8 as value from kpi_snapshots where tenant_id = $1 and scope_level = 'COURTYARD' and scope_id = $2 and period = $3 and kpi = 'PARTICIPATION_RATE'`,
        [tenantId, courtyard, month],
      );
    // the enrolment's refresh ran: the courtyard has no participation yet
    await waitFor(async () =>
      (await t.sql(`select 1 from kpi_refresh_requests where enqueued_at is null`)).length === 0 &&
      (await participation()).length
        ? true
        : null,
    );
    expect(await participation()).toEqual([{ value: 0 }]);

    await redis.stop();
    const result = await recordActivityToday('邻里节', [{ householdCode: '1-101' }]);
    // the mutation succeeds; its refresh waits in the outbox
    expect(result.data!.recordActivity).toEqual({ activity: { id: expect.any(String) }, userErrors: [] });
    const pending = await t.sql(`select job_id from kpi_refresh_requests where enqueued_at is null`);
    expect(pending).toHaveLength(2);
    // past the relay's grace period, with Redis still down, nothing is lost or enqueued
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await t.sql(`select job_id from kpi_refresh_requests where enqueued_at is null`)).toEqual(pending);

    await redis.start();
    // the worker's relay hears Redis return and enqueues them; the worker computes the KPI
    const [row] = await waitFor(async () => {
      const rows = await participation();
      return rows[0]?.value === 0.1 ? rows : null;
    });
    // one household of the courtyard's 10 took part
    expect(row.value).toBe(0.1);
    expect(await t.sql(`select job_id from kpi_refresh_requests where enqueued_at is null`)).toEqual([]);
  }, 60_000);

  it('the API and the worker close while Redis is down (their connections between reconnection attempts)', async () => {
    await redis.stop();
    // a request that used the queues while Redis was away
    const result = await recordActivityToday('二次停机', []);
    expect(result.data!.recordActivity.userErrors).toEqual([]);
    // each resolves, within the test's timeout: closing waits for nothing Redis would have to answer
    closed = true;
    await expect(Promise.all([worker!.stop(5_000), t.close()])).resolves.toEqual([undefined, undefined]);
  });
});

describe('a PostgreSQL outage', () => {
  let postgres: TemporaryServer;
  let t: TestApp;
  let a: DistrictFixture;

  beforeAll(async () => {
    postgres = await startTemporaryPostgres();
    t = await startTestApp({ postgresServerUrl: postgres.url });
    a = await createDistrictFixture(t.client, 'po');
  }, 60_000);

  afterAll(async () => {
    await postgres?.start().catch(() => undefined);
    await t?.close().catch(() => undefined);
    await postgres?.destroy();
  });

  it('answers HTTP 503 SERVICE_UNAVAILABLE with Retry-After while PostgreSQL is down, then recovers', async () => {
    expect((await t.client.request(ME, {}, { token: a.tokens.admin })).data!.me).toEqual({ id: expect.any(String) });
    await postgres.stop();
    try {
      const response = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${a.tokens.admin}` },
        body: JSON.stringify({ query: ME }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
      expect(body.errors.map((error) => error.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);

      // a mutation too, and a download
      const mutation = await t.client.request(
        RECORD_ACTIVITY,
        {
          input: {
            courtyardId: a.courtyards[0],
            kind: 'CULTURAL',
            title: '邻里节',
            heldOn: '2026-11-02',
            attendance: [],
          },
        },
        { token: a.tokens.admin },
      );
      expect([mutation.status, mutation.errors?.map((error) => error.extensions?.code)]).toEqual([
        503,
        ['SERVICE_UNAVAILABLE'],
      ]);
      const download = await fetch(`${t.url}/imports/templates/courtyards.csv`, {
        headers: { authorization: `Bearer ${a.tokens.admin}` },
      });
      expect([download.status, download.headers.get('retry-after')]).toEqual([503, '5']);
    } finally {
      await postgres.start();
    }
    // the pool reconnects: the next request is answered
    const after = await waitFor(async () => (await t.client.request(ME, {}, { token: a.tokens.admin })).data?.me);
    expect(after).toEqual({ id: expect.any(String) });
  }, 60_000);
});
