import type { MikroORM } from '@mikro-orm/postgresql';
import {
  type ImportError,
  ImportFormat,
  ImportKind,
  JOBS,
  PersonalDataCipher,
  QUEUES,
  localDate,
  withTenant,
} from '@xiaoyuan/schema';
import ExcelJS from 'exceljs';
import { MAX_XLSX_SHARED_STRINGS_BYTES, MAX_XLSX_UNCOMPRESSED_BYTES } from '@xiaoyuan/domain';
import { csv, householdRows, insertImport, seedHierarchy } from '../bench/import-fixtures';
import type { ImportRecordsResult } from '../src/jobs/import-records.job';
import { TEST_ENCRYPTION_KEY, type TestProducer, createDistrict } from './support/test-environment';
import { WorkerHarness } from './support/worker-harness';
import { buildZip, readZip } from './support/zip-builder';

interface ImportRecord {
  status: string;
  content: Buffer | null;
  content_deleted_at: string | null;
  total_rows: number | null;
  stored_rows: number | null;
  errors: ImportError[];
  failed_reason: string | null;
  finished_at: string | null;
}

const HOUSEHOLD_HEADER = ['courtyard_code', '户号', '面积', '联系人', '联系电话'];
const cipher = new PersonalDataCipher(TEST_ENCRYPTION_KEY);

