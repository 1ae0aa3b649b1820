import { ImportFormat, ImportKind, JOBS, PersonalDataCipher, QUEUES, withTenant } from '@xiaoyuan/schema';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { csv, householdRows, insertImport, seedHierarchy } from '../bench/import-fixtures';
import { TEST_ENCRYPTION_KEY, createDistrict, testEnvVariables } from './support/test-environment';
import { WorkerHarness } from './support/worker-harness';

/*
 * An import whose worker process dies in the middle (SIGKILL, as the kernel's OOM killer does)
 * ends FAILED with a reason, not ACTIVE for ever: the stalled-job check of the next worker fails
 * the job (no stall allowed here), and the job's `failed` hook marks the import and deletes its file.
 */

const CHILD = join(__dirname, 'support', 'crash-worker.ts');
const REGISTER = join(__dirname, 'support', 'ts-register.js');

describe('an import whose worker process is killed', () => {
  let harness: WorkerHarness;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    harness = await WorkerHarness.open();
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await harness?.close();
  });

  it('ends FAILED with a reason, its file deleted', async () => {
    const { orm } = harness;
    const tenantId = await createDistrict(orm, 'crash');
    const importId = await withTenant(orm.em, { tenantId }, async (em) => {
      const { courtyardCodes } = await seedHierarchy(em, tenantId, {
        streets: 2,
        communitiesPerStreet: 5,
        courtyardsPerCommunity: 5,
      });
      const content = csv([
        ['小院编码', '户号', '面积', '联系人', '联系电话'],
        ...householdRows(100_000, courtyardCodes),
      ]);
      return insertImport(
        em,
        tenantId,
        { kind: ImportKind.HOUSEHOLDS, format: ImportFormat.CSV, filename: 'big.csv', content },
        new PersonalDataCipher(TEST_ENCRYPTION_KEY),
      );
    });
    const status = () =>
      withTenant(orm.em, { tenantId }, (em) =>
        em.execute<{ status: string; failed_reason: string | null; content: Buffer | null }[]>(
          `select status, failed_reason, content from imports where id = ?`,
          [importId],
        ),
      ).then((rows) => rows[0]);

    // the worker in a child process of its own; a lock long enough that, however loaded the machine,
    // the child never finds its own job stalled (and retries it) before it is killed
    const output: string[] = [];
    child = spawn(process.execPath, ['-r', REGISTER, CHILD], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        CRASH_WORKER_QUEUE: QUEUES.imports,
        CRASH_WORKER_LOCK_MS: '8000',
        CRASH_WORKER_MAX_STALLED: '1',
        ...testEnvVariables(harness.database, harness.prefix),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk) => output.push(String(chunk)));
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (chunk) => String(chunk).includes('ready') && resolve());
      child!.once('exit', (code) => reject(new Error(`the child worker exited (${code}): ${output.join('')}`)));
    });
    const producer = await harness.producer(QUEUES.imports);
    await producer.queue.add(JOBS.importRecords, { tenantId, importId }, { jobId: importId, attempts: 3 });
    while ((await status()).status !== 'ACTIVE') await new Promise((resolve) => setTimeout(resolve, 20));
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect((await status()).status).toBe('ACTIVE');

    // the next worker: finds the job stalled and, allowing no stall, fails it
    await harness.startWorker({
      queues: [QUEUES.imports],
      workerOptions: { lockDuration: 1_000, stalledInterval: 500, maxStalledCount: 0 },
    });
    let record = await status();
    for (let i = 0; i < 600 && record.status === 'ACTIVE'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      record = await status();
    }
    expect(record).toEqual({
      status: 'FAILED',
      failed_reason: '处理中断：处理进程意外退出（如内存不足），请稍后重新上传或联系管理员',
      content: null,
    });
    const job = await producer.queue.getJob(importId);
    expect(await job?.getState()).toBe('failed');
    expect(job?.failedReason).toBe('job stalled more than allowable limit');
  }, 120_000);
});
