import { JOBS, QUEUES } from '@xiaoyuan/schema';
import { QueueRegistry, QueueUnavailableError } from './queues';

describe('QueueRegistry', () => {
  it('enqueues with the tenant id, and fails fast when Redis is down', async () => {
    const prefix = `test-queues-${process.pid}`;
    const queues = new QueueRegistry(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix, () => undefined);
    try {
      const job = await queues.add(
        JOBS.recomputeKpis,
        { tenantId: 't1', period: '2026-10' },
        { jobId: 'deterministic' },
      );
      expect(job.queueName).toBe(QUEUES.kpi);
      expect(job.id).toBe('deterministic');
      expect(job.data).toEqual({ tenantId: 't1', period: '2026-10' });
      await queues.get(QUEUES.kpi).obliterate({ force: true });
    } finally {
      await queues.close();
    }

    const down = new QueueRegistry('redis://127.0.0.1:1', prefix, () => undefined);
    const started = Date.now();
    await expect(
      down.add(JOBS.recomputeKpis, { tenantId: 't1', period: '2026-10' }, undefined, 500),
    ).rejects.toBeInstanceOf(QueueUnavailableError);
    expect(Date.now() - started).toBeLessThan(2000);
    await down.close().catch(() => undefined);
  });
});