describe('import-records through BullMQ', () => {
  let harness: WorkerHarness;
  let producer: TestProducer;
  let kpiProducer: TestProducer;
  let orm: MikroORM;
  let tenantId: string;
  let courtyardCodes: string[];
  const progress = new Map<string, number[]>();

  beforeAll(async () => {
    harness = await WorkerHarness.open();
    orm = harness.orm;
    tenantId = await createDistrict(orm, 'imports');
    ({ courtyardCodes } = await withTenant(orm.em, { tenantId }, (em) =>
      seedHierarchy(em, tenantId, { streets: 2, communitiesPerStreet: 5, courtyardsPerCommunity: 5 }),
    ));
    // the kpi queue too: imported attendance is followed by a KPI refresh of its courtyards
    await harness.startWorker({ queues: [QUEUES.imports, QUEUES.kpi] });
    producer = await harness.producer(QUEUES.imports);
    kpiProducer = await harness.producer(QUEUES.kpi);
    producer.events.on('progress', ({ jobId, data }) =>
      progress.set(jobId, [...(progress.get(jobId) ?? []), data as number]),
    );
  });

  afterAll(() => harness?.close());

  const tenant = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(orm.em, { tenantId }, work);

  /** uploads like the API: the imports row, then the job with job id = import id */
  const upload = async (kind: ImportKind, content: Buffer, format = ImportFormat.CSV) => {
    const importId = await tenant((em) =>
      insertImport(
        em,
        tenantId,
        { kind, format, filename: `${kind.toLowerCase()}.${format.toLowerCase()}`, content },
        cipher,
      ),
    );
    const job = await producer.queue.add(JOBS.importRecords, { tenantId, importId }, { jobId: importId, attempts: 3 });
    return { importId, finished: job.waitUntilFinished(producer.events, 60_000) as Promise<ImportRecordsResult> };
  };
  const importRow = (importId: string) =>
    tenant((em) =>
      em.execute<ImportRecord[]>(
        `select status, content, content_deleted_at, total_rows, stored_rows, errors, failed_reason, finished_at
         from imports where id = ?`,
        [importId],
      ),
    ).then((rows) => rows[0]);
  const count = (table: string) =>
    tenant((em) => em.execute<{ n: string }[]>(`select count(*) as n from ${table}`)).then((rows) => Number(rows[0].n));

  describe('households, 10,000 rows', () => {
    const rows = () => householdRows(10_000, courtyardCodes);

    it('with 3 bad rows stores nothing and reports exactly those rows', async () => {
      const data = rows();
      data[41][2] = '-12.5'; // row 43 of the sheet: negative area
      data[4999][1] = data[4000][1]; // row 5001 repeats the household of row 4002 (same courtyard)
      data[4999][0] = data[4000][0];
      data[8887][0] = 'NOPE01'; // row 8889: unknown courtyard
      const { importId, finished } = await upload(ImportKind.HOUSEHOLDS, csv([HOUSEHOLD_HEADER, ...data]));
      await expect(finished).rejects.toThrow('3 行有错误（共 10000 行），未导入任何数据');

      const record = await importRow(importId);
      expect(record).toMatchObject({
        status: 'FAILED',
        total_rows: 10_000,
        stored_rows: 0,
        failed_reason: '3 行有错误（共 10000 行），未导入任何数据',
      });
      expect(record.finished_at).toBeTruthy();
      // the report is kept, the file is not
      expect(record).toMatchObject({ content: null, content_deleted_at: expect.anything() });
      expect(record.errors).toEqual([
        { row: 43, column: 'area_sqm', code: 'INVALID', rule: 'POSITIVE', reason: '面积必须大于 0' },
        {
          row: 5001,
          column: 'code',
          code: 'DUPLICATE',
          rule: 'DUPLICATE_IN_FILE',
          params: { value: data[4000][1], firstRow: 4002 },
          reason: `户号“${data[4000][1]}”与第 4002 行重复`,
        },
        {
          row: 8889,
          column: 'courtyard_code',
          code: 'NOT_FOUND',
          rule: 'NOT_FOUND',
          params: { value: 'NOPE01' },
          reason: '小院编码“NOPE01”不存在',
        },
      ]);
      expect(await count('households')).toBe(0);
      // a bad file never succeeds: failed at once, no retry
      expect((await producer.queue.getJob(importId))?.attemptsMade).toBe(1);
      expect(progress.get(importId)?.at(-1)).toBe(100);
    });

    let completedId: string;

    it('clean, stores all 10,000 with the contacts encrypted', async () => {
      const data = rows();
      const { importId, finished } = await upload(ImportKind.HOUSEHOLDS, csv([HOUSEHOLD_HEADER, ...data]));
      completedId = importId;
      // the status is visible outside the job's transaction while the job runs
      const seen = new Set<string>();
      let done = false;
      const watching = (async () => {
        while (!done) {
          seen.add((await importRow(importId)).status);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      const result = await finished.finally(() => (done = true));
      await watching;
      expect(seen).toContain('ACTIVE');
      expect(result).toEqual({
        importId,
        kind: ImportKind.HOUSEHOLDS,
        status: 'COMPLETED',
        totalRows: 10_000,
        storedRows: 10_000,
        alreadyCompleted: false,
      });
      expect(await importRow(importId)).toMatchObject({
        status: 'COMPLETED',
        total_rows: 10_000,
        stored_rows: 10_000,
        errors: [],
        failed_reason: null,
        content: null,
        content_deleted_at: expect.anything(),
      });
      expect(await count('households')).toBe(10_000);

      const stored = await tenant((em) =>
        em.execute<
          {
            courtyard: string;
            code: string;
            area_sqm: string;
            contact_name_enc: string | null;
            contact_phone_enc: string | null;
          }[]
        >(
          `select c.code as courtyard, h.code, h.area_sqm, h.contact_name_enc, h.contact_phone_enc
           from households h join courtyards c on c.id = h.courtyard_id`,
        ),
      );
      const byKey = new Map(stored.map((row) => [`${row.courtyard}/${row.code}`, row]));
      for (const [courtyard, code, area, name, phone] of data.filter((_, index) => index % 97 === 0)) {
        const row = byKey.get(`${courtyard}/${code}`)!;
        expect(row.area_sqm).toBe(area);
        expect(cipher.decrypt(row.contact_name_enc)).toBe(name);
        expect(cipher.decrypt(row.contact_phone_enc)).toBe(phone);
      }
      const plain = await tenant((em) =>
        em.execute<{ n: string }[]>(
          `select count(*) as n from households where contact_phone_enc ~ '^1[0-9]{10}$' or contact_name_enc ~ '^王'`,
        ),
      );
      expect(Number(plain[0].n)).toBe(0);
      expect(stored.filter((row) => row.contact_phone_enc !== null)).toHaveLength(5_000);
      expect(progress.get(importId)?.at(-1)).toBe(100);
      const audit = await tenant((em) =>
        em.execute<{ operation: string }[]>(`select operation from audit_log where target_id = ?`, [importId]),
      );
      expect(audit).toEqual([{ operation: 'importRecords' }]);
    });

    it('re-running a completed import changes nothing', async () => {
      const job = await producer.queue.add(
        JOBS.importRecords,
        { tenantId, importId: completedId },
        { jobId: `${completedId}-again` },
      );
      const result = (await job.waitUntilFinished(producer.events, 30_000)) as ImportRecordsResult;
      expect(result).toMatchObject({ importId: completedId, alreadyCompleted: true, storedRows: 10_000 });
      expect(await count('households')).toBe(10_000);
      expect(await importRow(completedId)).toMatchObject({ status: 'COMPLETED', stored_rows: 10_000 });
    });

    it('refuses households that exist already', async () => {
      const data = rows().slice(0, 3);
      const { importId, finished } = await upload(ImportKind.HOUSEHOLDS, csv([HOUSEHOLD_HEADER, ...data]));
      await expect(finished).rejects.toThrow('3 行有错误');
      const { errors } = await importRow(importId);
      expect(errors.map((error) => [error.row, error.column, error.rule])).toEqual([
        [2, 'code', 'ALREADY_EXISTS'],
        [3, 'code', 'ALREADY_EXISTS'],
        [4, 'code', 'ALREADY_EXISTS'],
      ]);
    });
  });

  it('imports courtyards from XLSX (Chinese headers and type labels)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('小院');
    sheet.addRow(['街道编码', '社区编码', '小院编码', '小院名称', '小院类型', '户数', '地址']);
    sheet.addRow(['JD01', 'SQ0101', 'NEW001', '幸福里 1号院', '老旧小区', 120, '建设路 18号']);
    sheet.addRow(['JD01', 'SQ0102', 'NEW002', '阳光花园', 'COMMERCIAL_HOUSING', 86, null]);
    sheet.addRow(['JD02', 'SQ0201', 'NEW003', '机械厂宿舍', '单位宿舍', 0, '']);
    const { importId, finished } = await upload(
      ImportKind.COURTYARDS,
      Buffer.from(await workbook.xlsx.writeBuffer()),
      ImportFormat.XLSX,
    );
    expect(await finished).toMatchObject({ importId, status: 'COMPLETED', totalRows: 3, storedRows: 3 });
    const stored = await tenant((em) =>
      em.execute<Record<string, unknown>[]>(
        `select c.code, c.name, c.type, c.household_count, c.address, s.code as street, co.code as community
         from courtyards c join streets s on s.id = c.street_id join communities co on co.id = c.community_id
         where c.code like 'NEW%' order by c.code`,
      ),
    );
    expect(stored).toEqual([
      {
        code: 'NEW001',
        name: '幸福里 1号院',
        type: 'OLD_COMPOUND',
        household_count: 120,
        address: '建设路 18号',
        street: 'JD01',
        community: 'SQ0101',
      },
      {
        code: 'NEW002',
        name: '阳光花园',
        type: 'COMMERCIAL_HOUSING',
        household_count: 86,
        address: null,
        street: 'JD01',
        community: 'SQ0102',
      },
      {
        code: 'NEW003',
        name: '机械厂宿舍',
        type: 'WORK_UNIT_DORMITORY',
        household_count: 0,
        address: null,
        street: 'JD02',
        community: 'SQ0201',
      },
    ]);
  });

  it('reports every bad courtyard row: types, ranges, enums, codes, references, duplicates', async () => {
    const { importId, finished } = await upload(
      ImportKind.COURTYARDS,
      csv([
        ['street_code', 'community_code', 'code', 'name', 'type', 'household_count'],
        ['JD01', 'SQ0101', 'BAD001', '甲院', '别墅', '-1'],
        ['JD01', 'SQ0201', 'BAD002', '乙院', 'OTHER', '1.5'],
        ['JD09', 'SQ0101', 'BAD 3', '', 'OTHER', ''],
        ['JD01', 'SQ0101', 'BAD001', '丙院', 'OTHER', '3'],
        ['JD01', 'SQ0101', 'XY0001', '丁院', 'OTHER', '3'],
      ]),
    );
    await expect(finished).rejects.toThrow('5 行有错误');
    const { errors } = await importRow(importId);
    expect(errors.map((error) => `${error.row}:${error.column}:${error.code}:${error.reason}`)).toEqual([
      '2:type:INVALID:小院类型必须是以下之一：老旧小区、新建商品房、单位宿舍、其他',
      '2:household_count:INVALID:户数不能小于 0',
      '3:community_code:INVALID:社区“SQ0201”不属于街道“JD01”',
      '3:household_count:INVALID:户数必须是整数',
      '4:street_code:NOT_FOUND:街道编码“JD09”不存在',
      '4:code:INVALID:小院编码只能包含字母、数字、“_”和“-”，最多 32 个字符',
      '4:name:REQUIRED:小院名称不能为空',
      '4:household_count:REQUIRED:户数不能为空',
      '5:code:DUPLICATE:小院编码“BAD001”与第 2 行重复',
      '6:code:DUPLICATE:小院编码“XY0001”已存在',
    ]);
    expect(await tenant((em) => em.execute(`select 1 from courtyards where code like 'BAD%'`))).toEqual([]);
  });

  describe('activity attendance', () => {
    const header = ['小院编码', '活动日期', '活动类型', '活动名称', '户号', '参与人数', '青年人数'];
    let households: { courtyard: string; code: string }[];

    beforeAll(async () => {
      households = await tenant((em) =>
        em.execute<{ courtyard: string; code: string }[]>(
          `select c.code as courtyard, h.code from households h join courtyards c on c.id = h.courtyard_id
           where c.code in ('XY0001', 'XY0002') order by c.code, h.code`,
        ),
      );
    });

    const attendance = (unknownHousehold: boolean) => {
      const [a1, a2, a3] = households.filter((household) => household.courtyard === 'XY0001');
      const [b1] = households.filter((household) => household.courtyard === 'XY0002');
      return csv([
        header,
        ['XY0001', '2026-11-08', '议事会', '楼道堆物清理', a1.code, 2, 1],
        ['XY0001', '2026/11/8', 'DELIBERATION_MEETING', '楼道堆物清理', a2.code, '', ''],
        ['XY0001', '2026-11-08', '议事会', '楼道堆物清理', unknownHousehold ? '99-999' : a3.code, 3, 0],
        ['XY0002', '2026-11-09', '文化活动', '重阳节茶话会', b1.code, 1, 0],
        ['XY0001', '2026-11-09', '文化活动', '重阳节茶话会', a1.code, 4, 4],
      ]);
    };

    it('an unknown household rejects the whole file, and nothing is stored', async () => {
      const { importId, finished } = await upload(ImportKind.ATTENDANCE, attendance(true));
      await expect(finished).rejects.toThrow('1 行有错误');
      const { errors } = await importRow(importId);
      expect(errors).toEqual([
        expect.objectContaining({
          row: 4,
          column: 'household_code',
          code: 'UNKNOWN_HOUSEHOLD',
          reason: '户号“99-999”不是小院“XY0001”的住户',
        }),
      ]);
      expect(await count('activities')).toBe(0);
      expect(await count('activity_attendance')).toBe(0);
    });

    it('groups rows into activities by courtyard, date, kind and title', async () => {
      const { finished } = await upload(ImportKind.ATTENDANCE, attendance(false));
      expect(await finished).toMatchObject({ status: 'COMPLETED', totalRows: 5, storedRows: 5 });
      const activities = await tenant((em) =>
        em.execute<Record<string, unknown>[]>(
          `select c.code as courtyard, to_char(a.held_on, 'YYYY-MM-DD') as held_on, a.kind, a.title,
                  count(*)::int as households, sum(t.participants)::int as participants, sum(t.youth_participants)::int as youth
           from activities a join courtyards c on c.id = a.courtyard_id join activity_attendance t on t.activity_id = a.id
           group by 1, 2, 3, 4 order by 1, 2`,
        ),
      );
      expect(activities).toEqual([
        {
          courtyard: 'XY0001',
          held_on: '2026-11-08',
          kind: 'DELIBERATION_MEETING',
          title: '楼道堆物清理',
          households: 3,
          participants: 6,
          youth: 1,
        },
        {
          courtyard: 'XY0001',
          held_on: '2026-11-09',
          kind: 'CULTURAL',
          title: '重阳节茶话会',
          households: 1,
          participants: 4,
          youth: 4,
        },
        {
          courtyard: 'XY0002',
          held_on: '2026-11-09',
          kind: 'CULTURAL',
          title: '重阳节茶话会',
          households: 1,
          participants: 1,
          youth: 0,
        },
      ]);
      // once committed, the two courtyards' KPIs are recomputed from the file's first month on
      const courtyardIds = await tenant((em) =>
        em.execute<{ id: string }[]>(`select id from courtyards where code in ('XY0001', 'XY0002') order by id`),
      ).then((rows) => rows.map((row) => row.id));
      let refresh: { data: unknown; finishedOn?: number } | undefined;
      for (let i = 0; i < 100 && !refresh?.finishedOn; i++) {
        const jobs = await kpiProducer.queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
        refresh = jobs.find((job) => job.name === JOBS.recomputeKpis);
        if (!refresh?.finishedOn) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(refresh?.data).toEqual({
        tenantId,
        period: '2026-11',
        through: expect.stringMatching(/^\d{4}-\d{2}$/),
        courtyardIds,
      });
      expect(refresh?.finishedOn).toBeDefined();
    });

    it('refuses future dates, a household twice in one activity, too many youths and an activity imported before', async () => {
      const [a1, a2] = households.filter((household) => household.courtyard === 'XY0001');
      const tomorrow = new Date(Date.now() + 36 * 3600_000);
      const { importId, finished } = await upload(
        ImportKind.ATTENDANCE,
        csv([
          header,
          ['XY0001', localDate('Asia/Shanghai', tomorrow), '培训', '消防培训', a1.code, 1, 0],
          ['XY0001', '2026-10-01', '培训', '急救培训', a1.code, 1, 0],
          ['XY0001', '2026-10-01', 'TRAINING', '急救培训', a1.code, 2, 3],
          ['XY0001', '2026-11-08', '议事会', '楼道堆物清理', a2.code, 1, 0],
        ]),
      );
      await expect(finished).rejects.toThrow('3 行有错误');
      const { errors } = await importRow(importId);
      expect(errors.map((error) => [error.row, error.column, error.rule])).toEqual([
        [2, 'held_on', 'FUTURE_DATE'],
        [4, 'household_code', 'HOUSEHOLD_TWICE_IN_ACTIVITY'],
        [4, 'youth_participants', 'YOUTH_ABOVE_PARTICIPANTS'],
        [5, 'activity_title', 'ACTIVITY_EXISTS'],
      ]);
    });

    it("audits an API client's upload with the client as the actor (DOMAIN.md §10)", async () => {
      const [a1] = households.filter((household) => household.courtyard === 'XY0001');
      const { importId, clientId } = await tenant(async (em) => {
        const [client] = await em.execute<{ id: string }[]>(
          `insert into api_clients (tenant_id, name, secret_hash, scopes) values (?, '议事厅小程序', 'hash', '{RECORDS_WRITE}') returning id`,
          [tenantId],
        );
        const id = await insertImport(
          em,
          tenantId,
          {
            kind: ImportKind.ATTENDANCE,
            format: ImportFormat.CSV,
            filename: 'partner.csv',
            content: csv([header, ['XY0001', '2026-11-10', 'TRAINING', '垃圾分类培训', a1.code, 1, 0]]),
          },
          cipher,
        );
        await em.execute(`update imports set created_by_client = ? where id = ?`, [client.id, id]);
        return { importId: id, clientId: client.id };
      });
      const job = await producer.queue.add(JOBS.importRecords, { tenantId, importId }, { jobId: importId });
      expect(await job.waitUntilFinished(producer.events, 60_000)).toMatchObject({
        status: 'COMPLETED',
        storedRows: 1,
      });
      const audit = await tenant((em) =>
        em.execute(`select actor_kind, actor_id from audit_log where target_id = ?`, [importId]),
      );
      expect(audit).toEqual([{ actor_kind: 'API_CLIENT', actor_id: clientId }]);
    });
  });

  it('reports a NUL or another control character in a cell as a row error, and stores nothing', async () => {
    const { importId, finished } = await upload(
      ImportKind.COURTYARDS,
      csv([
        ['street_code', 'community_code', 'code', 'name', 'type', 'household_count'],
        ['JD01', 'SQ0101', 'NUL001', '甲\u0000院', 'OTHER', '3'],
        ['JD01', 'SQ0101', 'NUL002\u0007', '乙院', 'OTHER', '3'],
        ['JD01', 'SQ0101', 'NUL003', '丙院', 'OTHER', '3'],
      ]),
    );
    await expect(finished).rejects.toThrow('2 行有错误');
    const { errors, status } = await importRow(importId);
    expect(status).toBe('FAILED');
    expect(errors.map((error) => `${error.row}:${error.column}:${error.rule}:${error.reason}`)).toEqual([
      '2:null:BAD_CHARACTER:第 4 列含有不可见的控制字符（如 NUL）或无效字符',
      '3:null:BAD_CHARACTER:第 3 列含有不可见的控制字符（如 NUL）或无效字符',
    ]);
    expect(await tenant((em) => em.execute(`select 1 from courtyards where code like 'NUL%'`))).toEqual([]);
  });

  it('fails a file with a bad header with a clear reason', async () => {
    const { importId, finished } = await upload(
      ImportKind.HOUSEHOLDS,
      csv([
        ['小院编码', '门牌', '面积', '面积'],
        ['XY0001', '1-101', '50', '60'],
      ]),
    );
    await expect(finished).rejects.toThrow('表头有误');
    const record = await importRow(importId);
    expect(record.status).toBe('FAILED');
    expect(record.failed_reason).toBe('表头有误：未知的列“门牌”；缺少必填列“户号”；列“面积”重复');
    expect(record.errors.map((error) => [error.row, error.column, error.code])).toEqual([
      [1, null, 'UNKNOWN_COLUMN'],
      [1, 'code', 'MISSING_COLUMN'],
      [1, 'area_sqm', 'DUPLICATE_COLUMN'],
    ]);
  });

  it('fails an empty file, a file without data rows and a file that is not UTF-8', async () => {
    const outcomes = [];
    for (const content of [Buffer.alloc(0), csv([HOUSEHOLD_HEADER]), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd, 0x0a])]) {
      const { importId, finished } = await upload(ImportKind.HOUSEHOLDS, content);
      await expect(finished).rejects.toThrow();
      outcomes.push((await importRow(importId)).errors.map((error) => error.rule));
    }
    expect(outcomes).toEqual([['NO_HEADER'], ['NO_ROWS'], ['NOT_UTF8']]);
  });

  describe('limits, checked while reading', () => {
    const expectFailed = async (content: Buffer, reason: string, format = ImportFormat.CSV) => {
      const { importId, finished } = await upload(ImportKind.HOUSEHOLDS, content, format);
      await expect(finished).rejects.toThrow(reason);
      const record = await importRow(importId);
      expect(record).toMatchObject({ status: 'FAILED', failed_reason: reason, content: null });
      expect((await producer.queue.getJob(importId))?.attemptsMade).toBe(1);
      return record;
    };

    it('a header of 1,000,000 columns', async () => {
      const header = Array.from({ length: 1_000_000 }, (_, index) => `列${index}`).join(',');
      const record = await expectFailed(
        Buffer.from(`${header}\r\nXY0001,1-1\r\n`),
        '无法读取文件：第 1 行：超过 50 列',
      );
      expect(record.errors).toEqual([
        { row: 1, column: null, code: 'BAD_FILE', rule: 'TOO_MANY_COLUMNS', params: { max: 50 }, reason: '超过 50 列' },
      ]);
    });

    it('a row longer than 64 KiB (an unclosed quote)', async () => {
      const lines = ['小院编码,户号', 'XY0001,L-1', 'XY0001,L-2', 'XY0001,"L-3', 'XY0001,L-4'];
      for (let index = 5; index < 20_000; index++) lines.push(`XY0001,L-${index}`);
      await expectFailed(
        Buffer.from(lines.join('\n')),
        '无法读取文件：第 4 行：本行超过 64 KB（是否有引号没有闭合？）',
      );
    });

    it('more than 200,000 rows', async () => {
      const content = Buffer.from(
        ['小院编码,户号', ...Array.from({ length: 200_001 }, (_, index) => `XY0001,T-${index}`)].join('\n'),
      );
      const record = await expectFailed(content, '文件超过 200000 行数据');
      expect(record.errors).toEqual([expect.objectContaining({ row: 200_002, rule: 'TOO_MANY_ROWS' })]);
      expect(await count(`households where code like 'T-%'`)).toBe(0);
    });

    it('20,000 bad rows: the first 1,000 problems reported, the rest counted', async () => {
      // each an unknown courtyard (one problem a row)
      const rows = Array.from({ length: 20_000 }, (_, index) => ['NOPE', `N-${index}`, '50', '', '']);
      const record = await expectFailed(
        csv([HOUSEHOLD_HEADER, ...rows]),
        '20000 行有错误（共 20000 行），未导入任何数据；报告列出前 1000 个问题，另有 19000 个未列出',
      );
      expect(record.errors).toHaveLength(1000);
      expect(record.errors[0]).toMatchObject({ row: 2, rule: 'NOT_FOUND' });
      expect(record.errors.at(-1)).toMatchObject({ row: 1001 });
    });

    describe('XLSX', () => {
      /** the households template as exceljs writes it, its entries to be rebuilt */
      const households = async (rows: unknown[][] = [HOUSEHOLD_HEADER]) => {
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('住户');
        for (const row of rows) sheet.addRow(row);
        return readZip(Buffer.from(await workbook.xlsx.writeBuffer()));
      };

      it('a small file that inflates past 256 MB (a zip bomb)', async () => {
        const entries = await households();
        const bomb = buildZip([
          ...entries.filter((entry) => entry.name !== 'xl/worksheets/sheet1.xml'),
          { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(MAX_XLSX_UNCOMPRESSED_BYTES + 1, 0x20) },
        ]);
        expect(bomb.length).toBeLessThan(1024 * 1024);
        const record = await expectFailed(bomb, '无法读取文件：XLSX 文件解压后超过 256 MB', ImportFormat.XLSX);
        expect(record.errors).toEqual([
          expect.objectContaining({ row: 1, code: 'BAD_FILE', rule: 'UNCOMPRESSED_TOO_LARGE', params: { max: 256 } }),
        ]);
      });

      it('shared strings past 64 MB', async () => {
        const entries = await households();
        const strings = buildZip(
          entries.map((entry) =>
            entry.name === 'xl/sharedStrings.xml'
              ? { name: entry.name, data: Buffer.alloc(MAX_XLSX_SHARED_STRINGS_BYTES + 1, 0x20) }
              : entry,
          ),
        );
        await expectFailed(strings, '无法读取文件：XLSX 文件的文本（共享字符串）超过 64 MB', ImportFormat.XLSX);
      });

      it('a header of more than 50 columns, and a row of more than 64 KiB', async () => {
        const wide = Array.from({ length: 60 }, (_, index) => `列${index}`);
        await expectFailed(buildZip(await households([wide])), '表头有误：超过 50 列', ImportFormat.XLSX);
        const long = await households([HOUSEHOLD_HEADER, [courtyardCodes[0], 'X-1', '', 'x'.repeat(70_000), '']]);
        await expectFailed(
          buildZip(long),
          '无法读取文件：第 2 行：本行超过 64 KB（是否有引号没有闭合？）',
          ImportFormat.XLSX,
        );
      });
    });

    it("the same worker then imports another district's file", async () => {
      const other = await createDistrict(orm, 'after-limits');
      const [code] = await withTenant(orm.em, { tenantId: other }, (em) =>
        seedHierarchy(em, other, { streets: 1, communitiesPerStreet: 1, courtyardsPerCommunity: 1 }),
      ).then((seeded) => seeded.courtyardCodes);
      const importId = await withTenant(orm.em, { tenantId: other }, (em) =>
        insertImport(
          em,
          other,
          {
            kind: ImportKind.HOUSEHOLDS,
            format: ImportFormat.CSV,
            filename: 'ok.csv',
            content: csv([HOUSEHOLD_HEADER, [code, '1-101', '', '', '']]),
          },
          cipher,
        ),
      );
      const job = await producer.queue.add(JOBS.importRecords, { tenantId: other, importId }, { jobId: importId });
      expect(await job.waitUntilFinished(producer.events, 60_000)).toMatchObject({
        status: 'COMPLETED',
        storedRows: 1,
      });
    });
  });

  it('fails without retrying a payload without a valid import id, or an import of another district', async () => {
    const job = await producer.queue.add(
      JOBS.importRecords,
      { tenantId, importId: 'nope' },
      { jobId: 'bad-import-id', attempts: 3 },
    );
    await expect(job.waitUntilFinished(producer.events, 30_000)).rejects.toThrow('importId must be a uuid');
    const other = await createDistrict(orm, 'other');
    const { importId, finished } = await upload(ImportKind.HOUSEHOLDS, csv([HOUSEHOLD_HEADER]));
    await expect(finished).rejects.toThrow('文件没有数据行');
    const foreign = await producer.queue.add(
      JOBS.importRecords,
      { tenantId: other, importId },
      { jobId: `${importId}-foreign`, attempts: 3 },
    );
    await expect(foreign.waitUntilFinished(producer.events, 30_000)).rejects.toThrow(/no import .* in the district/);
    expect((await producer.queue.getJob(`${importId}-foreign`))?.attemptsMade).toBe(1);
  });
});
