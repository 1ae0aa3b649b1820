import { JOBS, QUEUES } from '../constants';
import { isPayloadJobName, JOB_QUEUES, JobPayloadError, parseJobPayload } from './job-payloads';

const T = '11111111-1111-4111-8111-111111111111';
const A = 'AAAAAAAA-0000-4000-8000-000000000000';

describe('job payloads: one parser per job name', () => {
  it('knows the queue of every job with a payload', () => {
    expect(JOB_QUEUES).toEqual({
      [JOBS.generateDemoDistrict]: QUEUES.demo,
      [JOBS.recomputeKpis]: QUEUES.kpi,
      [JOBS.monthlyClose]: QUEUES.kpi,
      [JOBS.importRecords]: QUEUES.imports,
      [JOBS.scheduleMonthlyClose]: QUEUES.kpi,
      [JOBS.deliverWebhook]: QUEUES.webhooks,
    });
    expect(isPayloadJobName(JOBS.recomputeKpis)).toBe(true);
    expect(isPayloadJobName('toString')).toBe(false);
    expect(isPayloadJobName('write-street')).toBe(false);
  });

  it('recompute-kpis: normalizes a good payload, names every problem of a bad one', () => {
    expect(
      parseJobPayload(JOBS.recomputeKpis, {
        tenantId: T,
        period: '2026-10',
        through: '2026-12',
        courtyardIds: [A],
        kpis: ['SATISFACTION_SCORE', 'SATISFACTION_SCORE'],
        extra: 1,
      }),
    ).toEqual({
      tenantId: T,
      period: '2026-10',
      through: '2026-12',
      courtyardIds: [A.toLowerCase()],
      kpis: ['SATISFACTION_SCORE'],
    });
    expect(parseJobPayload(JOBS.recomputeKpis, { tenantId: T, period: '2026-Q4' })).toEqual({
      tenantId: T,
      period: '2026-Q4',
    });
    const bad = () =>
      parseJobPayload(JOBS.recomputeKpis, {
        period: '2026-Q4',
        through: '2026-12',
        courtyardIds: ['x'],
        kpis: ['NOPE'],
      });
    expect(bad).toThrow(JobPayloadError);
    expect(bad).toThrow(
      /^recompute-kpis: tenantId must be a uuid; courtyardIds must be .*; through must be a month.*; kpis must be/,
    );
    expect(() => parseJobPayload(JOBS.recomputeKpis, null)).toThrow(/period must be a month/);
  });

  it('monthly-close, import-records, generate-demo-district, schedule-monthly-close', () => {
    expect(parseJobPayload(JOBS.monthlyClose, { tenantId: T.toUpperCase() })).toEqual({ tenantId: T });
    expect(() => parseJobPayload(JOBS.monthlyClose, { tenantId: T, month: '2026' })).toThrow(
      'monthly-close: month must be a month (2026-10)',
    );
    expect(parseJobPayload(JOBS.importRecords, { tenantId: T, importId: A })).toEqual({ tenantId: T, importId: A });
    expect(() => parseJobPayload(JOBS.importRecords, { tenantId: T })).toThrow(
      'import-records: importId must be a uuid',
    );
    expect(
      parseJobPayload(JOBS.generateDemoDistrict, {
        code: 'demo',
        name: ' 示范区 ',
        adminEmail: 'Admin@Example.org',
        adminPassword: 'long enough',
        seed: 7,
      }),
    ).toEqual({ code: 'demo', name: '示范区', adminEmail: 'admin@example.org', adminPassword: 'long enough', seed: 7 });
    expect(() => parseJobPayload(JOBS.generateDemoDistrict, { code: 'a b' })).toThrow(
      /^generate-demo-district: code must be .*; name must be .*; adminEmail .*; adminPassword .*; seed must be an integer$/,
    );
    expect(parseJobPayload(JOBS.scheduleMonthlyClose, { anything: true })).toEqual({});
  });

  it('deliver-webhook: one webhook, 1–100 delivery ids, lower-cased and once each', () => {
    expect(
      parseJobPayload(JOBS.deliverWebhook, { tenantId: T, webhookId: A, deliveryIds: [A, A.toLowerCase()] }),
    ).toEqual({ tenantId: T, webhookId: A.toLowerCase(), deliveryIds: [A.toLowerCase()] });
    expect(() => parseJobPayload(JOBS.deliverWebhook, { tenantId: T, webhookId: 'x', deliveryIds: [] })).toThrow(
      'deliver-webhook: webhookId must be a uuid; deliveryIds must be a list of 1–100 uuids',
    );
    expect(() =>
      parseJobPayload(JOBS.deliverWebhook, { tenantId: T, webhookId: A, deliveryIds: Array(101).fill(A) }),
    ).toThrow(JobPayloadError);
  });
});
