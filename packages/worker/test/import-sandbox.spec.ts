import { ImportFormat, ImportKind, JOBS, PersonalDataCipher, QUEUES, loadEnv, withTenant } from '@xiaoyuan/schema';
import ExcelJS from 'exceljs';
import { csv, insertImport, seedHierarchy } from '../bench/import-fixtures';
import { silentLogger } from '../src/engine/logger';
import { startWorkerService, type WorkerService } from '../src/engine/worker-service';
import {
  TEST_ENCRYPTION_KEY,
  TestProducer,
  createDistrict,
  createTestDatabase,
  openAppOrm,
  removeQueueKeys,
  testEnvVariables,
  uniquePrefix,
  type TestDatabase,
} from './support/test-environment';
import { TEST_SANDBOX_PROCESSOR_FILE } from './support/worker-harness';
import { buildZip, readZip } from './support/zip-builder';
import type { MikroORM } from '@mikro-orm/postgresql';

/*
 * Imports run in sandboxed child processes with a capped heap (IMPORT_MAX_HEAP_MB, small here): a
 * file that exhausts it fails its import with a reason and the worker goes on with the next
 * district's import; the sweeper fails imports whose BullMQ job is gone.
 */

const HEADER = ['小院编码', '户号', '面积', '联系人', '联系电话'];
const HEAP_MB = 128;
const cipher = new PersonalDataCipher(TEST_ENCRYPTION_KEY);

/**
 * A households XLSX whose shared strings (within their 64 MB limit) hold 2.4 million short strings:
 * more than a heap of HEAP_MB can keep, and far less than the default limit's.
 */
async function memoryHungryWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('住户').addRow(HEADER);
  const entries = await readZip(Buffer.from(await workbook.xlsx.writeBuffer()));
  const filler = Array.from({ length: 2_400_000 }, (_, index) => `<si><t>f${index}</t></si>`).join('');
  return buildZip(
    entries.map((entry) =>
      entry.name === 'xl/sharedStrings.xml'
        ? { name: entry.name, data: Buffer.from(entry.data.toString('utf8').replace('</sst>', `${filler}</sst>`)) }
        : entry,
    ),
  );
}

