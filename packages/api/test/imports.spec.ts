import { MikroORM } from '@mikro-orm/postgresql';
import {
  fromGlobalId,
  IMPORT_TEMPLATES,
  ImportKind,
  isEncryptedFile,
  importTemplateCsv,
  ormConfig,
  PersonalDataCipher,
  QUEUES,
} from '@xiaoyuan/schema';
import { createQueueProcessor, importRecordsJob } from '@xiaoyuan/worker/testing';
import { Queue, Worker } from 'bullmq';
import ExcelJS from 'exceljs';
import { QueueRegistry } from '../src/engine/queues';
import { createDistrictFixture, PASSWORD, type DistrictFixture } from './helpers/fixtures';
import { PLATFORM_EMAIL, PLATFORM_PASSWORD, startTestApp, type TestApp } from './helpers/test-app';

// Imports end to end: startImport stores the file and queues the job, the worker's own processor
// (@xiaoyuan/worker/testing) stores the rows or reports every bad one, job(id) follows it.

const START_IMPORT = `mutation($input: StartImportInput!) {
  startImport(input: $input) {
    import { id kind format filename status totalRows storedRows errorCount failedReason createdAt finishedAt }
    job { id state progress failedReason }
    userErrors { field message code }
  }
}`;
const JOB = `query($id: ID!) { job(id: $id) { id state progress failedReason } }`;
const IMPORT = `query($id: ID!) {
  node(id: $id) {
    ... on Import {
      id kind format filename status totalRows storedRows errorCount failedReason finishedAt
      errors { row column reason code }
      job { id state failedReason }
    }
  }
}`;
const IMPORTS = `query($first: Int, $after: String) {
  imports(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id filename status } } }
}`;
const HOUSEHOLDS = `query($id: ID!) { node(id: $id) { ... on Courtyard { households(first: 100) { totalCount edges { node { code areaSqm contactName contactPhone } } } } } }`;

const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const csv = (lines: string[]) => lines.join('\r\n') + '\r\n';

