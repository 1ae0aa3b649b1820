import type { MikroORM } from '@mikro-orm/postgresql';
import { type TenantJobPayload, withTenant } from '@xiaoyuan/schema';
import { defineJob } from '../src/engine/job-definition';
import { type TestProducer, createDistrict } from './support/test-environment';
import { WorkerHarness } from './support/worker-harness';

// Test jobs on a queue of their own, run by the real runner, worker and database.
const QUEUE = 'runner-test';

interface StreetJobData extends TenantJobPayload {
  code: string;
  /** write into this tenant instead (row-level security must refuse) */
  foreignTenantId?: string;
  fail?: boolean;
}

const writeStreet = defineJob<StreetJobData, { tenantId: string; visibleStreets: string[] }>({
  name: 'write-street',
  queue: QUEUE,
  scope: 'tenant',
  async process({ em, scope }, job) {
    const tenant = job.data.foreignTenantId ?? job.data.tenantId;
    await em.execute(`insert into streets (tenant_id, code, name) values (?, ?, ?)`, [
      tenant,
      job.data.code,
      `${job.data.code}街道`,
    ]);
    await em.execute(
      `insert into communities (tenant_id, street_id, code, name) select tenant_id, id, ?, '测试社区' from streets where code = ?`,
      [`${job.data.code}-c`, job.data.code],
    );
    if (job.data.fail) throw new Error('the processor failed after writing');
    const streets = await em.execute<{ code: string }[]>(`select code from streets order by code`);
    return { tenantId: scope.tenantId!, visibleStreets: streets.map((street) => street.code) };
  },
});

const listStreets = defineJob<TenantJobPayload, string[]>({
  name: 'list-streets',
  queue: QUEUE,
  scope: 'tenant',
  async process({ em }) {
    const streets = await em.execute<{ code: string }[]>(`select code from streets order by code`);
    return streets.map((street) => street.code);
  },
});

describe('job runner: one transaction per job, scoped to its tenant', () => {
  let harness: WorkerHarness;
  let producer: TestProducer;
  let orm: MikroORM;
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    harness = await WorkerHarness.open();
    orm = harness.orm;
    tenantA = await createDistrict(orm, 'a');
    tenantB = await createDistrict(orm, 'b');
    await harness.startWorker({ jobs: [writeStreet, listStreets] });
    producer = await harness.producer(QUEUE);
  });

  afterAll(() => harness?.close());

  let sequence = 0;
  const run = (name: string, data: object, attempts = 1) =>
    producer.run(name, data, { jobId: `job-${++sequence}`, attempts }, 30_000);
  const streetsOf = (tenantId: string) =>
    withTenant(orm.em, { tenantId }, (em) =>
      em.execute<{ code: string }[]>(`select code from streets order by code`),
    ).then((rows) => rows.map((row) => row.code));
  const communitiesOf = (tenantId: string) =>
    withTenant(orm.em, { tenantId }, (em) =>
      em.execute<{ code: string }[]>(`select code from communities order by code`),
    ).then((rows) => rows.map((row) => row.code));

  it("writes in the job's tenant; tenant B's scope does not see tenant A's rows", async () => {
    expect(await run('write-street', { tenantId: tenantA, code: 'A1' })).toEqual({
      tenantId: tenantA,
      visibleStreets: ['A1'],
    });
    expect(await run('write-street', { tenantId: tenantB, code: 'B1' })).toEqual({
      tenantId: tenantB,
      visibleStreets: ['B1'],
    });
    expect(await run('list-streets', { tenantId: tenantB })).toEqual(['B1']);
    expect(await streetsOf(tenantA)).toEqual(['A1']);
    expect(await streetsOf(tenantB)).toEqual(['B1']);
  });

  it('refuses a write into another tenant (row-level security) and keeps nothing of the job', async () => {
    await expect(run('write-street', { tenantId: tenantA, code: 'X1', foreignTenantId: tenantB })).rejects.toThrow(
      /row-level security/,
    );
    expect(await streetsOf(tenantA)).toEqual(['A1']);
    expect(await streetsOf(tenantB)).toEqual(['B1']);
  });

  it('rolls back everything a failing processor wrote', async () => {
    await expect(run('write-street', { tenantId: tenantA, code: 'A2', fail: true })).rejects.toThrow(
      'the processor failed after writing',
    );
    expect(await streetsOf(tenantA)).toEqual(['A1']);
    expect(await communitiesOf(tenantA)).toEqual(['A1-c']);
  });

  it('retries an ordinary failure, each attempt in a fresh transaction', async () => {
    const job = await producer.queue.add(
      'write-street',
      { tenantId: tenantA, code: 'A3', fail: true },
      { jobId: 'retried', attempts: 2 },
    );
    await expect(job.waitUntilFinished(producer.events, 30_000)).rejects.toThrow('the processor failed after writing');
    expect((await producer.queue.getJob('retried'))?.attemptsMade).toBe(2);
    expect(await streetsOf(tenantA)).toEqual(['A1']);
  });

  it('fails without retrying a payload with no tenant, or a job nobody processes (UnrecoverableError)', async () => {
    await expect(run('write-street', { code: 'N1' }, 3)).rejects.toThrow(/no valid tenantId/);
    expect((await producer.queue.getJob(`job-${sequence}`))?.attemptsMade).toBe(1);
    await expect(run('list-streets', { tenantId: 'not-a-uuid' }, 3)).rejects.toThrow(/no valid tenantId/);
    await expect(run('unknown-job', { tenantId: tenantA }, 3)).rejects.toThrow(/no processor for job "unknown-job"/);
    expect((await producer.queue.getJob(`job-${sequence}`))?.attemptsMade).toBe(1);
  });
});
