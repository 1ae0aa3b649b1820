import { QUEUES } from '@xiaoyuan/schema';
import { Queue } from 'bullmq';
import { createDistrictFixture, rowId, type DistrictFixture } from './fixtures';
import { startTestApp, type TestApp } from './test-app';

/** A test app with two districts (their fixtures and row ids) and a producer of its kpi queue. */
export interface TwoDistricts {
  t: TestApp;
  a: DistrictFixture;
  b: DistrictFixture;
  /** the districts' row ids (the fixtures hold global ids) */
  ta: string;
  tb: string;
  queue: Queue;
  close(): Promise<void>;
}

export async function startTwoDistricts(codeA: string, codeB: string): Promise<TwoDistricts> {
  const t = await startTestApp();
  const a = await createDistrictFixture(t.client, codeA);
  const b = await createDistrictFixture(t.client, codeB);
  const queue = new Queue(QUEUES.kpi, { connection: { url: t.env.redisUrl }, prefix: t.env.queuePrefix });
  return {
    t,
    a,
    b,
    ta: rowId(a.id),
    tb: rowId(b.id),
    queue,
    async close() {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await t.close();
    },
  };
}
