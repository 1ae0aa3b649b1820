import { JOBS, QUEUES } from '../constants';
import { KPI_KEYS } from '@xiaoyuan/domain';
import {
  KPI_REFRESH_DEBOUNCE_MS,
  KPI_REFRESH_MONTH_DELAY_MS,
  KPI_TARGETS_RECOMPUTE_DELAY_MS,
  kpiJobId,
  planKpiRefresh,
} from './kpi-refresh-planner';

const T = '11111111-1111-4111-8111-111111111111';
const A = 'aaaaaaaa-0000-4000-8000-000000000000';
const B = 'bbbbbbbb-0000-4000-8000-000000000000';
const C = 'cccccccc-0000-4000-8000-000000000000';
const PARTICIPATION = ['PARTICIPATION_RATE', 'YOUTH_PARTICIPATION_RATE'];

describe('kpiJobId: one id scheme', () => {
  it('names the job, the tenant, the periods, the scope and the KPIs (when not all ten)', () => {
    expect(kpiJobId({ tenantId: T, period: '2026-10' })).toBe(`recompute-kpis/${T}/2026-10/district`);
    expect(kpiJobId({ tenantId: T, period: '2026-01', through: '2026-11' })).toBe(
      `recompute-kpis/${T}/2026-01..2026-11/district`,
    );
    expect(kpiJobId({ tenantId: T, period: '2026-10', courtyardIds: [A], kpis: [...KPI_KEYS] })).toBe(
      `recompute-kpis/${T}/2026-10/${A}`,
    );
    const two = kpiJobId({
      tenantId: T,
      period: '2026-10',
      courtyardIds: [B, A],
      kpis: ['SATISFACTION_SCORE'] as never,
    });
    expect(two).toMatch(new RegExp(`^recompute-kpis/${T}/2026-10/[0-9a-f]{32}/SATISFACTION_SCORE$`));
    // the courtyards' order does not matter
    expect(
      kpiJobId({ tenantId: T, period: '2026-10', courtyardIds: [A, B], kpis: ['SATISFACTION_SCORE'] as never }),
    ).toBe(two);
    // BullMQ refuses ':' in job ids
    expect(two).not.toContain(':');
  });
});

