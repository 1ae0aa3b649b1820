import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  JOBS,
  KPI_KEYS,
  DistrictClock,
  localDate,
  ormConfig,
  PersonalDataCipher,
  planKpiRefresh,
  previousPeriod,
  parsePeriod,
  QUEUES,
} from '@xiaoyuan/schema';
import { createQueueProcessor, recomputeKpisJob } from '@xiaoyuan/worker/testing';
import { Queue, Worker } from 'bullmq';
import { RequestContext } from '../src/engine/context';
import { KpiRefresh } from '../src/engine/kpi-refresh';
import { QueueRegistry } from '../src/engine/queues';
import { rowId, type DistrictFixture } from './helpers/fixtures';
import { startTwoDistricts, type TwoDistricts } from './helpers/two-districts';
import type { TestApp } from './helpers/test-app';

// KPIs as read from the worker's snapshots (inserted here with SQL), their trend, recomputes
// requested by hand, and the incremental refresh after records change, end to end through the
// worker's own recompute processor (@xiaoyuan/worker/testing).

/** The id the KPI-refresh planner gives a recompute by hand. */
const manualJobId = (tenantId: string, period: string) => planKpiRefresh({ cause: 'manual', tenantId, period })[0].id;

const KPI_FIELDS = 'key value numerator denominator target status provisional computedAt previousValue change';

// the contract's operations (05-kpi-alerts.graphql), as partners send them
const DISTRICT_KPIS = `query DistrictKpis($period: Period!) {
  district {
    id
    kpis(period: $period) { key value numerator denominator target status provisional computedAt }
    streets(first: 100) {
      edges {
        node {
          id
          name
          kpis(period: $period) { key value numerator denominator target status }
          communities(first: 100) {
            edges { node { id name kpis(period: $period) { key value numerator denominator target status } } }
          }
        }
      }
    }
  }
}`;
const COURTYARD_KPIS = `query CourtyardKpis($id: ID!, $period: Period!) {
  node(id: $id) { ... on Courtyard { id name kpis(period: $period) { ${KPI_FIELDS} } } }
}`;
const KPI_TREND = `query KpiTrend($id: ID!, $key: KpiKey!, $from: Period!, $to: Period!) {
  kpiTrend(scopeId: $id, key: $key, from: $from, to: $to) { period value target status provisional }
}`;
const REQUEST_RECOMPUTE = `mutation RequestKpiRecompute($period: Period!) {
  requestKpiRecompute(input: { period: $period }) { job { id state progress } userErrors { field message code } }
}`;
const JOB = `query Job($id: ID!) { job(id: $id) { id state progress failedReason } }`;
const RECORD_ACTIVITY = `mutation($input: RecordActivityInput!) {
  recordActivity(input: $input) { activity { id } userErrors { field message code } }
}`;

