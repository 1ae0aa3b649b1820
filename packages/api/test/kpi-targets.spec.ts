import { MikroORM } from '@mikro-orm/postgresql';
import {
  KPI_KEYS,
  KPI_TARGETS_RECOMPUTE_DELAY_MS,
  localDate,
  ormConfig,
  PersonalDataCipher,
  planKpiRefresh,
  QUEUES,
  spareJobId,
} from '@xiaoyuan/schema';
import { createQueueProcessor, recomputeKpisJob } from '@xiaoyuan/worker/testing';
import { Queue, Worker } from 'bullmq';
import { QueueRegistry } from '../src/engine/queues';
import type { DistrictFixture } from './helpers/fixtures';
import { startTwoDistricts, type TwoDistricts } from './helpers/two-districts';
import { PLATFORM_EMAIL, PLATFORM_PASSWORD, type TestApp } from './helpers/test-app';

// A district's KPI targets by phase (DOMAIN.md §6 "a district may override them"): the plan's
// defaults, overrides and resets by the district admin, validation by the KPI's kind, roles,
// isolation, audit, and the recompute of this year's months once a change has committed, run here
// through the worker's own recompute processor (@xiaoyuan/worker/testing).

const ROW = 'phase kpi target defaultTarget overridden updatedAt';
const KPI_TARGETS = `query KpiTargets { kpiTargets { ${ROW} } }`;
const SET = `mutation SetKpiTarget($input: SetKpiTargetInput!) {
  setKpiTarget(input: $input) { target { ${ROW} } userErrors { field message code } }
}`;
const RESET = `mutation ResetKpiTarget($input: ResetKpiTargetInput!) {
  resetKpiTarget(input: $input) { target { ${ROW} } userErrors { field message code } }
}`;
const CREATE_PLAN = `mutation($input: CreateRolloutPlanInput!) { createRolloutPlan(input: $input) { rolloutPlan { id } userErrors { code } } }`;
const ENROLL = `mutation($input: EnrollCourtyardsInput!) { enrollCourtyards(input: $input) { enrollments { batch } userErrors { code } } }`;

// the fixtures' districts keep the default time zone
const thisMonth = () => localDate('Asia/Shanghai').slice(0, 7);