describe('planKpiRefresh', () => {
  it('records: per earliest month the month at once, then the month through today, debounced', () => {
    const jobs = planKpiRefresh({
      cause: 'records',
      tenantId: T,
      today: '2026-11-15',
      touches: [
        { courtyardId: B, date: '2026-10-03' },
        { courtyardId: A, date: '2026-10-20' },
        { courtyardId: A, date: '2026-11-02' },
        { courtyardId: C, date: '2026-08-31' },
        { courtyardId: C, date: 'not a date' },
        { courtyardId: C, date: null },
      ],
    });
    expect(jobs.map((job) => job.data)).toEqual([
      { tenantId: T, period: '2026-08', courtyardIds: [C] },
      { tenantId: T, period: '2026-10', courtyardIds: [A, B] },
      { tenantId: T, period: '2026-08', through: '2026-11', courtyardIds: [C] },
      { tenantId: T, period: '2026-10', through: '2026-11', courtyardIds: [A, B] },
    ]);
    for (const job of jobs) {
      expect(job).toMatchObject({ queue: QUEUES.kpi, name: JOBS.recomputeKpis, policy: 'coalesce' });
      expect(job.id).toBe(kpiJobId(job.data));
      expect(job.options.jobId).toBeUndefined();
    }
    expect(jobs[1].options).toMatchObject({
      delay: KPI_REFRESH_MONTH_DELAY_MS,
      attempts: 10,
      deduplication: { id: jobs[1].id, keepLastIfActive: true },
    });
    expect(jobs[1].options.deduplication).not.toHaveProperty('replace');
    expect(jobs[3].options).toMatchObject({
      delay: KPI_REFRESH_DEBOUNCE_MS,
      deduplication: { id: jobs[3].id, extend: true, replace: true, keepLastIfActive: true },
    });
    expect(jobs[3].id).toMatch(new RegExp(`^recompute-kpis/${T}/2026-10\\.\\.2026-11/[0-9a-f]{32}$`));
  });

  it('records: the kinds name the KPIs, merged per group; no kind (or an enrolment) means all ten', () => {
    const jobs = planKpiRefresh({
      cause: 'records',
      tenantId: T,
      today: '2026-11-15',
      touches: [
        { courtyardId: A, date: '2026-11-02', kind: 'survey' },
        { courtyardId: B, date: '2026-11-03', kind: 'activity' },
        { courtyardId: A, date: '2026-11-04', kind: 'survey' },
        { courtyardId: C, date: '2026-10-01', kind: 'ledger' },
        { courtyardId: C, date: '2026-10-02', kind: 'enrolment' },
      ],
    });
    expect(jobs.map((job) => [job.data.period, job.data.kpis])).toEqual([
      ['2026-10', undefined],
      ['2026-11', ['PARTICIPATION_RATE', 'SATISFACTION_SCORE', 'YOUTH_PARTICIPATION_RATE']],
      ['2026-10', undefined],
      ['2026-11', ['PARTICIPATION_RATE', 'SATISFACTION_SCORE', 'YOUTH_PARTICIPATION_RATE']],
    ]);
    expect(jobs[3].id).toMatch(/\/PARTICIPATION_RATE\+SATISFACTION_SCORE\+YOUTH_PARTICIPATION_RATE$/);
    expect(jobs[2].id).toBe(`recompute-kpis/${T}/2026-10..2026-11/${C}`);
    // one courtyard, one kind
    const [month] = planKpiRefresh({
      cause: 'records',
      tenantId: T,
      today: '2026-11-15',
      touches: [{ courtyardId: A, date: '2026-11-15', kind: 'activity' }],
    });
    expect(month.data).toEqual({ tenantId: T, period: '2026-11', courtyardIds: [A], kpis: PARTICIPATION });
    expect(month.id).toBe(`recompute-kpis/${T}/2026-11/${A}/${PARTICIPATION.join('+')}`);
  });

  it('records: a month after today runs through itself; no touches, no jobs', () => {
    const ahead = planKpiRefresh({
      cause: 'records',
      tenantId: T,
      today: '2026-11-15',
      touches: [{ courtyardId: A, date: '2026-12-01' }],
    });
    expect(ahead[1].data).toMatchObject({ period: '2026-12', through: '2026-12' });
    expect(planKpiRefresh({ cause: 'records', tenantId: T, today: '2026-11-15', touches: [] })).toEqual([]);
  });

  it('correction: the old and the new dates both refresh, from the earlier month', () => {
    const jobs = planKpiRefresh({
      cause: 'correction',
      tenantId: T,
      today: '2026-11-15',
      corrections: [{ courtyardId: A, kind: 'activity', before: '2026-11-03', after: '2026-09-30' }],
    });
    expect(jobs.map((job) => job.data)).toEqual([
      { tenantId: T, period: '2026-09', courtyardIds: [A], kpis: PARTICIPATION },
      { tenantId: T, period: '2026-09', through: '2026-11', courtyardIds: [A], kpis: PARTICIPATION },
    ]);
    // the same as the record changes of both dates
    expect(jobs).toEqual(
      planKpiRefresh({
        cause: 'records',
        tenantId: T,
        today: '2026-11-15',
        touches: [
          { courtyardId: A, kind: 'activity', date: '2026-11-03' },
          { courtyardId: A, kind: 'activity', date: '2026-09-30' },
        ],
      }),
    );
    // voided: its own date only
    const voided = planKpiRefresh({
      cause: 'correction',
      tenantId: T,
      today: '2026-11-15',
      corrections: [{ courtyardId: A, before: '2026-10-03', after: null }],
    });
    expect(voided.map((job) => job.data.period)).toEqual(['2026-10', '2026-10']);
  });

  it('manual: one period of the whole district, reused while it waits or runs', () => {
    expect(planKpiRefresh({ cause: 'manual', tenantId: T, period: '2026-Q3' })).toEqual([
      {
        queue: QUEUES.kpi,
        name: JOBS.recomputeKpis,
        data: { tenantId: T, period: '2026-Q3' },
        id: `recompute-kpis/${T}/2026-Q3/district`,
        policy: 'reuse',
        options: {
          jobId: `recompute-kpis/${T}/2026-Q3/district`,
          attempts: 10,
          backoff: { type: 'exponential', delay: 1000, jitter: 0.2 },
          removeOnComplete: { age: 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      },
    ]);
  });

  it("targets: January through today's month, every scope, delayed, with a spare id", () => {
    const [job] = planKpiRefresh({ cause: 'targets', tenantId: T, today: '2026-11-15' });
    expect(job.data).toEqual({ tenantId: T, period: '2026-01', through: '2026-11' });
    expect(job.policy).toBe('spare');
    expect(job.id).toBe(`recompute-kpis/${T}/2026-01..2026-11/district`);
    expect(job.options).toMatchObject({ jobId: job.id, delay: KPI_TARGETS_RECOMPUTE_DELAY_MS, attempts: 10 });
    // in January, the month alone
    expect(planKpiRefresh({ cause: 'targets', tenantId: T, today: '2027-01-01' })[0].data).toEqual({
      tenantId: T,
      period: '2027-01',
      through: '2027-01',
    });
  });

  it('import: the imported courtyards from their first month through today, at once, coalesced', () => {
    const [job, ...rest] = planKpiRefresh({
      cause: 'import',
      tenantId: T,
      courtyardIds: [B, A],
      firstMonth: '2026-03',
      today: '2026-11-15',
    });
    expect(rest).toEqual([]);
    expect(job.data).toEqual({ tenantId: T, period: '2026-03', through: '2026-11', courtyardIds: [A, B] });
    expect(job.policy).toBe('coalesce');
    expect(job.options.delay).toBeUndefined();
    expect(job.options.deduplication).toEqual({ id: job.id, keepLastIfActive: true });
    // the same work as a record refresh of every KPI of those courtyards: the same id
    const records = planKpiRefresh({
      cause: 'records',
      tenantId: T,
      today: '2026-11-15',
      touches: [
        { courtyardId: A, date: '2026-03-01', kind: 'enrolment' },
        { courtyardId: B, date: '2026-03-09' },
      ],
    });
    expect(records[1].id).toBe(job.id);
    expect(
      planKpiRefresh({ cause: 'import', tenantId: T, courtyardIds: [], firstMonth: '2026-03', today: '2026-11-15' }),
    ).toEqual([]);
  });

  it("demo: the plan's months so far (or this month without a plan), one attempt, reused", () => {
    const [job] = planKpiRefresh({ cause: 'demo', tenantId: T, from: '2025-09', today: '2026-11-15' });
    expect(job.data).toEqual({ tenantId: T, period: '2025-09', through: '2026-11' });
    expect(job).toMatchObject({ policy: 'reuse', options: { jobId: job.id, attempts: 1 } });
    expect(planKpiRefresh({ cause: 'demo', tenantId: T, from: null, today: '2026-11-15' })[0].data).toEqual({
      tenantId: T,
      period: '2026-11',
      through: '2026-11',
    });
  });
});
