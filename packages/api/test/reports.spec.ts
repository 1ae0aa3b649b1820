import ExcelJS from 'exceljs';
import { createDistrictFixture, rowId, platformToken, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

// GET /reports/<period>.xlsx (DOMAIN.md §9): the quarterly analysis of a district read back from
// its workbook, by role and scope, in both languages, and the refusals.

const CREATE_PLAN = `mutation($input: CreateRolloutPlanInput!) { createRolloutPlan(input: $input) { rolloutPlan { id } userErrors { field message code } } }`;

describe('reports', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let tenantId: string;

  const snapshot = (
    level: string,
    scopeId: string,
    period: string,
    kpi: string,
    value: number | null,
    target: number | null,
    status: string,
  ) =>
    t.sql(
      `insert into kpi_snapshots (tenant_id, scope_level, scope_id, period, kpi, value, numerator, denominator, target, status, provisional)
       values ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, false)`,
      [tenantId, level, scopeId, period, kpi, value, value === null ? 0 : 1, target, status],
    );

  const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

  const workbookOf = async (response: Response) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    return workbook;
  };
  /** a sheet's rows as arrays of cell values (ExcelJS rows are 1-based) */
  const rowsOf = (sheet: ExcelJS.Worksheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };
  const rowStarting = (sheet: ExcelJS.Worksheet, first: unknown) => rowsOf(sheet).find((row) => row[0] === first);

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'ra');
    tenantId = rowId(a.id);
    const plan = await t.client.request(
      CREATE_PLAN,
      { input: { name: '推进计划', startsOn: '2026-01-01', pilotSize: 2 } },
      { token: a.tokens.admin },
    );
    expect(plan.data!.createRolloutPlan.userErrors).toEqual([]);
    // 2026-Q3 (PILOT: plan months 7–9) and the quarter before; participation target 0.30
    const [s1, s2] = a.streets.map(rowId);
    const [m1, m2, m3] = a.communities.map(rowId);
    const [y1, y2, y3, y4] = a.courtyards.map(rowId);
    for (const [level, id, q3, q2, status] of [
      ['DISTRICT', tenantId, 0.25, 0.2, 'YELLOW'],
      ['STREET', s1, 0.35, 0.3, 'GREEN'],
      ['STREET', s2, 0.1, null, 'RED'],
      ['COMMUNITY', m1, 0.4, 0.3, 'GREEN'],
      ['COMMUNITY', m2, 0.2, 0.3, 'YELLOW'],
      ['COMMUNITY', m3, 0.1, 0.1, 'RED'],
      ['COURTYARD', y1, 0.5, 0.4, 'GREEN'],
      ['COURTYARD', y2, 0.3, 0.2, 'GREEN'],
      ['COURTYARD', y3, 0.2, 0.3, 'YELLOW'],
      ['COURTYARD', y4, 0.1, 0.1, 'RED'],
    ] as const) {
      await snapshot(level, id, '2026-Q3', 'PARTICIPATION_RATE', q3, 0.3, status);
      if (q2 !== null) await snapshot(level, id, '2026-Q2', 'PARTICIPATION_RATE', q2, 0.3, 'YELLOW');
      await snapshot(level, id, '2026-Q3', 'SERVICE_RESPONSE_HOURS', null, 24, 'NO_DATA');
    }
    // alerts: courtyard 1 (street 1) opened in July and acknowledged in August; courtyard 4
    // (street 2) opened in September; one event outside the quarter
    const alert = async (courtyard: string, level: string, at: string) => {
      const [row] = await t.sql<{ id: string }>(
        `insert into alerts (tenant_id, courtyard_id, kpi, level, status, period, value, target, street_id, community_id, opened_at)
         select c.tenant_id, c.id, 'PARTICIPATION_RATE', $2, 'OPEN', '2026-07', 0.1, 0.3, c.street_id, c.community_id, $3 from courtyards c where c.id = $1 returning id`,
        [courtyard, level, at],
      );
      await t.sql(
        `insert into alert_events (tenant_id, alert_id, at, action, level, period) values ($1, $2, $3, 'OPENED', $4, '2026-07')`,
        [tenantId, row.id, at, level],
      );
      return row.id;
    };
    const first = await alert(y1, 'YELLOW', '2026-08-01T00:40:00+08:00');
    const [worker] = await t.sql<{ id: string }>(`select id from users where email = $1`, [a.emails.communityWorker]);
    await t.sql(`update alerts set status = 'ACKNOWLEDGED', acknowledged_at = $2 where id = $1`, [
      first,
      '2026-08-03T09:00:00+08:00',
    ]);
    await t.sql(
      `insert into alert_events (tenant_id, alert_id, at, action, note, actor_id) values ($1, $2, '2026-08-03T09:00:00+08:00', 'ACKNOWLEDGED', '已约谈小院议事会', $3)`,
      [tenantId, first, worker.id],
    );
    await alert(y4, 'RED', '2026-09-01T00:35:00+08:00');
    // 2026-10-01 00:10 in Shanghai is still September 30 in UTC: outside the quarter by local time
    await alert(y3, 'YELLOW', '2026-10-01T00:10:00+08:00');
  });

  afterAll(async () => {
    await t?.close();
  });

  it("gives the district admin the district's quarterly analysis as XLSX", async () => {
    const response = await get('/reports/2026-Q3.xlsx', a.tokens.admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toContain(`filename="xiaoyuan-ra-2026-Q3.xlsx"`);
    expect(decodeURIComponent(response.headers.get('content-disposition')!.split("filename*=UTF-8''")[1])).toBe(
      'ra 区 2026-Q3 季度分析.xlsx',
    );
    const workbook = await workbookOf(response);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '概览',
      '各级指标',
      '小院指标',
      '关键节点',
      '预警记录',
    ]);

    const summary = workbook.getWorksheet('概览')!;
    expect(String(summary.getCell('A1').value)).toMatch(/2026-Q3 季度分析$/);
    expect(rowStarting(summary, '阶段')).toEqual(['阶段', '试点探索期']);
    expect(rowStarting(summary, '数据状态')).toEqual(['数据状态', '已结束']);
    // value, target, status, previous, change
    const participation = rowStarting(summary, '居民参与率')!;
    expect(participation.slice(0, 4)).toEqual(['居民参与率', 0.25, 0.3, '黄色预警']);
    expect(participation[4]).toBe(0.2);
    expect(participation[5]).toBeCloseTo(0.05, 10);
    expect(rowStarting(summary, '报修响应时长')!.slice(0, 4)).toEqual(['报修响应时长', undefined, 24, '无数据']);
    const summaryRows = rowsOf(summary);
    // courtyards by status (first table), then communities: green, yellow, red, no data
    const counts = summaryRows.filter(
      (row) => row[0] === '居民参与率' && typeof row[1] === 'number' && row.length === 5,
    );
    expect(counts).toEqual([
      ['居民参与率', 2, 1, 1, 0],
      ['居民参与率', 1, 1, 1, 0],
    ]);
    expect(rowStarting(summary, '生成预警')).toEqual(['生成预警', 2]);
    expect(rowStarting(summary, '签收')).toEqual(['签收', 1]);
    expect(rowStarting(summary, '当前未办结预警')).toEqual(['当前未办结预警', '红色 1, 黄色 2']);

    const units = rowsOf(workbook.getWorksheet('各级指标')!);
    expect(units.slice(2).map((row) => row.slice(0, 5))).toEqual([
      ['区', undefined, 'ra 区', 0.25, '黄色预警'],
      ['街道', 'ra 街道 1', 'ra 街道 1', 0.35, '达标'],
      ['社区', 'ra 街道 1', 'ra 社区 1', 0.4, '达标'],
      ['社区', 'ra 街道 1', 'ra 社区 2', 0.2, '黄色预警'],
      ['街道', 'ra 街道 2', 'ra 街道 2', 0.1, '红色预警'],
      ['社区', 'ra 街道 2', 'ra 社区 3', 0.1, '红色预警'],
    ]);

    const courtyards = workbook.getWorksheet('小院指标')!;
    expect(
      rowsOf(courtyards)
        .slice(2)
        .map((row) => row.slice(0, 6)),
    ).toEqual([
      ['ra 街道 1', 'ra 社区 1', 'ra-Y1', 'ra 小院 1', 0.5, '达标'],
      ['ra 街道 1', 'ra 社区 1', 'ra-Y2', 'ra 小院 2', 0.3, '达标'],
      ['ra 街道 1', 'ra 社区 2', 'ra-Y3', 'ra 小院 3', 0.2, '黄色预警'],
      ['ra 街道 2', 'ra 社区 3', 'ra-Y4', 'ra 小院 4', 0.1, '红色预警'],
    ]);
    // a red value is a number formatted as a share, on red
    const red = courtyards.getRow(6).getCell(5);
    expect(red.numFmt).toBe('0.0%');
    expect((red.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');

    const milestones = rowsOf(workbook.getWorksheet('关键节点')!);
    expect(milestones[0]).toEqual(['评估日期', '2026-09-30']);
    expect(milestones[2].slice(0, 4)).toEqual(['试点小院完成自治委员会选举', 3, '2026-03-31', '逾期未达成']);
    expect(milestones).toHaveLength(2 + 12);

    const alerts = rowsOf(workbook.getWorksheet('预警记录')!).slice(1);
    expect(alerts).toEqual([
      [
        '2026-08-01 00:40',
        'ra 街道 1',
        'ra 社区 1',
        'ra-Y1',
        'ra 小院 1',
        '居民参与率',
        '生成预警',
        '黄色',
        '2026-07',
        '系统',
      ],
      [
        '2026-08-03 09:00',
        'ra 街道 1',
        'ra 社区 1',
        'ra-Y1',
        'ra 小院 1',
        '居民参与率',
        '签收',
        undefined,
        undefined,
        expect.any(String),
        '已约谈小院议事会',
      ],
      [
        '2026-09-01 00:35',
        'ra 街道 2',
        'ra 社区 3',
        'ra-Y4',
        'ra 小院 4',
        '居民参与率',
        '生成预警',
        '红色',
        '2026-07',
        '系统',
      ],
    ]);
  });

  it("limits a street officer's report to its street (and the district's row)", async () => {
    const workbook = await workbookOf(await get('/reports/2026-Q3.xlsx', a.tokens.streetOfficer));
    const summary = workbook.getWorksheet('概览')!;
    expect(rowStarting(summary, '范围')).toEqual(['范围', '街道 ra 街道 1']);
    expect(rowStarting(summary, '居民参与率')!.slice(0, 6)).toEqual([
      '居民参与率',
      0.35,
      0.3,
      '达标',
      0.3,
      expect.closeTo(0.05, 10),
    ]);
    expect(
      rowsOf(workbook.getWorksheet('各级指标')!)
        .slice(2)
        .map((row) => row[2]),
    ).toEqual(['ra 区', 'ra 街道 1', 'ra 社区 1', 'ra 社区 2']);
    expect(
      rowsOf(workbook.getWorksheet('小院指标')!)
        .slice(2)
        .map((row) => row[2]),
    ).toEqual(['ra-Y1', 'ra-Y2', 'ra-Y3']);
    expect(
      rowsOf(workbook.getWorksheet('预警记录')!)
        .slice(1)
        .map((row) => row[3]),
    ).toEqual(['ra-Y1', 'ra-Y1']);
    expect(rowStarting(summary, '当前未办结预警')).toEqual(['当前未办结预警', '红色 0, 黄色 2']);
  });

  it("limits a community worker's and a courtyard committee's report to their unit", async () => {
    const community = await workbookOf(await get('/reports/2026-Q3.xlsx', a.tokens.communityWorker));
    expect(
      rowsOf(community.getWorksheet('小院指标')!)
        .slice(2)
        .map((row) => row[2]),
    ).toEqual(['ra-Y1', 'ra-Y2']);
    expect(
      rowsOf(community.getWorksheet('各级指标')!)
        .slice(2)
        .map((row) => row[2]),
    ).toEqual(['ra 区', 'ra 街道 1', 'ra 社区 1']);
    const courtyard = await workbookOf(await get('/reports/2026-Q3.xlsx', a.tokens.courtyardCommittee));
    expect(rowStarting(courtyard.getWorksheet('概览')!, '居民参与率')!.slice(0, 4)).toEqual([
      '居民参与率',
      0.5,
      0.3,
      '达标',
    ]);
    expect(
      rowsOf(courtyard.getWorksheet('小院指标')!)
        .slice(2)
        .map((row) => row[2]),
    ).toEqual(['ra-Y1']);
  });

  it('speaks English with ?lang=en or Accept-Language, and names the report by its period kind', async () => {
    const english = await workbookOf(await get('/reports/2026.xlsx?lang=en', a.tokens.viewer));
    expect(english.worksheets.map((sheet) => sheet.name)).toEqual([
      'Summary',
      'KPIs by level',
      'Courtyards',
      'Milestones',
      'Alert history',
    ]);
    expect(String(english.getWorksheet('Summary')!.getCell('A1').value)).toMatch(/2026 Annual evaluation$/);
    // no snapshot of the year: its KPIs say so
    expect(rowStarting(english.getWorksheet('Summary')!, 'Participation rate')!.slice(0, 4)).toEqual([
      'Participation rate',
      undefined,
      undefined,
      'No data',
    ]);
    expect(rowsOf(english.getWorksheet('Courtyards')!)).toHaveLength(2);
    const monthly = await get('/reports/2026-08.xlsx', a.tokens.admin, { 'accept-language': 'en-US,en;q=0.9' });
    expect(String((await workbookOf(monthly)).getWorksheet('Summary')!.getCell('A1').value)).toMatch(
      /2026-08 Monthly statistics$/,
    );
  });

  it('refuses without a token, for the platform operator, for a period that is not one and for one that has not begun', async () => {
    const anonymous = await get('/reports/2026-Q3.xlsx');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await get('/reports/2026-Q3.xlsx', await platformToken(t.client))).status).toBe(403);
    const bad = await get('/reports/2026-Q5.xlsx', a.tokens.admin);
    expect(bad.status).toBe(404);
    expect(((await bad.json()) as { error: string }).error).toMatch(
      /month \(2026-10\), a quarter \(2026-Q3\) or a year \(2026\)/,
    );
    const future = await get('/reports/2999.xlsx', a.tokens.admin);
    expect(future.status).toBe(400);
    expect(((await future.json()) as { error: string }).error).toMatch(/^The period 2999 has not begun/);
  });
});