describe('KPI targets', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let b: DistrictFixture;
  let ta: string;
  let tb: string;
  let queue: Queue;

  const list = async (token: string) => {
    const result = await t.client.request(KPI_TARGETS, {}, { token });
    expect(result.errors).toBeUndefined();
    return result.data!.kpiTargets as {
      phase: string;
      kpi: string;
      target: number;
      defaultTarget: number;
      overridden: boolean;
      updatedAt: string | null;
    }[];
  };
  const find = (rows: Awaited<ReturnType<typeof list>>, phase: string, kpi: string) =>
    rows.find((row) => row.phase === phase && row.kpi === kpi)!;
  const stored = (tenantId: string) =>
    t.sql<{ phase: string; kpi: string; target: number }>(
      `select phase, kpi, target::float8 as target from kpi_targets where tenant_id = $1 order by phase, kpi`,
      [tenantId],
    );

  let districts: TwoDistricts;

  beforeAll(async () => {
    districts = await startTwoDistricts('ta', 'tb');
    ({ t, a, b, ta, tb, queue } = districts);
  });

  afterAll(async () => {
    await districts?.close();
  });

  it("lists every phase × KPI with the plan's defaults, to every district role", async () => {
    const rows = await list(a.tokens.admin);
    expect(rows).toHaveLength(3 * KPI_KEYS.length);
    expect(rows.slice(0, KPI_KEYS.length).map((row) => row.kpi)).toEqual(KPI_KEYS);
    expect(rows.every((row) => !row.overridden && row.updatedAt === null && row.target === row.defaultTarget)).toBe(
      true,
    );
    // DOMAIN.md §6
    expect(find(rows, 'PILOT', 'PARTICIPATION_RATE')).toEqual({
      phase: 'PILOT',
      kpi: 'PARTICIPATION_RATE',
      target: 0.3,
      defaultTarget: 0.3,
      overridden: false,
      updatedAt: null,
    });
    expect(find(rows, 'PROMOTION', 'DISPUTE_RESOLUTION_RATE').target).toBe(0.85);
    expect(find(rows, 'CONSOLIDATION', 'SATISFACTION_SCORE').target).toBe(90);
    expect(find(rows, 'PROMOTION', 'SERVICE_RESPONSE_HOURS').target).toBe(8);
    expect(find(rows, 'PILOT', 'DISPUTE_RESOLUTION_DAYS').target).toBe(30);
    expect(find(rows, 'CONSOLIDATION', 'INSTITUTION_COMPLETENESS').target).toBe(0.95);

    for (const token of [
      a.tokens.viewer,
      a.tokens.streetOfficer,
      a.tokens.communityWorker,
      a.tokens.courtyardCommittee,
    ]) {
      expect(await list(token)).toEqual(rows);
    }
    const anonymous = await t.client.request(KPI_TARGETS);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const operator = await t.client.request(
      KPI_TARGETS,
      {},
      { token: await t.client.login(PLATFORM_EMAIL, PLATFORM_PASSWORD) },
    );
    expect(operator.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('overrides a target (upserted) and resets it to the default', async () => {
    const input = { phase: 'PROMOTION', kpi: 'PARTICIPATION_RATE', target: 0.55 };
    const set = await t.client.request(SET, { input }, { token: a.tokens.admin });
    expect(set.data!.setKpiTarget).toEqual({
      target: {
        phase: 'PROMOTION',
        kpi: 'PARTICIPATION_RATE',
        target: 0.55,
        defaultTarget: 0.4,
        overridden: true,
        updatedAt: expect.any(String),
      },
      userErrors: [],
    });
    expect(find(await list(a.tokens.viewer), 'PROMOTION', 'PARTICIPATION_RATE')).toEqual(set.data!.setKpiTarget.target);
    expect(await stored(ta)).toEqual([{ phase: 'PROMOTION', kpi: 'PARTICIPATION_RATE', target: 0.55 }]);

    // again: the same row, updated; values are kept with 4 decimals
    const again = await t.client.request(SET, { input: { ...input, target: 0.123456 } }, { token: a.tokens.admin });
    expect(again.data!.setKpiTarget.target).toMatchObject({ target: 0.1235, overridden: true });
    expect(new Date(again.data!.setKpiTarget.target.updatedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(set.data!.setKpiTarget.target.updatedAt).getTime(),
    );
    expect(await stored(ta)).toEqual([{ phase: 'PROMOTION', kpi: 'PARTICIPATION_RATE', target: 0.1235 }]);

    // a score, an "at most" KPI, and the bounds themselves
    for (const [kpi, target] of [
      ['SATISFACTION_SCORE', 100],
      ['SERVICE_RESPONSE_HOURS', 12.5],
      ['IDLE_SPACE_UTILIZATION', 0],
      ['COMMITTEE_FORMATION_RATE', 1],
    ] as const) {
      const result = await t.client.request(SET, { input: { phase: 'PILOT', kpi, target } }, { token: a.tokens.admin });
      expect(result.data!.setKpiTarget).toMatchObject({ target: { kpi, target, overridden: true }, userErrors: [] });
    }
    expect(await stored(ta)).toHaveLength(5);

    const reset = await t.client.request(
      RESET,
      { input: { phase: 'PROMOTION', kpi: 'PARTICIPATION_RATE' } },
      { token: a.tokens.admin },
    );
    expect(reset.data!.resetKpiTarget).toEqual({
      target: {
        phase: 'PROMOTION',
        kpi: 'PARTICIPATION_RATE',
        target: 0.4,
        defaultTarget: 0.4,
        overridden: false,
        updatedAt: null,
      },
      userErrors: [],
    });
    expect(find(await list(a.tokens.admin), 'PROMOTION', 'PARTICIPATION_RATE')).toEqual(
      reset.data!.resetKpiTarget.target,
    );
    expect((await stored(ta)).map((row) => row.kpi)).not.toContain('PARTICIPATION_RATE');
    // resetting a default is no error
    const twice = await t.client.request(
      RESET,
      { input: { phase: 'PROMOTION', kpi: 'PARTICIPATION_RATE' } },
      { token: a.tokens.admin },
    );
    expect(twice.data!.resetKpiTarget.userErrors).toEqual([]);
  });

  it('checks the target by the KPI kind: fractions 0–1, the score 0–100, "at most" KPIs above 0', async () => {
    const before = await stored(ta);
    const cases = [
      ['PARTICIPATION_RATE', 1.2],
      ['DISPUTE_RESOLUTION_RATE', -0.1],
      ['YOUTH_PARTICIPATION_RATE', 40],
      ['SATISFACTION_SCORE', 100.5],
      ['SATISFACTION_SCORE', -1],
      ['DISPUTE_RESOLUTION_DAYS', 0],
      ['SERVICE_RESPONSE_HOURS', -8],
      ['SERVICE_RESPONSE_HOURS', 0.00001], // 0 once stored with 4 decimals
      ['DISPUTE_RESOLUTION_DAYS', 1e9],
    ] as const;
    for (const [kpi, target] of cases) {
      const result = await t.client.request(
        SET,
        { input: { phase: 'CONSOLIDATION', kpi, target } },
        { token: a.tokens.admin },
      );
      expect({ kpi, target, payload: result.data!.setKpiTarget }).toEqual({
        kpi,
        target,
        payload: {
          target: null,
          userErrors: [{ field: ['input', 'target'], message: expect.any(String), code: 'INVALID' }],
        },
      });
    }
    const en = await t.client.request(
      SET,
      { input: { phase: 'PILOT', kpi: 'SATISFACTION_SCORE', target: 120 } },
      { token: a.tokens.admin, language: 'en' },
    );
    expect(en.data!.setKpiTarget.userErrors[0].message).toBe('The satisfaction target must be from 0 to 100');
    const zh = await t.client.request(
      SET,
      { input: { phase: 'PILOT', kpi: 'PARTICIPATION_RATE', target: 2 } },
      { token: a.tokens.admin },
    );
    expect(zh.data!.setKpiTarget.userErrors[0].message).toBe('该指标的目标值是比例，必须在 0 到 1 之间');
    const days = await t.client.request(
      SET,
      { input: { phase: 'PILOT', kpi: 'DISPUTE_RESOLUTION_DAYS', target: 0 } },
      { token: a.tokens.admin, language: 'en' },
    );
    expect(days.data!.setKpiTarget.userErrors[0].message).toContain('greater than 0');

    // not a phase or KPI, not a number: malformed input
    for (const input of [
      { phase: 'LAUNCH', kpi: 'PARTICIPATION_RATE', target: 0.5 },
      { phase: 'PILOT', kpi: 'HAPPINESS', target: 0.5 },
      { phase: 'PILOT', kpi: 'PARTICIPATION_RATE', target: '0.5' },
    ]) {
      const result = await t.client.request(SET, { input }, { token: a.tokens.admin });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await stored(ta)).toEqual(before);
  });

  it("is the district admin's only: VIEWER and scoped roles get FORBIDDEN and change nothing", async () => {
    const before = await stored(ta);
    for (const token of [
      a.tokens.viewer,
      a.tokens.streetOfficer,
      a.tokens.communityWorker,
      a.tokens.courtyardCommittee,
    ]) {
      const set = await t.client.request(
        SET,
        { input: { phase: 'PILOT', kpi: 'SATISFACTION_SCORE', target: 60 } },
        { token },
      );
      expect(set.data!.setKpiTarget).toEqual({
        target: null,
        userErrors: [{ field: ['input'], message: expect.any(String), code: 'FORBIDDEN' }],
      });
      const reset = await t.client.request(RESET, { input: { phase: 'PILOT', kpi: 'SATISFACTION_SCORE' } }, { token });
      expect(reset.data!.resetKpiTarget).toEqual({
        target: null,
        userErrors: [{ field: ['input'], message: expect.any(String), code: 'FORBIDDEN' }],
      });
    }
    const operator = await t.client.request(
      SET,
      { input: { phase: 'PILOT', kpi: 'SATISFACTION_SCORE', target: 60 } },
      {
        token: await t.client.login(PLATFORM_EMAIL, PLATFORM_PASSWORD),
      },
    );
    expect(operator.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await stored(ta)).toEqual(before);
  });

  it("keeps districts apart: A's overrides neither show in B nor are reset by B", async () => {
    const mine = await stored(ta);
    expect(mine.length).toBeGreaterThan(0);
    expect(await stored(tb)).toEqual([]);
    const rows = await list(b.tokens.admin);
    expect(rows.every((row) => !row.overridden && row.target === row.defaultTarget)).toBe(true);
    for (const { phase, kpi } of mine) {
      const reset = await t.client.request(RESET, { input: { phase, kpi } }, { token: b.tokens.admin });
      expect(reset.data!.resetKpiTarget.userErrors).toEqual([]);
    }
    expect(await stored(ta)).toEqual(mine);

    const set = await t.client.request(
      SET,
      { input: { phase: 'PILOT', kpi: 'SATISFACTION_SCORE', target: 70 } },
      { token: b.tokens.admin },
    );
    expect(set.data!.setKpiTarget.userErrors).toEqual([]);
    expect(find(await list(b.tokens.viewer), 'PILOT', 'SATISFACTION_SCORE').target).toBe(70);
    expect(find(await list(a.tokens.viewer), 'PILOT', 'SATISFACTION_SCORE').target).toBe(100);
  });

  it('audits every change and every refusal', async () => {
    const rows = await t.sql<{
      operation: string;
      actor_id: string;
      target_type: string;
      detail: Record<string, unknown>;
    }>(
      `select operation, actor_id, target_type, detail from audit_log where tenant_id = $1 and operation in ('setKpiTarget', 'resetKpiTarget') order by at`,
      [ta],
    );
    expect(rows[0]).toMatchObject({
      operation: 'setKpiTarget',
      target_type: 'KpiTarget',
      detail: { ok: true, phase: 'PROMOTION', kpi: 'PARTICIPATION_RATE', target: 0.55, previous: null, default: 0.4 },
    });
    expect(rows[1].detail).toMatchObject({ ok: true, target: 0.1235, previous: 0.55 });
    expect(rows).toContainEqual(
      expect.objectContaining({
        operation: 'resetKpiTarget',
        detail: expect.objectContaining({
          ok: true,
          phase: 'PROMOTION',
          kpi: 'PARTICIPATION_RATE',
          previous: 0.1235,
          default: 0.4,
        }),
      }),
    );
    expect(
      rows.filter((row) => row.detail.ok === false && (row.detail.userErrors as string[])[0] === 'INVALID').length,
    ).toBeGreaterThanOrEqual(9);
    expect(
      rows.filter((row) => row.detail.ok === false && (row.detail.userErrors as string[])[0] === 'FORBIDDEN'),
    ).toHaveLength(8);
    // none of A's entries is B's, and B's own change is in B's log
    expect(
      await t.sql(`select count(*)::int as n from audit_log where tenant_id = $1 and operation = 'setKpiTarget'`, [tb]),
    ).toEqual([{ n: 1 }]);
  });

  describe('recompute after a change', () => {
    let workerOrm: MikroORM;
    let worker: Worker | undefined;
    // the id the KPI-refresh planner gives the recompute after a target change
    const targetsJobId = (tenantId: string) =>
      planKpiRefresh({ cause: 'targets', tenantId, today: localDate('Asia/Shanghai') })[0].id;
    const jobId = () => targetsJobId(ta);

    beforeAll(async () => {
      workerOrm = await MikroORM.init(ormConfig(t.env.appDatabaseUrl, { ensureDatabase: false }));
    });

    afterAll(async () => {
      await worker?.close();
      await workerOrm?.close(true);
    });

    it("queues one full recompute of this year's months so far (deterministic id, delayed), after the commit", async () => {
      // the earlier changes queued it already
      const job = await queue.getJob(jobId());
      expect(job?.name).toBe('recompute-kpis');
      expect(job?.data).toEqual({ tenantId: ta, period: `${thisMonth().slice(0, 4)}-01`, through: thisMonth() });
      expect(job?.opts.delay).toBe(KPI_TARGETS_RECOMPUTE_DELAY_MS);
      expect(await queue.getJob(targetsJobId(tb))).toBeDefined();

      await queue.obliterate({ force: true });
      // a refused or invalid change queues nothing
      await t.client.request(
        SET,
        { input: { phase: 'PILOT', kpi: 'SATISFACTION_SCORE', target: 60 } },
        { token: a.tokens.viewer },
      );
      await t.client.request(
        SET,
        { input: { phase: 'PILOT', kpi: 'SATISFACTION_SCORE', target: 600 } },
        { token: a.tokens.admin },
      );
      // nor does resetting a target that is not overridden
      await t.client.request(
        RESET,
        { input: { phase: 'CONSOLIDATION', kpi: 'SATISFACTION_SCORE' } },
        { token: a.tokens.admin },
      );
      expect(await queue.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 0, active: 0 });

      // several changes in a row: one job, which reads them all when it runs
      for (const target of [0.5, 0.6]) {
        const result = await t.client.request(
          SET,
          { input: { phase: 'PILOT', kpi: 'PARTICIPATION_RATE', target } },
          { token: a.tokens.admin },
        );
        expect(result.data!.setKpiTarget.userErrors).toEqual([]);
      }
      await t.client.request(
        RESET,
        { input: { phase: 'PILOT', kpi: 'SERVICE_RESPONSE_HOURS' } },
        { token: a.tokens.admin },
      );
      expect(await queue.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 0, delayed: 1 });
      expect((await queue.getJob(jobId()))?.data.tenantId).toBe(ta);
    });

    it('a change while the recompute runs gets a second job; a finished one is replaced', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      worker = new Worker(QUEUES.kpi, () => released, {
        connection: { url: t.env.redisUrl, maxRetriesPerRequest: null },
        prefix: t.env.queuePrefix,
      });
      worker.on('error', () => undefined);
      await waitFor(async () => (await (await queue.getJob(jobId()))?.getState()) === 'active');

      await t.client.request(
        SET,
        { input: { phase: 'PILOT', kpi: 'PARTICIPATION_RATE', target: 0.65 } },
        { token: a.tokens.admin },
      );
      const again = await queue.getJob(spareJobId(jobId()));
      expect(await again?.getState()).toBe('delayed');
      // while that one waits, a further change adds nothing
      await t.client.request(
        SET,
        { input: { phase: 'PILOT', kpi: 'PARTICIPATION_RATE', target: 0.7 } },
        { token: a.tokens.admin },
      );
      expect(await queue.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 1, active: 1 });

      release();
      await waitFor(async () => (await queue.getJobCounts('completed')).completed === 2);
      await worker.close();
      worker = undefined;

      await t.client.request(
        SET,
        { input: { phase: 'PILOT', kpi: 'PARTICIPATION_RATE', target: 0.75 } },
        { token: a.tokens.admin },
      );
      expect(await queue.getJobCounts('delayed', 'completed')).toEqual({ delayed: 1, completed: 1 });
      expect(await (await queue.getJob(jobId()))?.getState()).toBe('delayed');
      await queue.obliterate({ force: true });
    });

    it("the worker's recompute stores the new target in this year's snapshots, at every level", async () => {
      const year = thisMonth().slice(0, 4);
      const plan = await t.client.request(
        CREATE_PLAN,
        { input: { name: '推进计划', startsOn: `${year}-01-01` } },
        { token: a.tokens.admin },
      );
      expect(plan.data!.createRolloutPlan.userErrors).toEqual([]);
      const enrol = await t.client.request(
        ENROLL,
        { input: { batch: 1, courtyardIds: [a.courtyards[0]], enrolledOn: `${year}-01-05` } },
        { token: a.tokens.admin },
      );
      expect(enrol.data!.enrollCourtyards.userErrors).toEqual([]);

      const processor = createQueueProcessor(QUEUES.kpi, [recomputeKpisJob], {
        em: workerOrm.em,
        cipher: new PersonalDataCipher(t.env.dataEncryptionKey),
        log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      });
      worker = new Worker(QUEUES.kpi, processor, {
        connection: { url: t.env.redisUrl, maxRetriesPerRequest: null },
        prefix: t.env.queuePrefix,
      });
      worker.on('error', () => undefined);

      // the whole year is the pilot phase
      const result = await t.client.request(
        SET,
        { input: { phase: 'PILOT', kpi: 'SATISFACTION_SCORE', target: 66 } },
        { token: a.tokens.admin },
      );
      expect(result.data!.setKpiTarget.userErrors).toEqual([]);
      const job = await waitFor(async () => {
        const found = await queue.getJob(jobId());
        return found?.finishedOn ? found : null;
      }, 60_000);
      expect(job.failedReason).toBeUndefined();

      const targets = await t.sql<{ period: string; scope_level: string; target: number }>(
        `select period, scope_level, target::float8 as target from kpi_snapshots where tenant_id = $1 and kpi = 'SATISFACTION_SCORE' order by period, scope_level`,
        [ta],
      );
      const months = Number(thisMonth().slice(5));
      const quarters = Math.ceil(months / 3);
      const periods = new Set(targets.map((row) => row.period));
      expect(periods.size).toBe(months + quarters + 1);
      expect(
        periods.has(`${year}-01`) &&
          periods.has(thisMonth()) &&
          periods.has(`${year}-Q${quarters}`) &&
          periods.has(year),
      ).toBe(true);
      expect(new Set(targets.map((row) => row.scope_level))).toEqual(
        new Set(['DISTRICT', 'STREET', 'COMMUNITY', 'COURTYARD']),
      );
      expect(targets.every((row) => row.target === 66)).toBe(true);
      // the other overrides too (PARTICIPATION_RATE 0.75 in the pilot phase), defaults elsewhere
      const participation = await t.sql(
        `select distinct target::float8 as target from kpi_snapshots where tenant_id = $1 and kpi = 'PARTICIPATION_RATE'`,
        [ta],
      );
      expect(participation).toEqual([{ target: 0.75 }]);
      const youth = await t.sql(
        `select distinct target::float8 as target from kpi_snapshots where tenant_id = $1 and kpi = 'YOUTH_PARTICIPATION_RATE'`,
        [ta],
      );
      expect(youth).toEqual([{ target: 0.15 }]);
      await worker.close();
      worker = undefined;
    });

    it('a change stands when the queue is down; its recompute waits in the outbox', async () => {
      const live = t.app.services.queues;
      const liveLog = t.app.services.log;
      const warnings: string[] = [];
      const down = new QueueRegistry('redis://127.0.0.1:1', t.env.queuePrefix, () => undefined);
      t.app.services.queues = down;
      t.app.services.log = {
        info: () => undefined,
        warn: (message: string) => warnings.push(message),
        error: () => undefined,
      } as typeof liveLog;
      try {
        const result = await t.client.request(
          SET,
          { input: { phase: 'PROMOTION', kpi: 'SELF_FUNDING_RATE', target: 0.45 } },
          { token: a.tokens.admin },
        );
        expect(result.data!.setKpiTarget).toMatchObject({ target: { target: 0.45, overridden: true }, userErrors: [] });
        expect(await stored(ta)).toContainEqual({ phase: 'PROMOTION', kpi: 'SELF_FUNDING_RATE', target: 0.45 });
        expect(warnings).toEqual([expect.stringContaining('1 recompute-kpis job(s) wait in the outbox')]);
        // the recompute waits in the outbox, as planned, for the worker's relay
        const [job] = planKpiRefresh({ cause: 'targets', tenantId: ta, today: localDate('Asia/Shanghai') });
        expect(
          await t.sql(
            `select job_id, policy from kpi_refresh_requests where tenant_id = $1 and enqueued_at is null and job_id = $2`,
            [ta, job.id],
          ),
        ).toEqual([{ job_id: job.id, policy: 'spare' }]);
      } finally {
        t.app.services.queues = live;
        t.app.services.log = liveLog;
        // closed once the attempts to reach it have settled
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await down.close();
      }
    });
  });
});

async function waitFor<T>(read: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