describe('imports', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let b: DistrictFixture;
  let workerOrm: MikroORM;
  let worker: Worker;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'ia');
    b = await createDistrictFixture(t.client, 'ib');
    // the worker process, minus its other queues: the real processor on the test's queue prefix
    workerOrm = await MikroORM.init(ormConfig(t.env.appDatabaseUrl, { ensureDatabase: false }));
    const processor = createQueueProcessor(QUEUES.imports, [importRecordsJob], {
      em: workerOrm.em,
      cipher: new PersonalDataCipher(t.env.dataEncryptionKey),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    worker = new Worker(QUEUES.imports, processor, {
      connection: { url: t.env.redisUrl, maxRetriesPerRequest: null },
      prefix: t.env.queuePrefix,
    });
    worker.on('error', () => undefined);
    queue = new Queue(QUEUES.imports, { connection: { url: t.env.redisUrl }, prefix: t.env.queuePrefix });
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await workerOrm?.close(true);
    await t?.close();
  });

  const start = (token: string, input: Record<string, unknown>, language?: string) =>
    t.client.request(START_IMPORT, { input }, { token, language });
  const importRows = async () => Number((await t.sql<{ n: string }>('select count(*) as n from imports'))[0].n);

  /** polls job(id) until the job has finished */
  const settle = async (token: string, jobId: string) => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const job = (await t.client.request(JOB, { id: jobId }, { token })).data?.job;
      if (job && (job.state === 'COMPLETED' || job.state === 'FAILED')) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${jobId} did not finish`);
  };

  let completedImportId: string;
  let completedJobId: string;

  it('imports households from CSV: the job completes and every row is stored', async () => {
    const file = csv([
      '小院编码,户号,面积,联系人,联系电话',
      'ia-Y2,2-101,75.5,李四,13900001111',
      'ia-Y2,2-102,,,',
      'ia-Y3,3-101,60,,',
    ]);
    const result = await start(a.tokens.admin, {
      kind: 'HOUSEHOLDS',
      filename: 'C:\\Users\\me\\住户.CSV',
      contentBase64: `data:text/csv;base64,${base64(file)}`,
    });
    const payload = result.data!.startImport;
    expect(payload.userErrors).toEqual([]);
    expect(payload.import).toMatchObject({
      kind: 'HOUSEHOLDS',
      format: 'CSV',
      filename: '住户.CSV',
      status: 'QUEUED',
      totalRows: null,
      storedRows: null,
      errorCount: 0,
      finishedAt: null,
    });
    expect(payload.job).toEqual({ id: expect.any(String), state: 'QUEUED', progress: 0, failedReason: null });
    completedImportId = payload.import.id;
    completedJobId = payload.job.id;

    // released at commit (not after the 30 s fallback delay)
    const job = await settle(a.tokens.admin, payload.job.id);
    expect(job).toEqual({ id: payload.job.id, state: 'COMPLETED', progress: 100, failedReason: null });

    const stored = (await t.client.request(IMPORT, { id: payload.import.id }, { token: a.tokens.admin })).data!.node;
    expect(stored).toMatchObject({
      status: 'COMPLETED',
      totalRows: 3,
      storedRows: 3,
      errorCount: 0,
      errors: [],
      failedReason: null,
      job: { id: payload.job.id, state: 'COMPLETED' },
    });
    expect(stored.finishedAt).toEqual(expect.any(String));

    const y2 = (await t.client.request(HOUSEHOLDS, { id: a.courtyards[1] }, { token: a.tokens.admin })).data!.node
      .households;
    expect(y2.totalCount).toBe(2);
    expect(y2.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { code: '2-101', areaSqm: 75.5, contactName: '李四', contactPhone: '13900001111' },
      { code: '2-102', areaSqm: null, contactName: null, contactPhone: null },
    ]);
    const y3 = (await t.client.request(HOUSEHOLDS, { id: a.courtyards[2] }, { token: a.tokens.admin })).data!.node
      .households;
    expect(y3.edges.map((edge: { node: { code: string } }) => edge.node.code)).toEqual(['3-101']);

    // who uploaded it is kept, the file is not (deleted once the import finished); the mutation is audited
    const [row] = await t.sql<{ content: Buffer | null; content_deleted_at: Date | null; created_by: string }>(
      'select content, content_deleted_at, created_by from imports where filename = $1',
      ['住户.CSV'],
    );
    expect(row.content).toBeNull();
    expect(row.content_deleted_at).toEqual(expect.any(Date));
    const [admin] = await t.sql<{ id: string }>('select id from users where email = $1', [a.emails.admin]);
    expect(row.created_by).toBe(admin.id);
    const audit = await t.sql<{ target_type: string; detail: Record<string, unknown> }>(
      `select target_type, detail from audit_log where operation = 'startImport' order by at`,
    );
    expect(audit[0]).toMatchObject({
      target_type: 'Import',
      detail: { ok: true, kind: 'HOUSEHOLDS', format: 'CSV', filename: '住户.CSV' },
    });
  });

  it('a file with bad rows fails, stores nothing and reports exactly those rows', async () => {
    const file = csv([
      '小院编码,户号,面积',
      'ia-Y2,2-201,-5', // row 2: area must be above 0
      'ib-Y1,2-202,', // row 3: district B's courtyard does not exist here
      'ia-Y2,2-101,', // row 4: stored by the first import
      'ia-Y2,2-203,50', // row 5: fine
      'ia-Y2,2-203,', // row 6: repeats row 5
    ]);
    const payload = (
      await start(a.tokens.admin, { kind: 'HOUSEHOLDS', filename: 'bad.csv', contentBase64: base64(file) })
    ).data!.startImport;
    expect(payload.userErrors).toEqual([]);
    const job = await settle(a.tokens.admin, payload.job.id);
    expect(job).toEqual({
      id: payload.job.id,
      state: 'FAILED',
      progress: 100,
      failedReason: '4 行有错误（共 5 行），未导入任何数据',
    });

    const stored = (await t.client.request(IMPORT, { id: payload.import.id }, { token: a.tokens.admin })).data!.node;
    expect(stored).toMatchObject({
      status: 'FAILED',
      totalRows: 5,
      storedRows: 0,
      errorCount: 4,
      failedReason: '4 行有错误（共 5 行），未导入任何数据',
    });
    expect(stored.errors).toEqual([
      { row: 2, column: 'area_sqm', code: 'INVALID', reason: '面积必须大于 0' },
      { row: 3, column: 'courtyard_code', code: 'NOT_FOUND', reason: '小院编码“ib-Y1”不存在' },
      { row: 4, column: 'code', code: 'DUPLICATE', reason: '户号“2-101”已存在' },
      { row: 6, column: 'code', code: 'DUPLICATE', reason: '户号“2-203”与第 5 行重复' },
    ]);
    // the same report in English
    const english = (
      await t.client.request(IMPORT, { id: payload.import.id }, { token: a.tokens.admin, language: 'en' })
    ).data!.node;
    expect(english.errors.map((error: { reason: string }) => error.reason)).toEqual([
      'Area (m²) must be above 0',
      'no Courtyard code "ib-Y1"',
      'Household code "2-101" exists already',
      'Household code "2-203" repeats row 5',
    ]);
    const codes = await t.sql<{ code: string }>(
      `select h.code from households h join courtyards c on c.id = h.courtyard_id where c.code = 'ia-Y2' order by h.code`,
    );
    expect(codes.map((row) => row.code)).toEqual(['2-101', '2-102']);
  });

  it('an XLSX file made from the downloaded template imports', async () => {
    const response = await fetch(`${t.url}/imports/templates/households.xlsx`, {
      headers: { authorization: `Bearer ${a.tokens.admin}` },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    sheet.getRow(2).values = ['ia-Y4', '4-0101', '88', '', ''];
    sheet.getRow(3).values = ['ia-Y4', '4-0102', '', '王五', ''];
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const payload = (
      await start(a.tokens.admin, {
        kind: 'HOUSEHOLDS',
        filename: 'households.xlsx',
        contentBase64: content.toString('base64'),
      })
    ).data!.startImport;
    expect(payload.userErrors).toEqual([]);
    expect(payload.import.format).toBe('XLSX');
    expect((await settle(a.tokens.admin, payload.job.id)).state).toBe('COMPLETED');
    const y4 = (await t.client.request(HOUSEHOLDS, { id: a.courtyards[3] }, { token: a.tokens.admin })).data!.node
      .households;
    expect(y4.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { code: '4-0101', areaSqm: 88, contactName: null, contactPhone: null },
      { code: '4-0102', areaSqm: null, contactName: '王五', contactPhone: null },
    ]);
  });

  it('refuses a bad file name, bad Base64, an empty or too large file, and stores nothing', async () => {
    const before = await importRows();
    const good = base64('小院编码,户号\r\nia-Y2,2-999\r\n');
    const cases: [Record<string, unknown>, string[], string][] = [
      [
        { filename: 'households.txt', contentBase64: good },
        ['input', 'filename'],
        '文件名必须以 .csv 或 .xlsx 结尾，且不超过 255 个字符',
      ],
      [
        { filename: 'households', contentBase64: good },
        ['input', 'filename'],
        '文件名必须以 .csv 或 .xlsx 结尾，且不超过 255 个字符',
      ],
      [
        { filename: `${'x'.repeat(252)}.csv`, contentBase64: good },
        ['input', 'filename'],
        '文件名必须以 .csv 或 .xlsx 结尾，且不超过 255 个字符',
      ],
      [
        { filename: 'households.csv', contentBase64: '%%% not base64 %%%' },
        ['input', 'contentBase64'],
        '文件内容不是有效的 Base64 编码',
      ],
      [
        { filename: 'households.csv', contentBase64: 'YWJjZA' },
        ['input', 'contentBase64'],
        '文件内容不是有效的 Base64 编码',
      ],
      [{ filename: 'households.csv', contentBase64: '' }, ['input', 'contentBase64'], '文件是空的'],
      [
        { filename: 'households.csv', contentBase64: 'A'.repeat(27_962_032) },
        ['input', 'contentBase64'],
        '文件过大（最多 20 MB）',
      ],
    ];
    for (const [input, field, message] of cases) {
      const result = await start(a.tokens.admin, { kind: 'HOUSEHOLDS', ...input });
      expect({ input: String(input.filename), payload: result.data!.startImport }).toEqual({
        input: String(input.filename),
        payload: { import: null, job: null, userErrors: [{ field, message, code: 'INVALID' }] },
      });
    }
    const english = await start(a.tokens.admin, { kind: 'HOUSEHOLDS', filename: 'x.pdf', contentBase64: good }, 'en');
    expect(english.data!.startImport.userErrors[0].message).toBe(
      'The file name must end in .csv or .xlsx and hold at most 255 characters',
    );
    expect(await importRows()).toBe(before);
    // an unknown kind is malformed input
    expect(
      (await start(a.tokens.admin, { kind: 'RESIDENTS', filename: 'x.csv', contentBase64: good })).errors?.[0]
        .extensions?.code,
    ).toBe('BAD_USER_INPUT');
    expect(await queue.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 0, active: 0 });
  });

  it('refuses a file of the wrong type, not UTF-8 or with a header of too many columns before queueing it', async () => {
    const before = await importRows();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('住户').addRow(Array.from({ length: 60 }, (_, index) => `列${index}`));
    const wideXlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const cases: [string, Buffer, string][] = [
      [
        'households.xlsx',
        Buffer.from('小院编码,户号\r\nia-Y2,2-999\r\n'),
        '文件不是 XLSX 工作簿（文件名以 .xlsx 结尾，内容却不是）',
      ],
      ['households.csv', wideXlsx, '文件不是 CSV 文本（文件名以 .csv 结尾，内容却是压缩包或 Excel 工作簿）'],
      [
        'households.csv',
        Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x2c, 0x41, 0x0d, 0x0a]),
        '文件不是 UTF-8 编码（在 Excel 中请另存为“CSV UTF-8（逗号分隔）”）',
      ],
      ['households.csv', Buffer.from(Array.from({ length: 60 }, (_, index) => `列${index}`).join(',')), '超过 50 列'],
      ['households.xlsx', wideXlsx, '超过 50 列'],
    ];
    for (const [filename, content, reason] of cases) {
      const result = await start(a.tokens.admin, { kind: 'HOUSEHOLDS', filename, contentBase64: base64(content) });
      expect({ filename, reason, payload: result.data!.startImport }).toEqual({
        filename,
        reason,
        payload: {
          import: null,
          job: null,
          userErrors: [{ field: ['input', 'contentBase64'], message: `文件无法导入：${reason}`, code: 'INVALID' }],
        },
      });
    }
    const english = await start(
      a.tokens.admin,
      { kind: 'HOUSEHOLDS', filename: 'households.xlsx', contentBase64: base64(wideXlsx) },
      'en',
    );
    expect(english.data!.startImport.userErrors[0].message).toBe('The file cannot be imported: more than 50 columns');
    expect(await importRows()).toBe(before);
    expect(await queue.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 0, active: 0 });
  });

  it('only the district admin imports: VIEWER and scoped roles get FORBIDDEN, the platform operator an error', async () => {
    const before = await importRows();
    const input = {
      kind: 'COURTYARDS',
      filename: 'courtyards.csv',
      contentBase64: base64(importTemplateCsv(ImportKind.COURTYARDS)),
    };
    for (const role of ['viewer', 'streetOfficer', 'communityWorker', 'courtyardCommittee'] as const) {
      const payload = (await start(a.tokens[role], input)).data!.startImport;
      expect({ role, payload }).toEqual({
        role,
        payload: {
          import: null,
          job: null,
          userErrors: [{ field: ['input'], message: '只有区级管理员可以批量导入', code: 'FORBIDDEN' }],
        },
      });
    }
    const platform = await t.client.login(PLATFORM_EMAIL, PLATFORM_PASSWORD);
    expect((await start(platform, input)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await importRows()).toBe(before);
  });

  it("job(id) and node(id) are null for another district's import; lists stay in the district", async () => {
    expect((await t.client.request(JOB, { id: completedJobId }, { token: b.tokens.admin })).data!.job).toBeNull();
    expect(
      (await t.client.request(IMPORT, { id: completedImportId }, { token: b.tokens.admin })).data!.node,
    ).toBeNull();
    expect((await t.client.request(IMPORTS, {}, { token: b.tokens.admin })).data!.imports).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: [],
    });
    // malformed or unknown job ids
    for (const id of [
      'nope',
      Buffer.from('Job:imports:00000000-0000-0000-0000-000000000000').toString('base64url'),
      Buffer.from('Job:elsewhere:1').toString('base64url'),
    ]) {
      expect((await t.client.request(JOB, { id }, { token: a.tokens.admin })).data!.job).toBeNull();
    }
    // a job of district B on the same queue is not district A's
    const [districtB] = await t.sql<{ id: string }>('select id from districts where code = $1', ['ib']);
    await queue.add(
      'import-records',
      { tenantId: districtB.id, importId: '00000000-0000-0000-0000-000000000001' },
      { jobId: 'b-job', delay: 3_600_000 },
    );
    const bJob = Buffer.from('Job:imports:b-job').toString('base64url');
    expect((await t.client.request(JOB, { id: bJob }, { token: a.tokens.admin })).data!.job).toBeNull();
    expect((await t.client.request(JOB, { id: bJob }, { token: b.tokens.admin })).data!.job).toEqual({
      id: bJob,
      state: 'QUEUED',
      progress: 0,
      failedReason: null,
    });
    await (await queue.getJob('b-job'))?.remove();
    // not signed in
    expect((await t.client.request(JOB, { id: completedJobId })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lists the district’s imports newest first, in pages; a scoped role sees its own', async () => {
    const first = (await t.client.request(IMPORTS, { first: 2 }, { token: a.tokens.admin })).data!.imports;
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((edge: { node: { filename: string } }) => edge.node.filename)).toEqual([
      'households.xlsx',
      'bad.csv',
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (
      await t.client.request(IMPORTS, { first: 2, after: first.pageInfo.endCursor }, { token: a.tokens.admin })
    ).data!.imports;
    expect(rest.edges.map((edge: { node: { id: string; status: string } }) => edge.node)).toEqual([
      { id: completedImportId, filename: '住户.CSV', status: 'COMPLETED' },
    ]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect((await t.client.request(IMPORTS, {}, { token: a.tokens.viewer })).data!.imports.totalCount).toBe(3);
    expect((await t.client.request(IMPORTS, {}, { token: a.tokens.streetOfficer })).data!.imports.totalCount).toBe(0);
    expect(
      (await t.client.request(IMPORT, { id: completedImportId }, { token: a.tokens.streetOfficer })).data!.node,
    ).toBeNull();
    expect(
      (await t.client.request(IMPORTS, { first: 1, after: 'garbage' }, { token: a.tokens.admin })).errors?.[0]
        .extensions?.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('with Redis down the mutation answers UNAVAILABLE and stores nothing', async () => {
    const before = await importRows();
    const live = t.app.services.queues;
    const down = new QueueRegistry('redis://127.0.0.1:1', t.env.queuePrefix, () => undefined);
    t.app.services.queues = down;
    try {
      const input = {
        kind: 'HOUSEHOLDS',
        filename: 'households.csv',
        contentBase64: base64('小院编码,户号\r\nia-Y2,2-301\r\n'),
      };
      const started = Date.now();
      const payload = (await start(a.tokens.admin, input)).data!.startImport;
      expect(payload).toEqual({
        import: null,
        job: null,
        userErrors: [
          { field: null, message: '后台任务服务暂时不可用，未保存任何数据，请稍后重试', code: 'UNAVAILABLE' },
        ],
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await importRows()).toBe(before);
      // reading a job needs Redis too: a clear error, not a wrong answer
      expect(
        (await t.client.request(JOB, { id: completedJobId }, { token: a.tokens.admin })).errors?.[0].extensions?.code,
      ).toBe('SERVICE_UNAVAILABLE');
      // the import itself still reads (from PostgreSQL), without its job
      expect(
        (await t.client.request(IMPORT, { id: completedImportId }, { token: a.tokens.admin })).data!.node,
      ).toMatchObject({ status: 'COMPLETED', job: null });
    } finally {
      t.app.services.queues = live;
      await down.close();
    }
    const [audit] = await t.sql<{ detail: Record<string, unknown> }>(
      `select detail from audit_log where operation = 'startImport' order by at desc limit 1`,
    );
    expect(audit.detail).toMatchObject({ ok: false, userErrors: ['UNAVAILABLE'] });
  });

  it('when the request rolls back, the queued job is withdrawn with the row', async () => {
    const before = await importRows();
    const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed');
    // the second root field fails (a district user may not create districts): the whole mutation rolls back
    const result = await t.client.request(
      `mutation($input: StartImportInput!) {
        startImport(input: $input) { import { id } userErrors { code } }
        createDistrict(input: { name: "x", code: "ix", adminEmail: "x@ix.test", adminPassword: "${PASSWORD}" }) { userErrors { code } }
      }`,
      {
        input: {
          kind: 'HOUSEHOLDS',
          filename: 'households.csv',
          contentBase64: base64('小院编码,户号\r\nia-Y2,2-401\r\n'),
        },
      },
      { token: a.tokens.admin },
    );
    expect(result.data).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await importRows()).toBe(before);
    expect(await queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed')).toEqual(counts);
  });

  it('keeps the file encrypted while it waits, and deletes it when the import fails', async () => {
    await worker.pause();
    const file = csv(['小院编码,户号,联系人,联系电话', 'ia-Y2,2-901,赵六,13900009999', 'nope,2-902,,']);
    let payload;
    try {
      payload = (await start(a.tokens.admin, { kind: 'HOUSEHOLDS', filename: 'wait.csv', contentBase64: base64(file) }))
        .data!.startImport;
      const importId = fromGlobalId(payload.import.id)!.id;
      const [waiting] = await t.sql<{ content: Buffer }>('select content from imports where id = $1', [importId]);
      expect(waiting.content.includes(Buffer.from('赵六'))).toBe(false);
      expect(waiting.content.includes(Buffer.from('13900009999'))).toBe(false);
      expect(isEncryptedFile(waiting.content)).toBe(true);
      expect(new PersonalDataCipher(t.env.dataEncryptionKey).decryptFile(waiting.content).toString('utf8')).toBe(file);
    } finally {
      worker.resume();
    }
    expect((await settle(a.tokens.admin, payload.job.id)).state).toBe('FAILED');
    const [failed] = await t.sql<{ content: Buffer | null; errors: unknown[] }>(
      'select content, errors from imports where filename = $1',
      ['wait.csv'],
    );
    expect(failed).toEqual({ content: null, errors: [expect.objectContaining({ row: 3, rule: 'NOT_FOUND' })] });
  });

  describe('template downloads', () => {
    const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
      fetch(`${t.url}${path}`, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

    it('gives the CSV template (UTF-8 with BOM) as an attachment to a signed-in district user', async () => {
      for (const kind of ['courtyards', 'households', 'attendance']) {
        const response = await get(`/imports/templates/${kind}.csv`, a.tokens.viewer);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${kind}-template.csv"`);
        const body = Buffer.from(await response.arrayBuffer());
        expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
        expect(body).toEqual(importTemplateCsv(kind.toUpperCase() as ImportKind));
      }
      const english = await get('/imports/templates/households.csv?lang=en', a.tokens.admin);
      expect(
        Buffer.from(await english.arrayBuffer())
          .toString('utf8')
          .split('\r\n')[0],
      ).toBe('\uFEFFCourtyard code,Household code,Area (m²),Contact name,Contact phone');
    });

    it('gives the XLSX template with the headers and the example row', async () => {
      const response = await get('/imports/templates/attendance.xlsx', a.tokens.communityWorker, {
        'accept-language': 'en',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="attendance-template.xlsx"');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
      const columns = IMPORT_TEMPLATES[ImportKind.ATTENDANCE].columns;
      expect((workbook.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(
        columns.map((column) => column.header.en),
      );
      expect((workbook.worksheets[0].getRow(2).values as unknown[]).slice(1)).toEqual(
        columns.map((column) => column.example),
      );
      expect(workbook.worksheets[1].rowCount).toBe(columns.length + 1);
    });

    it('answers 401 without a valid token, 403 to the platform operator, 404 for an unknown template', async () => {
      const none = await get('/imports/templates/households.csv');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect((await get('/imports/templates/households.csv', 'not-a-token')).status).toBe(401);
      const platform = await t.client.login(PLATFORM_EMAIL, PLATFORM_PASSWORD);
      expect((await get('/imports/templates/households.csv', platform)).status).toBe(403);
      expect((await get('/imports/templates/residents.csv', a.tokens.admin)).status).toBe(404);
      expect((await get('/imports/templates/households.pdf', a.tokens.admin)).status).toBe(404);
    });
  });
});