describe('imports in sandboxed processes', () => {
  let database: TestDatabase;
  let orm: MikroORM;
  let service: WorkerService;
  let producer: TestProducer;
  const prefix = uniquePrefix();

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openAppOrm(database);
    const env = loadEnv(
      { ...testEnvVariables(database, prefix), IMPORT_MAX_HEAP_MB: String(HEAP_MB) },
      () => undefined,
    );
    expect(env.importMaxHeapMb).toBe(HEAP_MB);
    service = await startWorkerService(env, {
      queues: [QUEUES.imports],
      log: silentLogger,
      sandboxProcessorFile: TEST_SANDBOX_PROCESSOR_FILE,
      // swept by the test, not by the timer
      importSweep: { intervalMs: 3_600_000, minimumAgeMs: 60_000 },
    });
    producer = await new TestProducer(QUEUES.imports, prefix).ready();
  });

  afterAll(async () => {
    await service?.stop();
    await producer?.close();
    await removeQueueKeys(prefix);
    await orm?.close(true);
    await database?.drop();
  });

  const upload = async (tenantId: string, format: ImportFormat, content: Buffer) =>
    withTenant(orm.em, { tenantId }, (em) =>
      insertImport(
        em,
        tenantId,
        { kind: ImportKind.HOUSEHOLDS, format, filename: `households.${format.toLowerCase()}`, content },
        cipher,
      ),
    );
  const importRow = (tenantId: string, importId: string) =>
    withTenant(orm.em, { tenantId }, (em) =>
      em.execute<{ status: string; failed_reason: string | null; has_content: boolean }[]>(
        `select status, failed_reason, content is not null as has_content from imports where id = ?`,
        [importId],
      ),
    ).then((rows) => rows[0]);

  it("fails an import that exhausts its process's heap, then imports another district's file", async () => {
    const hungryDistrict = await createDistrict(orm, 'hungry');
    const hungry = await upload(hungryDistrict, ImportFormat.XLSX, await memoryHungryWorkbook());
    const otherDistrict = await createDistrict(orm, 'next');
    const { courtyardCodes } = await withTenant(orm.em, { tenantId: otherDistrict }, (em) =>
      seedHierarchy(em, otherDistrict, { streets: 1, communitiesPerStreet: 1, courtyardsPerCommunity: 1 }),
    );
    const next = await upload(otherDistrict, ImportFormat.CSV, csv([HEADER, [courtyardCodes[0], '1-101', '', '', '']]));

    const hungryJob = await producer.queue.add(
      JOBS.importRecords,
      { tenantId: hungryDistrict, importId: hungry },
      { jobId: hungry, attempts: 3 },
    );
    const nextJob = await producer.queue.add(
      JOBS.importRecords,
      { tenantId: otherDistrict, importId: next },
      { jobId: next, attempts: 3 },
    );
    await expect(hungryJob.waitUntilFinished(producer.events, 120_000)).rejects.toThrow(
      /^sandboxed process out of memory/,
    );
    expect(await nextJob.waitUntilFinished(producer.events, 120_000)).toMatchObject({
      status: 'COMPLETED',
      storedRows: 1,
    });

    // failed for good at the first attempt (the same file would exhaust the next process too)
    const failedJob = await producer.queue.getJob(hungry);
    expect(await failedJob?.getState()).toBe('failed');
    expect(failedJob?.attemptsMade).toBe(1);
    // the hook runs in the host once BullMQ has failed the job
    let row = await importRow(hungryDistrict, hungry);
    for (let i = 0; i < 100 && row.status !== 'FAILED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      row = await importRow(hungryDistrict, hungry);
    }
    expect(row).toEqual({
      status: 'FAILED',
      failed_reason: '处理中断：读取文件所需的内存超过上限，导入进程已停止；请拆分文件或删除多余内容后重新上传',
      has_content: false,
    });
    expect(await importRow(otherDistrict, next)).toMatchObject({ status: 'COMPLETED', has_content: false });
  }, 180_000);

  it('the sweeper fails imports whose job is gone or failed unrecorded, and leaves the others', async () => {
    const tenantId = await createDistrict(orm, 'swept');
    const content = csv([HEADER]);
    const [lost, unrecorded, waiting, recent] = [
      await upload(tenantId, ImportFormat.CSV, content),
      await upload(tenantId, ImportFormat.CSV, content),
      await upload(tenantId, ImportFormat.CSV, content),
      await upload(tenantId, ImportFormat.CSV, content),
    ];
    await withTenant(orm.em, { tenantId }, (em) =>
      em.execute(
        `update imports set created_at = now() - interval '10 minutes',
           status = case when id = ? then 'ACTIVE' else status end where id <> ?`,
        [unrecorded, recent],
      ),
    );
    // `lost` has no job (Redis lost it); `unrecorded`'s job failed while its hook could not run;
    // `waiting`'s job waits (delayed); `recent` is younger than the minimum age and has no job yet
    const failing = await producer.queue.add('not-an-import', {}, { jobId: unrecorded });
    await failing.moveToFailed(new Error('job stalled more than allowable limit'), '0', false);
    await producer.queue.add(JOBS.importRecords, { tenantId, importId: waiting }, { jobId: waiting, delay: 3_600_000 });

    expect(await service.importSweeper!.sweep()).toBe(2);
    expect(await importRow(tenantId, lost)).toEqual({
      status: 'FAILED',
      failed_reason: '处理中断：任务队列中已没有该导入（如队列数据丢失），请重新上传',
      has_content: false,
    });
    expect(await importRow(tenantId, unrecorded)).toEqual({
      status: 'FAILED',
      failed_reason: expect.stringMatching(/^处理中断：/),
      has_content: false,
    });
    expect(await importRow(tenantId, waiting)).toMatchObject({ status: 'QUEUED', has_content: true });
    expect(await importRow(tenantId, recent)).toMatchObject({ status: 'QUEUED', has_content: true });
    expect(await service.importSweeper!.sweep()).toBe(0);
  });
});