describe('KPIs', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let b: DistrictFixture;
  let queue: Queue;
  /** the districts' row ids (the fixtures hold global ids) */
  let ta: string;
  let tb: string;

  let districts: TwoDistricts;

  beforeAll(async () => {
    districts = await startTwoDistricts('ka', 'kb');
    ({ t, a, b, ta, tb, queue } = districts);
  });

  afterAll(async () => {
    await districts?.close();
  });

  async function snapshot(
    tenantId: string,
    level: 'DISTRICT' | 'STREET' | 'COMMUNITY' | 'COURTYARD',
    scopeId: string,
    period: string,
    kpi: string,
    value: number | null,
    extra: {
      numerator?: number;
      denominator?: number;
      target?: number | null;
      status?: string;
      provisional?: boolean;
    } = {},
  ) {
    await t.sql(
      `insert into kpi_snapshots (tenant_id, scope_level, scope_id, period, kpi, value, numerator, denominator, target, status, provisional, computed_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '2026-11-01T00:05:00Z')
       on conflict (tenant_id, scope_level, scope_id, period, kpi) do update set value = excluded.value, status = excluded.status`,
      [
        tenantId,
        level,
        scopeId,
        period,
        kpi,
        value,
        extra.numerator ?? null,
        extra.denominator ?? null,
        extra.target === undefined ? 0.3 : extra.target,
        extra.status ?? (value === null ? 'NO_DATA' : 'GREEN'),
        extra.provisional ?? false,
      ],
    );
  }

  describe('kpis(period) from snapshots', () => {
    beforeAll(async () => {
      await snapshot(ta, 'DISTRICT', ta, '2026-10', 'PARTICIPATION_RATE', 0.35, { numerator: 35, denominator: 100 });
      await snapshot(ta, 'DISTRICT', ta, '2026-09', 'PARTICIPATION_RATE', 0.3, { numerator: 30, denominator: 100 });
      await snapshot(ta, 'DISTRICT', ta, '2026-10', 'SERVICE_RESPONSE_HOURS', 9.1, {
        numerator: 9.1,
        denominator: 10,
        target: 8,
        status: 'YELLOW',
      });
      await snapshot(ta, 'DISTRICT', ta, '2026-10', 'DISPUTE_RESOLUTION_RATE', null, {
        numerator: 0,
        denominator: 0,
        target: 0.8,
      });
      await snapshot(ta, 'STREET', rowId(a.streets[0]), '2026-10', 'PARTICIPATION_RATE', 0.25, {
        numerator: 5,
        denominator: 20,
        status: 'YELLOW',
      });
      await snapshot(ta, 'COMMUNITY', rowId(a.communities[0]), '2026-10', 'PARTICIPATION_RATE', 0.1, {
        numerator: 3,
        denominator: 30,
        status: 'RED',
      });
      await snapshot(ta, 'COMMUNITY', rowId(a.communities[2]), '2026-10', 'SATISFACTION_SCORE', 82.5, {
        numerator: 165,
        denominator: 2,
        target: null,
      });
      await snapshot(ta, 'COURTYARD', rowId(a.courtyards[0]), '2026-10', 'PARTICIPATION_RATE', 0.2, {
        numerator: 2,
        denominator: 10,
        status: 'YELLOW',
      });
      await snapshot(ta, 'COURTYARD', rowId(a.courtyards[0]), '2026-09', 'PARTICIPATION_RATE', 0.5, {
        numerator: 5,
        denominator: 10,
      });
      // district B's figures never show in A
      await snapshot(tb, 'DISTRICT', tb, '2026-10', 'PARTICIPATION_RATE', 0.99, { numerator: 99, denominator: 100 });
    });

    it('returns all ten KPIs at every level, NO_DATA with nulls where no snapshot exists (DistrictKpis)', async () => {
      const result = await t.client.request(DISTRICT_KPIS, { period: '2026-10' }, { token: a.tokens.admin });
      expect(result.errors).toBeUndefined();
      const district = result.data!.district;
      expect(district.kpis.map((kpi: { key: string }) => kpi.key)).toEqual(KPI_KEYS);
      const byKey = Object.fromEntries(district.kpis.map((kpi: { key: string }) => [kpi.key, kpi]));
      expect(byKey.PARTICIPATION_RATE).toEqual({
        key: 'PARTICIPATION_RATE',
        value: 0.35,
        numerator: 35,
        denominator: 100,
        target: 0.3,
        status: 'GREEN',
        provisional: false,
        computedAt: '2026-11-01T00:05:00.000Z',
      });
      expect(byKey.SERVICE_RESPONSE_HOURS).toMatchObject({
        value: 9.1,
        numerator: 9.1,
        denominator: 10,
        target: 8,
        status: 'YELLOW',
      });
      // a snapshot whose denominator is zero: NO_DATA, with its target
      expect(byKey.DISPUTE_RESOLUTION_RATE).toMatchObject({
        value: null,
        numerator: 0,
        denominator: 0,
        target: 0.8,
        status: 'NO_DATA',
      });
      // no snapshot at all
      expect(byKey.SATISFACTION_SCORE).toEqual({
        key: 'SATISFACTION_SCORE',
        value: null,
        numerator: null,
        denominator: null,
        target: null,
        status: 'NO_DATA',
        provisional: false,
        computedAt: null,
      });

      const streets = district.streets.edges.map((edge: any) => edge.node);
      const street1 = streets.find((street: { id: string }) => street.id === a.streets[0]);
      const street2 = streets.find((street: { id: string }) => street.id === a.streets[1]);
      expect(street1.kpis).toHaveLength(10);
      expect(street1.kpis[0]).toEqual({
        key: 'PARTICIPATION_RATE',
        value: 0.25,
        numerator: 5,
        denominator: 20,
        target: 0.3,
        status: 'YELLOW',
      });
      expect(
        street2.kpis.every((kpi: { status: string; value: null }) => kpi.status === 'NO_DATA' && kpi.value === null),
      ).toBe(true);
      const community1 = street1.communities.edges
        .map((edge: any) => edge.node)
        .find((node: { id: string }) => node.id === a.communities[0]);
      expect(community1.kpis[0]).toMatchObject({ key: 'PARTICIPATION_RATE', value: 0.1, status: 'RED' });
      const community3 = street2.communities.edges[0].node;
      // a value without a target (no plan) is GREEN with target null
      expect(community3.kpis.find((kpi: { key: string }) => kpi.key === 'SATISFACTION_SCORE')).toMatchObject({
        value: 82.5,
        target: null,
        status: 'GREEN',
      });
    });

    it("loads the snapshots of a dashboard's scopes in one query per level, not per scope", async () => {
      const spy = jest.spyOn(EntityManager.prototype, 'execute');
      try {
        const snapshotQueries = async (query: string) => {
          spy.mockClear();
          const result = await t.client.request(query, { period: '2026-10' }, { token: a.tokens.admin });
          expect(result.errors).toBeUndefined();
          return spy.mock.calls.filter(
            ([sql]) => typeof sql === 'string' && /from\s+kpi_snapshots|join kpi_snapshots/.test(sql),
          );
        };
        // the district, 2 streets and 3 communities: one statement per level of the tree (GraphQL
        // resolves a level once its parents are known), not one per unit; the contract's query asks
        // for no previousValue, so the previous period is not read
        const current = await snapshotQueries(DISTRICT_KPIS);
        expect(current).toHaveLength(3);
        expect(current[2][1]).toEqual(
          expect.arrayContaining([expect.stringMatching(/^\{"COMMUNITY","COMMUNITY","COMMUNITY"\}$/)]),
        );
        // with previousValue, each unit's previous period too, in the same statements
        const withPrevious = await snapshotQueries(
          DISTRICT_KPIS.replaceAll('kpis(period: $period) { key', 'kpis(period: $period) { previousValue key'),
        );
        expect(withPrevious).toHaveLength(3);
        expect(withPrevious[2][1]).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^\{"COMMUNITY","COMMUNITY","COMMUNITY","COMMUNITY","COMMUNITY","COMMUNITY"\}$/),
          ]),
        );
      } finally {
        spy.mockRestore();
      }
    });

    it('gives the previous period of the same kind and the change from it', async () => {
      const result = await t.client.request(
        COURTYARD_KPIS,
        { id: a.courtyards[0], period: '2026-10' },
        { token: a.tokens.courtyardCommittee },
      );
      expect(result.errors).toBeUndefined();
      const participation = result.data!.node.kpis[0];
      expect(participation).toMatchObject({
        key: 'PARTICIPATION_RATE',
        value: 0.2,
        previousValue: 0.5,
        change: -0.3,
        provisional: false,
      });
      expect(result.data!.node.kpis[1]).toMatchObject({ value: null, previousValue: null, change: null });

      const district = await t.client.request(
        `query($p: Period!) { district { kpis(period: $p) { key value previousValue change } } }`,
        { p: '2026-10' },
        { token: a.tokens.viewer },
      );
      expect(district.data!.district.kpis[0]).toEqual({
        key: 'PARTICIPATION_RATE',
        value: 0.35,
        previousValue: 0.3,
        change: 0.05,
      });
      // a quarter's previous period is the quarter before: none here
      const quarter = await t.client.request(
        `query($p: Period!) { district { kpis(period: $p) { key previousValue } } }`,
        { p: '2026-Q4' },
        { token: a.tokens.admin },
      );
      expect(quarter.data!.district.kpis[0]).toEqual({ key: 'PARTICIPATION_RATE', previousValue: null });
      // asked for through a named and an inline fragment, and `change` without `previousValue`:
      // the previous period is read all the same (it is skipped only when neither is asked for)
      const fragments = await t.client.request(
        `query($p: Period!) {
           district { kpis(period: $p) { key ...Previous } changes: kpis(period: $p) { ... on KpiValue { change } } }
         }
         fragment Previous on KpiValue { previousValue }`,
        { p: '2026-10' },
        { token: a.tokens.viewer },
      );
      expect(fragments.errors).toBeUndefined();
      expect(fragments.data!.district.kpis[0]).toEqual({ key: 'PARTICIPATION_RATE', previousValue: 0.3 });
      expect(fragments.data!.district.changes[0]).toEqual({ change: 0.05 });
    });

    it('marks periods without snapshots provisional while they are open', async () => {
      const month = localDate('Asia/Shanghai').slice(0, 7);
      const open = await t.client.request(
        `query($p: Period!) { district { kpis(period: $p) { status provisional } } }`,
        { p: month },
        { token: a.tokens.admin },
      );
      expect(open.data!.district.kpis.every((kpi: { provisional: boolean }) => kpi.provisional)).toBe(true);
      const closed = await t.client.request(
        `query($p: Period!) { district { kpis(period: $p) { status provisional } } }`,
        { p: '2020' },
        { token: a.tokens.admin },
      );
      expect(
        closed.data!.district.kpis.every(
          (kpi: { provisional: boolean; status: string }) => !kpi.provisional && kpi.status === 'NO_DATA',
        ),
      ).toBe(true);
    });

    it('shows only district A figures to district A, whatever the ids', async () => {
      const result = await t.client.request(
        `query($p: Period!) { district { kpis(period: $p) { key value } } }`,
        { p: '2026-10' },
        { token: b.tokens.admin },
      );
      expect(result.data!.district.kpis[0]).toEqual({ key: 'PARTICIPATION_RATE', value: 0.99 });
      const foreign = await t.client.request(
        COURTYARD_KPIS,
        { id: a.courtyards[0], period: '2026-10' },
        { token: b.tokens.admin },
      );
      expect(foreign.data!.node).toBeNull();
    });

    it('rejects a malformed period as BAD_USER_INPUT', async () => {
      for (const period of ['2026-13', '2026-Q5', '26', '']) {
        const result = await t.client.request(
          `query($p: Period!) { district { kpis(period: $p) { key } } }`,
          { p: period },
          { token: a.tokens.admin },
        );
        expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      }
    });
  });

  describe('kpiTrend', () => {
    beforeAll(async () => {
      const courtyard = rowId(a.courtyards[1]);
      await snapshot(ta, 'COURTYARD', courtyard, '2026-07', 'SATISFACTION_SCORE', 70, {
        numerator: 140,
        denominator: 2,
        target: 75,
        status: 'YELLOW',
      });
      await snapshot(ta, 'COURTYARD', courtyard, '2026-09', 'SATISFACTION_SCORE', 80, {
        numerator: 160,
        denominator: 2,
        target: 75,
      });
      await snapshot(ta, 'COURTYARD', courtyard, '2026-Q3', 'SATISFACTION_SCORE', 75, {
        numerator: 300,
        denominator: 4,
        target: 75,
      });
    });

    const trend = (token: string, id: string, from: string, to: string, key = 'SATISFACTION_SCORE') =>
      t.client.request(KPI_TREND, { id, key, from, to }, { token });

    it('gives every period of the range, NO_DATA where no snapshot exists', async () => {
      const result = await trend(a.tokens.communityWorker, a.courtyards[1], '2026-07', '2026-10');
      expect(result.errors).toBeUndefined();
      expect(result.data!.kpiTrend).toEqual([
        { period: '2026-07', value: 70, target: 75, status: 'YELLOW', provisional: false },
        { period: '2026-08', value: null, target: null, status: 'NO_DATA', provisional: false },
        { period: '2026-09', value: 80, target: 75, status: 'GREEN', provisional: false },
        { period: '2026-10', value: null, target: null, status: 'NO_DATA', provisional: false },
      ]);
      const quarters = await trend(a.tokens.admin, a.courtyards[1], '2026-Q2', '2026-Q3');
      expect(
        quarters.data!.kpiTrend.map((point: { period: string; value: number | null }) => [point.period, point.value]),
      ).toEqual([
        ['2026-Q2', null],
        ['2026-Q3', 75],
      ]);
      const years = await trend(a.tokens.admin, a.id, '2024', '2026', 'PARTICIPATION_RATE');
      expect(years.data!.kpiTrend.map((point: { period: string }) => point.period)).toEqual(['2024', '2025', '2026']);
      // across a year's turn
      const turn = await trend(a.tokens.admin, a.courtyards[1], '2025-11', '2026-02');
      expect(turn.data!.kpiTrend.map((point: { period: string }) => point.period)).toEqual([
        '2025-11',
        '2025-12',
        '2026-01',
        '2026-02',
      ]);
    });

    it('refuses mixed kinds, a reversed range and more than 60 points', async () => {
      for (const [from, to] of [
        ['2026-07', '2026-Q3'],
        ['2026', '2026-10'],
        ['2026-10', '2026-07'],
        ['2020-01', '2026-01'],
      ]) {
        const result = await trend(a.tokens.admin, a.courtyards[1], from, to);
        expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      }
      const sixty = await trend(a.tokens.admin, a.courtyards[1], '2021-11', '2026-10');
      expect(sixty.data!.kpiTrend).toHaveLength(60);
    });

    it("is FORBIDDEN outside the caller's subtree and NOT_FOUND for another district's unit", async () => {
      // community worker of community 1: courtyard 3 is in community 2
      const outside = await trend(a.tokens.communityWorker, a.courtyards[2], '2026-07', '2026-10');
      expect(outside.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(outside.data).toBeNull();
      const street2 = await trend(a.tokens.streetOfficer, a.streets[1], '2026-07', '2026-10');
      expect(street2.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      for (const id of [b.courtyards[0], b.streets[0], b.id, 'not-an-id', a.households[0]]) {
        const foreign = await trend(a.tokens.admin, id, '2026-07', '2026-10');
        expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
        expect(foreign.data).toBeNull();
      }
      // the district itself and its ancestors' units are readable to scoped roles
      const district = await trend(a.tokens.courtyardCommittee, a.id, '2026-07', '2026-10', 'PARTICIPATION_RATE');
      expect(district.errors).toBeUndefined();
    });
  });

  describe('requestKpiRecompute', () => {
    const month = () => localDate('Asia/Shanghai').slice(0, 7);

    it("is the district admin's only, for a period that has started", async () => {
      for (const token of [
        a.tokens.streetOfficer,
        a.tokens.communityWorker,
        a.tokens.courtyardCommittee,
        a.tokens.viewer,
      ]) {
        const result = await t.client.request(REQUEST_RECOMPUTE, { period: '2026-10' }, { token });
        expect(result.data!.requestKpiRecompute).toEqual({
          job: null,
          userErrors: [{ field: ['input'], message: expect.any(String), code: 'FORBIDDEN' }],
        });
      }
      const next = previousPeriod(parsePeriod(String(Number(month().slice(0, 4)) + 2))!).key;
      const future = await t.client.request(
        REQUEST_RECOMPUTE,
        { period: next },
        { token: a.tokens.admin, language: 'en' },
      );
      expect(future.data!.requestKpiRecompute.userErrors).toEqual([
        { field: ['input', 'period'], message: expect.stringContaining('has not started'), code: 'INVALID' },
      ]);
      const bad = await t.client.request(REQUEST_RECOMPUTE, { period: '2026-Q5' }, { token: a.tokens.admin });
      expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await queue.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 0, active: 0 });
    });

    it('queues one job per (district, period), followed with job(id), audited', async () => {
      const first = await t.client.request(REQUEST_RECOMPUTE, { period: '2026-10' }, { token: a.tokens.admin });
      expect(first.data!.requestKpiRecompute.userErrors).toEqual([]);
      const job = first.data!.requestKpiRecompute.job;
      expect(job).toMatchObject({ id: expect.any(String), state: 'QUEUED' });

      const stored = await queue.getJob(manualJobId(ta, '2026-10'));
      expect(stored?.name).toBe(JOBS.recomputeKpis);
      expect(stored?.data).toEqual({ tenantId: ta, period: '2026-10' });

      // while it waits, asking again gives the same job
      const again = await t.client.request(REQUEST_RECOMPUTE, { period: '2026-10' }, { token: a.tokens.admin });
      expect(again.data!.requestKpiRecompute.job.id).toBe(job.id);
      expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });

      const followed = await t.client.request(JOB, { id: job.id }, { token: a.tokens.viewer });
      expect(followed.data!.job).toEqual({ id: job.id, state: 'QUEUED', progress: 0, failedReason: null });
      // another district's job: null
      const foreign = await t.client.request(JOB, { id: job.id }, { token: b.tokens.admin });
      expect(foreign.data!.job).toBeNull();

      const audit = await t.sql(
        `select operation, target_type, detail from audit_log where tenant_id = $1 and operation = 'requestKpiRecompute' order by at`,
        [ta],
      );
      expect(audit.some((row) => row.detail.ok === true && row.detail.period === '2026-10')).toBe(true);
      expect(audit.some((row) => row.detail.ok === false)).toBe(true);
    });

    it('runs again once the job has finished', async () => {
      const stored = await queue.getJob(manualJobId(ta, '2026-10'));
      // the worker's part, done by hand: the job finished
      await stored!.remove();
      await queue.add(JOBS.recomputeKpis, { tenantId: ta, period: '2026-10' }, { jobId: manualJobId(ta, '2026-10') });
      const worker = new Worker(QUEUES.kpi, async () => ({ periods: [] }), {
        connection: { url: t.env.redisUrl, maxRetriesPerRequest: null },
        prefix: t.env.queuePrefix,
      });
      worker.on('error', () => undefined);
      try {
        const done = await waitFor(async () => (await queue.getJob(manualJobId(ta, '2026-10')))?.finishedOn);
        expect(done).toBeTruthy();
      } finally {
        await worker.close();
      }
      const followed = await t.client.request(
        JOB,
        { id: toGlobalJobId(manualJobId(ta, '2026-10')) },
        { token: a.tokens.admin },
      );
      expect(followed.data!.job.state).toBe('COMPLETED');

      const next = await t.client.request(REQUEST_RECOMPUTE, { period: '2026-10' }, { token: a.tokens.admin });
      expect(next.data!.requestKpiRecompute.job.state).toBe('QUEUED');
      expect(await queue.getJobCounts('waiting', 'completed')).toEqual({ waiting: 1, completed: 0 });
      await queue.drain(true);
    });
  });

  describe('incremental refresh after records change', () => {
    let workerOrm: MikroORM;
    let worker: Worker | null = null;
    const today = () => localDate('Asia/Shanghai');

    beforeAll(async () => {
      await queue.drain(true);
      // a plan and two enrolled courtyards: the engine computes enrolled courtyards only
      const startsOn = `${Number(today().slice(0, 4)) - 1}-01-01`;
      const plan = await t.client.request(
        `mutation($input: CreateRolloutPlanInput!) { createRolloutPlan(input: $input) { userErrors { code message } } }`,
        { input: { name: '推进计划', startsOn } },
        { token: a.tokens.admin },
      );
      expect(plan.data!.createRolloutPlan.userErrors).toEqual([]);
      const enrolled = await t.client.request(
        `mutation($input: EnrollCourtyardsInput!) { enrollCourtyards(input: $input) { userErrors { code message } } }`,
        { input: { batch: 1, courtyardIds: [a.courtyards[0], a.courtyards[1]], enrolledOn: startsOn } },
        { token: a.tokens.admin },
      );
      expect(enrolled.data!.enrollCourtyards.userErrors).toEqual([]);
      workerOrm = await MikroORM.init(ormConfig(t.env.appDatabaseUrl, { ensureDatabase: false }));
      await queue.drain(true);
      // the enrolment's own refresh requests: the tests count those of their records
      await t.sql(`delete from kpi_refresh_requests`);
    });

    afterAll(async () => {
      await worker?.close();
      await workerOrm?.close(true);
    });

    const record = (courtyardId: string, heldOn: string, householdCode = '1-101') =>
      t.client.request(
        RECORD_ACTIVITY,
        {
          input: {
            courtyardId,
            kind: 'CULTURAL',
            title: '邻里节',
            heldOn,
            attendance: courtyardId === a.courtyards[0] ? [{ householdCode }] : [],
          },
        },
        { token: a.tokens.communityWorker },
      );

    it('queues one debounced recompute of the touched courtyards per burst', async () => {
      const month = today().slice(0, 7);
      for (let i = 0; i < 3; i++) {
        const result = await record(a.courtyards[0], today());
        expect(result.data!.recordActivity.userErrors).toEqual([]);
      }
      // two jobs per burst: the touched month at once, then the month through the current one
      // with their quarters and years
      const jobs = await queue.getJobs(['delayed', 'waiting']);
      expect(jobs).toHaveLength(2);
      const [monthJob, rangeJob] = [jobs.find((job) => !job.data.through)!, jobs.find((job) => job.data.through)!];
      expect([monthJob.name, rangeJob.name]).toEqual([JOBS.recomputeKpis, JOBS.recomputeKpis]);
      // an activity can change the two participation KPIs only
      const kpis = ['PARTICIPATION_RATE', 'YOUTH_PARTICIPATION_RATE'];
      const scope = `${rowId(a.courtyards[0])}/${kpis.join('+')}`;
      expect(monthJob.data).toEqual({ tenantId: ta, period: month, courtyardIds: [rowId(a.courtyards[0])], kpis });
      // the one id scheme of KPI jobs, as the deduplication id
      expect(monthJob.opts.deduplication).toMatchObject({
        id: `recompute-kpis/${ta}/${month}/${scope}`,
        keepLastIfActive: true,
      });
      expect(rangeJob.data).toEqual({
        tenantId: ta,
        period: month,
        through: expect.stringMatching(/^\d{4}-\d{2}$/),
        courtyardIds: [rowId(a.courtyards[0])],
        kpis,
      });
      expect(rangeJob.data.through >= month).toBe(true);
      expect(rangeJob.opts.deduplication).toMatchObject({
        id: `recompute-kpis/${ta}/${month}..${rangeJob.data.through}/${scope}`,
        replace: true,
        keepLastIfActive: true,
      });

      // each mutation wrote its two jobs to the outbox in its transaction and marked them enqueued at once
      const requests = await t.sql(
        `select job_id, policy, payload, enqueued_at is not null as enqueued from kpi_refresh_requests where tenant_id = $1`,
        [ta],
      );
      expect(requests).toHaveLength(6);
      expect(requests.every((row) => row.enqueued && row.policy === 'coalesce')).toBe(true);
      expect(new Set(requests.map((row) => row.job_id))).toEqual(
        new Set([monthJob.opts.deduplication!.id, rangeJob.opts.deduplication!.id]),
      );

      // another courtyard: its own job; a rejected record: none
      await record(a.courtyards[1], today());
      const rejected = await record(a.courtyards[0], today(), 'no-such-household');
      expect(rejected.data!.recordActivity.userErrors[0].code).toBe('UNKNOWN_HOUSEHOLD');
      const after = await queue.getJobs(['delayed', 'waiting']);
      expect(after.map((job) => job.data.courtyardIds).sort()).toEqual(
        [[rowId(a.courtyards[0])], [rowId(a.courtyards[0])], [rowId(a.courtyards[1])], [rowId(a.courtyards[1])]].sort(),
      );
      // the rejected record (its savepoint rolled back) wrote no request
      expect(await t.sql(`select count(*)::int as n from kpi_refresh_requests where tenant_id = $1`, [ta])).toEqual([
        { n: 8 },
      ]);
    });

    it('a rolled-back transaction leaves no refresh request; a committed one leaves one insert of the planned jobs', async () => {
      const count = async () =>
        (await t.sql(`select count(*)::int as n from kpi_refresh_requests where tenant_id = $1`, [ta]))[0].n;
      const before = await count();
      const run = async (commit: boolean) => {
        const claims = await t.app.services.tokens.verify(a.tokens.admin);
        const context = new RequestContext(t.app.services, 'zh-CN', claims, null);
        await context.beginTransaction();
        context.kpiRefresh.touch(rowId(a.courtyards[2]), today(), 'survey');
        await context.endTransaction(commit);
      };
      await run(false);
      expect(await count()).toBe(before);
      await run(true);
      const rows = await t.sql(
        `select payload, enqueued_at is not null as enqueued from kpi_refresh_requests where tenant_id = $1 and payload->'kpis' ? 'SATISFACTION_SCORE'`,
        [ta],
      );
      expect(rows.map((row) => [row.payload.courtyardIds, row.enqueued])).toEqual([
        [[rowId(a.courtyards[2])], true],
        [[rowId(a.courtyards[2])], true],
      ]);
    });

    it("recomputes the snapshots with the worker's processor, visible in kpis", async () => {
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
      const month = today().slice(0, 7);
      const courtyard = rowId(a.courtyards[0]);
      const row = await waitFor(
        async () =>
          (
            await t.sql(
              `select value::float8 as value from kpi_snapshots where scope_level = 'COURTYARD' and scope_id = $1 and period = $2 and kpi = 'PARTICIPATION_RATE'`,
              [courtyard, month],
            )
          )[0],
      );
      // one household of the courtyard's 10 took part
      expect(row.value).toBe(0.1);
      const result = await t.client.request(
        COURTYARD_KPIS,
        { id: a.courtyards[0], period: month },
        { token: a.tokens.admin },
      );
      expect(result.data!.node.kpis[0]).toMatchObject({
        key: 'PARTICIPATION_RATE',
        value: 0.1,
        numerator: 1,
        denominator: 10,
        status: 'RED',
        provisional: true,
      });
      // the roll-ups of its community, street and the district, and the quarter and the year
      const rollups = await waitFor(async () => {
        const rows = await t.sql(
          `select scope_level, period from kpi_snapshots where tenant_id = $1 and kpi = 'PARTICIPATION_RATE' and period = any($2) and scope_level <> 'COURTYARD'`,
          [ta, [month, `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`, month.slice(0, 4)]],
        );
        return rows.length >= 9 ? rows : null;
      });
      expect(new Set(rollups.map((r) => r.scope_level))).toEqual(new Set(['COMMUNITY', 'STREET', 'DISTRICT']));
    });

    it('a record dated in an earlier month refreshes that month through the current one', async () => {
      const month = parsePeriod(today().slice(0, 7))!;
      const earlier = previousPeriod(previousPeriod(month));
      const result = await record(a.courtyards[0], `${earlier.key}-15`);
      expect(result.data!.recordActivity.userErrors).toEqual([]);
      // the snapshot inserted above for 2026-10 said 0.2; the worker's says one household of 10
      const row = await waitFor(async () => {
        const [snapshot] = await t.sql(
          `select value::float8 as value, provisional from kpi_snapshots where scope_level = 'COURTYARD' and scope_id = $1 and period = $2 and kpi = 'PARTICIPATION_RATE'`,
          [rowId(a.courtyards[0]), earlier.key],
        );
        return snapshot?.value === 0.1 ? snapshot : null;
      });
      expect(row.provisional).toBe(false);
      // the months after it come with the second job (the first one is the touched month alone)
      const between = await waitFor(async () => {
        const rows = await t.sql(
          `select period from kpi_snapshots where scope_level = 'COURTYARD' and scope_id = $1 and kpi = 'PARTICIPATION_RATE' and period = $2`,
          [rowId(a.courtyards[0]), previousPeriod(month).key],
        );
        return rows.length ? rows : null;
      });
      expect(between).toHaveLength(1);
    });
  });

  describe('with Redis down', () => {
    const warnings: string[] = [];
    let live: TestApp['app']['services']['queues'];
    let liveLog: TestApp['app']['services']['log'];
    let down: QueueRegistry;

    beforeAll(() => {
      live = t.app.services.queues;
      liveLog = t.app.services.log;
      down = new QueueRegistry('redis://127.0.0.1:1', t.env.queuePrefix, () => undefined);
      t.app.services.queues = down;
      t.app.services.log = { info: () => undefined, warn: (message) => warnings.push(message), error: () => undefined };
    });

    afterAll(async () => {
      t.app.services.queues = live;
      t.app.services.log = liveLog;
      await down.close();
      // ioredis destroys the socket that never connected after its 2 s disconnect timeout
      await new Promise((resolve) => setTimeout(resolve, 2100));
    });

    it('records still succeed; their refresh waits in the outbox for the worker', async () => {
      const before = await t.sql(`select count(*)::int as n from activities`);
      const result = await t.client.request(
        RECORD_ACTIVITY,
        {
          input: {
            courtyardId: a.courtyards[2],
            kind: 'TRAINING',
            title: '培训',
            heldOn: localDate('Asia/Shanghai'),
            attendance: [],
          },
        },
        { token: a.tokens.admin },
      );
      expect(result.data!.recordActivity).toEqual({ activity: { id: expect.any(String) }, userErrors: [] });
      expect(await t.sql(`select count(*)::int as n from activities`)).toEqual([{ n: before[0].n + 1 }]);
      expect(warnings).toEqual([
        expect.stringContaining('2 recompute-kpis job(s) wait in the outbox until Redis answers'),
      ]);
      // the month job and the range job, not enqueued: the worker's relay takes them
      const pending = await t.sql(
        `select payload from kpi_refresh_requests where tenant_id = $1 and enqueued_at is null order by created_at, job_id`,
        [ta],
      );
      expect(pending.map((row) => row.payload.courtyardIds)).toEqual([
        [rowId(a.courtyards[2])],
        [rowId(a.courtyards[2])],
      ]);
    });

    it('a recompute by hand is UNAVAILABLE', async () => {
      const result = await t.client.request(REQUEST_RECOMPUTE, { period: '2026-10' }, { token: a.tokens.admin });
      expect(result.data!.requestKpiRecompute).toEqual({
        job: null,
        userErrors: [{ field: null, message: expect.any(String), code: 'UNAVAILABLE' }],
      });
    });
  });

  describe('KpiRefresh', () => {
    it("plans the touches with the planner (cause 'records'), by the district's clock", () => {
      const context = {
        caller: { kind: 'district', tenantId: '11111111-1111-4111-8111-111111111111' },
        clock: new DistrictClock('Asia/Shanghai', () => new Date('2026-11-15T00:00:00Z')),
        beforeCommit: () => undefined,
      } as unknown as RequestContext;
      const refresh = new KpiRefresh(context);
      const touches = [
        { courtyardId: 'bbbbbbbb-0000-4000-8000-000000000000', date: '2026-10-03', kind: 'activity' as const },
        { courtyardId: 'aaaaaaaa-0000-4000-8000-000000000000', date: new Date('2026-11-01T02:00:00Z') },
      ];
      for (const { courtyardId, date, kind } of touches) refresh.touch(courtyardId, date, kind);
      const jobs = refresh.jobs('11111111-1111-4111-8111-111111111111');
      // the instant is 2026-11-01 10:00 in Shanghai: two first months (October, November), two jobs each
      expect(jobs).toEqual(
        planKpiRefresh({
          cause: 'records',
          tenantId: '11111111-1111-4111-8111-111111111111',
          touches: [
            { courtyardId: 'bbbbbbbb-0000-4000-8000-000000000000', date: '2026-10-03', kind: 'activity' },
            { courtyardId: 'aaaaaaaa-0000-4000-8000-000000000000', date: '2026-11-01' },
          ],
          today: '2026-11-15',
        }),
      );
      expect(jobs).toHaveLength(4);
    });
  });
});

function toGlobalJobId(jobId: string): string {
  return Buffer.from(`Job:${QUEUES.kpi}:${jobId}`, 'utf8').toString('base64url');
}

/** Polls until `read` gives a value (up to 20 s). */
async function waitFor<T>(read: () => Promise<T | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
