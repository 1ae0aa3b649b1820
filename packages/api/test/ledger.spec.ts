import { fromGlobalId, localDate } from '@xiaoyuan/schema';
import { Client } from 'pg';
import { createDistrictFixture, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

// The sunshine ledger (阳光账本, DOMAIN.md §5): exact money in fen, immutable entries corrected by
// reversals dated like the entry they reverse, totals of a period and the cumulative balance.
// Every figure below is worked by hand in the comments.

const ENTRY_FIELDS = `id direction incomeSource expenseCategory amount occurredOn memo reason recordedAt reverses { id amount } reversedBy { id amount }`;
const RECORD = `mutation RecordLedgerEntry($input: RecordLedgerEntryInput!) {
  recordLedgerEntry(input: $input) { entry { ${ENTRY_FIELDS} } userErrors { field message code } } }`;
const REVERSE = `mutation ReverseLedgerEntry($input: ReverseLedgerEntryInput!) {
  reverseLedgerEntry(input: $input) { entry { ${ENTRY_FIELDS} } userErrors { field message code } } }`;
const LEDGER = `query CourtyardLedger($id: ID!, $period: Period!, $first: Int, $after: String) {
  node(id: $id) { ... on Courtyard { id ledger(period: $period) {
    period incomeTotal expenseTotal balance
    bySource { source amount }
    byCategory { category amount guideShare share }
    entries(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id direction amount occurredOn memo reason reverses { id } } } }
  } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id __typename ... on LedgerEntry { amount occurredOn } } }`;

type Payload = {
  entry: Record<string, any> | null;
  userErrors: { field: string[] | null; message: string; code: string }[];
};

describe('sunshine ledger', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let b: DistrictFixture;
  /** today in Asia/Shanghai, the fixtures' time zone */
  let today: string;
  let tomorrow: string;
  let currentMonth: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'lga');
    b = await createDistrictFixture(t.client, 'lgb');
    today = localDate('Asia/Shanghai');
    tomorrow = localDate('Asia/Shanghai', new Date(Date.now() + 24 * 3600 * 1000));
    currentMonth = today.slice(0, 7);
  });
  afterAll(async () => {
    await t?.close();
  });

  const record = async (input: Record<string, unknown>, token = a.tokens.admin, language?: string) => {
    const result = await t.client.request(RECORD, { input }, { token, language });
    expect(result.errors).toBeUndefined();
    return result.data!.recordLedgerEntry as Payload;
  };
  const recordOk = async (input: Record<string, unknown>, token = a.tokens.admin) => {
    const payload = await record(input, token);
    expect(payload.userErrors).toEqual([]);
    return payload.entry!;
  };
  const reverse = async (entryId: string, reason: string, token = a.tokens.admin) => {
    const result = await t.client.request(REVERSE, { input: { entryId, reason } }, { token });
    expect(result.errors).toBeUndefined();
    return result.data!.reverseLedgerEntry as Payload;
  };
  const ledger = async (
    courtyardId: string,
    period: string,
    token = a.tokens.admin,
    page: { first?: number; after?: string } = { first: 50 },
  ) => {
    const result = await t.client.request(LEDGER, { id: courtyardId, period, ...page }, { token });
    expect(result.errors).toBeUndefined();
    return result.data!.node?.ledger;
  };
  const figures = async (courtyardId: string, period: string) => {
    const { incomeTotal, expenseTotal, balance } = await ledger(courtyardId, period);
    return { incomeTotal, expenseTotal, balance };
  };
  const totals = (incomeTotal: string, expenseTotal: string, balance: string) => ({
    incomeTotal,
    expenseTotal,
    balance,
  });
  const codes = (payload: Payload) => payload.userErrors.map((error) => error.code);
  const ledgerRows = async () =>
    Number((await t.sql<{ n: number }>(`select count(*)::int n from ledger_entries`))[0].n);

  describe('recording', () => {
    it('parses money exactly: "12.3" and "12" are fen, "12.345", "-5", "0" are INVALID userErrors, "abc" and "1e3" BAD_USER_INPUT; nothing stored', async () => {
      const courtyardId = a.courtyards[0];
      const base = { courtyardId, direction: 'INCOME', incomeSource: 'RESIDENT_CONTRIBUTION', occurredOn: today };
      const before = await ledgerRows();

      for (const [amount, key] of [
        ['12.345', 'more than two decimals'],
        ['-5', 'negative'],
        ['0', 'zero'],
        ['0.00', 'zero'],
        ['100000000.01', 'above the 100,000,000.00 maximum'],
        ['999999999999999', 'far above the maximum'],
      ] as const) {
        const payload = await record({ ...base, amount });
        expect({ amount, key, entry: payload.entry, errors: payload.userErrors.map((e) => [e.code, e.field]) }).toEqual(
          {
            amount,
            key,
            entry: null,
            errors: [['INVALID', ['input', 'amount']]],
          },
        );
      }
      for (const amount of ['abc', '1e3', '12,30', '', ' 12', '¥12']) {
        const result = await t.client.request(RECORD, { input: { ...base, amount } }, { token: a.tokens.admin });
        expect({ amount, code: result.errors?.[0]?.extensions?.code, data: result.data ?? null }).toEqual({
          amount,
          code: 'BAD_USER_INPUT',
          data: null,
        });
      }
      expect(await ledgerRows()).toBe(before);

      // well-formed amounts: 12.3 → 1230 fen, 12 → 1200 fen, 0.01 → 1 fen, the maximum itself
      const stored: string[] = [];
      for (const amount of ['12.3', '12', '0.01', '100000000.00'])
        stored.push((await recordOk({ ...base, amount })).amount);
      expect(stored).toEqual(['12.30', '12.00', '0.01', '100000000.00']);
      const fen = await t.sql<{ amount_fen: string }>(
        `select amount_fen::text from ledger_entries order by recorded_at desc limit 4`,
      );
      expect(fen.map((row) => row.amount_fen).sort()).toEqual(['1', '1200', '1230', '10000000000'].sort());
    });

    it('INCOME needs a source and no category, EXPENSE the reverse; dates not in the future; messages in zh-CN and en', async () => {
      const courtyardId = a.courtyards[0];
      const before = await ledgerRows();
      const cases: [Record<string, unknown>, [string, string[]][]][] = [
        [{ direction: 'INCOME' }, [['INVALID', ['input', 'incomeSource']]]],
        [
          { direction: 'INCOME', incomeSource: 'SOCIAL_DONATION', expenseCategory: 'SAFETY' },
          [['INVALID', ['input', 'expenseCategory']]],
        ],
        [{ direction: 'EXPENSE' }, [['INVALID', ['input', 'expenseCategory']]]],
        [
          { direction: 'EXPENSE', expenseCategory: 'OFFICE', incomeSource: 'SOCIAL_DONATION' },
          [['INVALID', ['input', 'incomeSource']]],
        ],
        [
          { direction: 'EXPENSE', expenseCategory: 'OFFICE', occurredOn: tomorrow },
          [['INVALID', ['input', 'occurredOn']]],
        ],
        // every problem of the record at once
        [
          {
            direction: 'EXPENSE',
            incomeSource: 'SOCIAL_DONATION',
            amount: '1.001',
            occurredOn: tomorrow,
            memo: 'x'.repeat(501),
          },
          [
            ['INVALID', ['input', 'expenseCategory']],
            ['INVALID', ['input', 'incomeSource']],
            ['INVALID', ['input', 'amount']],
            ['INVALID', ['input', 'occurredOn']],
            ['INVALID', ['input', 'memo']],
          ],
        ],
      ];
      for (const [input, expected] of cases) {
        const payload = await record({ courtyardId, amount: '10.00', occurredOn: today, ...input });
        expect({ input, errors: payload.userErrors.map((e) => [e.code, e.field]) }).toEqual({
          input,
          errors: expected,
        });
      }
      expect(await ledgerRows()).toBe(before);

      const zh = await record({
        courtyardId,
        direction: 'INCOME',
        incomeSource: 'SOCIAL_DONATION',
        amount: '1.234',
        occurredOn: tomorrow,
      });
      expect(zh.userErrors.map((e) => e.message)).toEqual(['金额最多保留两位小数', `发生日期不能晚于今天（${today}）`]);
      const en = await record(
        { courtyardId, direction: 'EXPENSE', amount: '-1', occurredOn: today },
        a.tokens.admin,
        'en',
      );
      expect(en.userErrors.map((e) => e.message)).toEqual([
        'An expense entry needs its expenseCategory',
        'The amount must be greater than 0 (correct an entry by reversing it)',
      ]);

      // today (in the district's time zone) is allowed
      const entry = await recordOk({
        courtyardId,
        direction: 'EXPENSE',
        expenseCategory: 'OFFICE',
        amount: '3',
        occurredOn: today,
        memo: ' 文具 ',
      });
      expect(entry).toMatchObject({
        direction: 'EXPENSE',
        incomeSource: null,
        expenseCategory: 'OFFICE',
        amount: '3.00',
        occurredOn: today,
        memo: '文具',
        reverses: null,
        reason: null,
      });
    });

    it('the application role cannot UPDATE or DELETE ledger rows (SELECT and INSERT only)', async () => {
      const app = new Client({ connectionString: t.env.appDatabaseUrl });
      await app.connect();
      try {
        const tenant = fromGlobalId(a.id)!.id;
        for (const statement of [
          `update ledger_entries set memo = 'edited'`,
          `delete from ledger_entries`,
          `update ledger_entries set amount_fen = 1`,
          `truncate ledger_entries`,
        ]) {
          await app.query('begin');
          await app.query(`select set_config('app.tenant_id', $1, true)`, [tenant]);
          const [{ n }] = (await app.query(`select count(*)::int n from ledger_entries`)).rows;
          expect(n).toBeGreaterThan(0); // the rows are visible to it…
          await expect(app.query(statement)).rejects.toMatchObject({ code: '42501' }); // …but not writable
          await app.query('rollback');
        }
      } finally {
        await app.end();
      }
      const [{ edited }] = await t.sql<{ edited: number }>(
        `select count(*)::int edited from ledger_entries where memo = 'edited'`,
      );
      expect(edited).toBe(0);
    });
  });

  describe('a courtyard ledger worked by hand', () => {
    // Courtyard A2, entries (yuan):
    //   2025-09-05 INCOME  GOVERNMENT_SUBSIDY     5000.00
    //   2025-09-12 EXPENSE SAFETY                 1200.50
    //   2025-10-03 INCOME  RESIDENT_CONTRIBUTION   800.00
    //   2025-10-08 INCOME  SOCIAL_DONATION          12.30   (sent as "12.3")
    //   2025-10-20 EXPENSE ENVIRONMENT             300.00   (a mistake, reversed below)
    //   2025-10-21 EXPENSE CULTURE                 100.00
    //   2025-10-25 EXPENSE OFFICE                   99.99
    //   2025-11-02 INCOME  OPERATING_INCOME         12.00   (sent as "12")
    //   2025-11-15 EXPENSE SAFETY                   50.00
    //   today      INCOME  CORPORATE_SPONSORSHIP   100.00
    const ids: Record<string, string> = {};
    let courtyardId: string;

    beforeAll(async () => {
      courtyardId = a.courtyards[1];
      const entries: [string, string, string, string, string][] = [
        ['sep-subsidy', '2025-09-05', 'INCOME', 'GOVERNMENT_SUBSIDY', '5000.00'],
        ['sep-safety', '2025-09-12', 'EXPENSE', 'SAFETY', '1200.50'],
        ['oct-residents', '2025-10-03', 'INCOME', 'RESIDENT_CONTRIBUTION', '800.00'],
        ['oct-donation', '2025-10-08', 'INCOME', 'SOCIAL_DONATION', '12.3'],
        ['oct-environment', '2025-10-20', 'EXPENSE', 'ENVIRONMENT', '300.00'],
        ['oct-culture', '2025-10-21', 'EXPENSE', 'CULTURE', '100.00'],
        ['oct-office', '2025-10-25', 'EXPENSE', 'OFFICE', '99.99'],
        ['nov-operating', '2025-11-02', 'INCOME', 'OPERATING_INCOME', '12'],
        ['nov-safety', '2025-11-15', 'EXPENSE', 'SAFETY', '50.00'],
        ['today-sponsor', '', 'INCOME', 'CORPORATE_SPONSORSHIP', '100.00'],
      ];
      for (const [key, occurredOn, direction, kind, amount] of entries) {
        const entry = await recordOk({
          courtyardId,
          direction,
          ...(direction === 'INCOME' ? { incomeSource: kind } : { expenseCategory: kind }),
          amount,
          occurredOn: occurredOn || today,
          memo: key,
        });
        ids[key] = entry.id;
      }
    });

    it('totals of months, a quarter and a year, and the cumulative balance', async () => {
      // before any entry: nothing
      expect(await figures(courtyardId, '2025-08')).toEqual(totals('0.00', '0.00', '0.00'));
      // September: 5000.00 in, 1200.50 out; balance 5000.00 − 1200.50 = 3799.50
      expect(await figures(courtyardId, '2025-09')).toEqual(totals('5000.00', '1200.50', '3799.50'));
      // October: in 800.00 + 12.30 = 812.30; out 300.00 + 100.00 + 99.99 = 499.99;
      // balance 3799.50 + 812.30 − 499.99 = 4111.81
      expect(await figures(courtyardId, '2025-10')).toEqual(totals('812.30', '499.99', '4111.81'));
      // November: in 12.00, out 50.00; balance 4111.81 − 38.00 = 4073.81
      expect(await figures(courtyardId, '2025-11')).toEqual(totals('12.00', '50.00', '4073.81'));
      // Q4: in 812.30 + 12.00 = 824.30, out 499.99 + 50.00 = 549.99; balance at 12-31 = 4073.81
      expect(await figures(courtyardId, '2025-Q4')).toEqual(totals('824.30', '549.99', '4073.81'));
      // 2025: in 5000.00 + 824.30 = 5824.30, out 1200.50 + 549.99 = 1750.49
      expect(await figures(courtyardId, '2025')).toEqual(totals('5824.30', '1750.49', '4073.81'));
      // this month: 100.00 in; balance 4073.81 + 100.00 = 4173.81
      expect(await figures(courtyardId, currentMonth)).toEqual(totals('100.00', '0.00', '4173.81'));
    });

    it('the ledgers of a list of courtyards, each its own (one batch of queries for the page)', async () => {
      const result = await t.client.request(
        `{ courtyards(first: 100) { edges { node { id ledger(period: "2025-09") { incomeTotal expenseTotal balance entries(first: 1) { totalCount } } } } } }`,
        {},
        { token: a.tokens.admin },
      );
      expect(result.errors).toBeUndefined();
      const byId = new Map(result.data!.courtyards.edges.map((edge: any) => [edge.node.id, edge.node.ledger]));
      expect(byId.size).toBe(4);
      expect(byId.get(courtyardId)).toEqual({ ...totals('5000.00', '1200.50', '3799.50'), entries: { totalCount: 2 } });
      expect(byId.get(a.courtyards[3])).toEqual({ ...totals('0.00', '0.00', '0.00'), entries: { totalCount: 0 } });
    });

    it('income by source and expense by category: all of them, zero included, with guide shares and shares', async () => {
      const october = await ledger(courtyardId, '2025-10');
      expect(october.bySource).toEqual([
        { source: 'GOVERNMENT_SUBSIDY', amount: '0.00' },
        { source: 'RESIDENT_CONTRIBUTION', amount: '800.00' },
        { source: 'SOCIAL_DONATION', amount: '12.30' },
        { source: 'CORPORATE_SPONSORSHIP', amount: '0.00' },
        { source: 'OPERATING_INCOME', amount: '0.00' },
      ]);
      // shares of 499.99: 300/499.99, 100/499.99, 99.99/499.99
      expect(october.byCategory).toEqual([
        { category: 'SAFETY', amount: '0.00', guideShare: 0.4, share: 0 },
        { category: 'ENVIRONMENT', amount: '300.00', guideShare: 0.3, share: expect.closeTo(300 / 499.99, 12) },
        { category: 'CULTURE', amount: '100.00', guideShare: 0.2, share: expect.closeTo(100 / 499.99, 12) },
        { category: 'OFFICE', amount: '99.99', guideShare: 0.1, share: expect.closeTo(99.99 / 499.99, 12) },
      ]);
      // a period without expenses has no shares
      const august = await ledger(courtyardId, '2025-08');
      expect(august.byCategory.map((row: { share: number | null }) => row.share)).toEqual([null, null, null, null]);
      expect(august.bySource.map((row: { amount: string }) => row.amount)).toEqual([
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '0.00',
      ]);
      // the year: SAFETY 1200.50 + 50.00 = 1250.50
      const year = await ledger(courtyardId, '2025');
      expect(year.byCategory[0]).toMatchObject({ category: 'SAFETY', amount: '1250.50' });
      expect(year.bySource[0]).toEqual({ source: 'GOVERNMENT_SUBSIDY', amount: '5000.00' });
    });

    it("a period's entries, newest first, in pages", async () => {
      const first = await ledger(courtyardId, '2025-10', a.tokens.admin, { first: 2 });
      expect(first.entries.totalCount).toBe(5);
      expect(first.entries.edges.map((edge: { node: { memo: string } }) => edge.node.memo)).toEqual([
        'oct-office',
        'oct-culture',
      ]);
      expect(first.entries.pageInfo.hasNextPage).toBe(true);
      const rest = await ledger(courtyardId, '2025-10', a.tokens.admin, {
        first: 10,
        after: first.entries.pageInfo.endCursor,
      });
      expect(rest.entries.edges.map((edge: { node: { memo: string } }) => edge.node.memo)).toEqual([
        'oct-environment',
        'oct-donation',
        'oct-residents',
      ]);
      expect(rest.entries.pageInfo.hasNextPage).toBe(false);
      const bad = await t.client.request(
        LEDGER,
        { id: courtyardId, period: '2025-10', after: 'not-a-cursor' },
        { token: a.tokens.admin },
      );
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const badPeriod = await t.client.request(
        LEDGER,
        { id: courtyardId, period: '2025-13' },
        { token: a.tokens.admin },
      );
      expect(badPeriod.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it("a reversal corrects its own (past) period and the later balances, not the current month's totals", async () => {
      const currentBefore = await figures(courtyardId, currentMonth);
      const reversal = await reverse(ids['oct-environment'], '  重复录入：环境整治费已在 10 月 21 日支付  ');
      expect(reversal.userErrors).toEqual([]);
      expect(reversal.entry).toMatchObject({
        direction: 'EXPENSE',
        incomeSource: null,
        expenseCategory: 'ENVIRONMENT',
        amount: '-300.00',
        occurredOn: '2025-10-20', // the reversed entry's date…
        reason: '重复录入：环境整治费已在 10 月 21 日支付',
        reverses: { id: ids['oct-environment'], amount: '300.00' },
        reversedBy: null,
      });
      // …but its own recording time
      const [times] = await t.sql<{ original: Date; reversal: Date }>(
        `select (select recorded_at from ledger_entries where id = $1) original, (select recorded_at from ledger_entries where id = $2) reversal`,
        [fromGlobalId(ids['oct-environment'])!.id, fromGlobalId(reversal.entry!.id)!.id],
      );
      expect(times.reversal.getTime()).toBeGreaterThan(times.original.getTime());

      // September: unchanged
      expect(await figures(courtyardId, '2025-09')).toEqual(totals('5000.00', '1200.50', '3799.50'));
      // October: out 499.99 − 300.00 = 199.99; balance 3799.50 + 812.30 − 199.99 = 4411.81
      expect(await figures(courtyardId, '2025-10')).toEqual(totals('812.30', '199.99', '4411.81'));
      // November: its totals unchanged; balance 4411.81 + 12.00 − 50.00 = 4373.81
      expect(await figures(courtyardId, '2025-11')).toEqual(totals('12.00', '50.00', '4373.81'));
      // 2025: out 1750.49 − 300.00 = 1450.49
      expect(await figures(courtyardId, '2025')).toEqual(totals('5824.30', '1450.49', '4373.81'));
      // this month: the same totals (100.00 / 0.00); only the cumulative balance moves, 4373.81 + 100.00
      const currentAfter = await figures(courtyardId, currentMonth);
      expect(currentAfter).toEqual({
        incomeTotal: currentBefore.incomeTotal,
        expenseTotal: currentBefore.expenseTotal,
        balance: '4473.81',
      });
      const currentEntries = await ledger(courtyardId, currentMonth);
      expect(currentEntries.entries.edges.map((edge: { node: { memo: string } }) => edge.node.memo)).toEqual([
        'today-sponsor',
      ]);

      // October's categories: ENVIRONMENT nets to 0.00; shares of 199.99
      const october = await ledger(courtyardId, '2025-10');
      expect(october.byCategory).toEqual([
        { category: 'SAFETY', amount: '0.00', guideShare: 0.4, share: 0 },
        { category: 'ENVIRONMENT', amount: '0.00', guideShare: 0.3, share: 0 },
        { category: 'CULTURE', amount: '100.00', guideShare: 0.2, share: expect.closeTo(100 / 199.99, 12) },
        { category: 'OFFICE', amount: '99.99', guideShare: 0.1, share: expect.closeTo(99.99 / 199.99, 12) },
      ]);
      // October's entries: the reversal sits on 10-20, recorded after the entry it reverses
      expect(october.entries.totalCount).toBe(6);
      expect(october.entries.edges.map((edge: { node: { amount: string } }) => edge.node.amount)).toEqual([
        '99.99',
        '100.00',
        '-300.00',
        '300.00',
        '12.30',
        '800.00',
      ]);

      const original = await t.client.request(
        NODE.replace('amount occurredOn', 'amount occurredOn reversedBy { id amount reason }'),
        { id: ids['oct-environment'] },
        { token: a.tokens.admin },
      );
      expect(original.data!.node).toMatchObject({
        __typename: 'LedgerEntry',
        amount: '300.00',
        reversedBy: { id: reversal.entry!.id, amount: '-300.00' },
      });

      // reversing twice is refused, a reversal is not reversed, a reason is required: nothing stored
      const before = await ledgerRows();
      const twice = await reverse(ids['oct-environment'], 'again');
      expect(twice.userErrors.map((e) => [e.code, e.field, e.message])).toEqual([
        ['DUPLICATE', ['input', 'entryId'], '该笔记录已被冲正'],
      ]);
      const ofReversal = await reverse(reversal.entry!.id, 'undo the correction');
      expect(ofReversal.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID', ['input', 'entryId']]]);
      const noReason = await reverse(ids['oct-culture'], '   ');
      expect(noReason.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID', ['input', 'reason']]]);
      expect(await ledgerRows()).toBe(before);
      expect(await figures(courtyardId, '2025-10')).toEqual(totals('812.30', '199.99', '4411.81'));
    });

    it('concurrent reversals of one entry: one stored, the others DUPLICATE userErrors, no errors', async () => {
      const entry = await recordOk({
        courtyardId: a.courtyards[2],
        direction: 'INCOME',
        incomeSource: 'SOCIAL_DONATION',
        amount: '66.60',
        occurredOn: '2025-12-01',
      });
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t.client.request(
            REVERSE,
            { input: { entryId: entry.id, reason: `attempt ${i}` } },
            { token: a.tokens.admin },
          ),
        ),
      );
      expect(results.map((result) => result.errors)).toEqual(results.map(() => undefined));
      const payloads = results.map((result) => result.data!.reverseLedgerEntry as Payload);
      expect(payloads.filter((payload) => payload.userErrors.length === 0)).toHaveLength(1);
      expect(payloads.filter((payload) => payload.userErrors.length > 0).map((payload) => codes(payload))).toEqual(
        Array(7).fill(['DUPLICATE']),
      );
      const [{ n }] = await t.sql<{ n: number }>(`select count(*)::int n from ledger_entries where reverses_id = $1`, [
        fromGlobalId(entry.id)!.id,
      ]);
      expect(n).toBe(1);
      expect(await figures(a.courtyards[2], '2025-12')).toEqual(totals('0.00', '0.00', '0.00'));
    });
  });

  describe('roles, scopes and districts', () => {
    it('scoped roles record in their subtree only; VIEWER records nothing', async () => {
      const input = (courtyardId: string) => ({
        courtyardId,
        direction: 'EXPENSE',
        expenseCategory: 'CULTURE',
        amount: '8.80',
        occurredOn: '2025-06-01',
      });
      const expected: [keyof DistrictFixture['tokens'], number, string | null][] = [
        ['courtyardCommittee', 0, null],
        ['courtyardCommittee', 1, 'FORBIDDEN'],
        ['communityWorker', 1, null],
        ['communityWorker', 2, 'FORBIDDEN'],
        ['streetOfficer', 2, null],
        ['streetOfficer', 3, 'FORBIDDEN'],
        ['admin', 3, null],
        ['viewer', 0, 'FORBIDDEN'],
        ['viewer', 3, 'FORBIDDEN'],
      ];
      const stored: string[] = [];
      for (const [role, index, code] of expected) {
        const payload = await record(input(a.courtyards[index]), a.tokens[role]);
        expect({ role, index, codes: codes(payload) }).toEqual({ role, index, codes: code ? [code] : [] });
        if (!code) stored.push(payload.entry!.id);
      }
      // reversals follow the same scopes: the committee of A1 cannot reverse A2's entry
      expect(codes(await reverse(stored[1], 'x', a.tokens.courtyardCommittee))).toEqual(['FORBIDDEN']);
      expect(codes(await reverse(stored[0], 'x', a.tokens.viewer))).toEqual(['FORBIDDEN']);
      expect(codes(await reverse(stored[0], '录入错误', a.tokens.courtyardCommittee))).toEqual([]);

      // reads: VIEWER reads every ledger; the committee only its courtyard's
      expect((await ledger(a.courtyards[3], '2025-06', a.tokens.viewer)).expenseTotal).toBe('8.80');
      expect(await ledger(a.courtyards[1], '2025-06', a.tokens.courtyardCommittee)).toBeUndefined();
      expect((await ledger(a.courtyards[0], '2025-06', a.tokens.courtyardCommittee)).expenseTotal).toBe('0.00'); // 8.80 − 8.80
      expect(
        (await t.client.request(NODE, { id: stored[1] }, { token: a.tokens.courtyardCommittee })).data!.node,
      ).toBeNull();
      expect(
        (await t.client.request(NODE, { id: stored[1] }, { token: a.tokens.communityWorker })).data!.node,
      ).toMatchObject({ amount: '8.80' });
    });

    it("district A's users with district B's ids: NOT_FOUND, nothing of B returned or changed", async () => {
      const bEntry = await recordOk(
        {
          courtyardId: b.courtyards[0],
          direction: 'INCOME',
          incomeSource: 'GOVERNMENT_SUBSIDY',
          amount: '777.77',
          occurredOn: '2025-10-01',
        },
        b.tokens.admin,
      );
      const bRows = async () =>
        t.sql(`select * from ledger_entries where tenant_id = $1 order by id`, [fromGlobalId(b.id)!.id]);
      const before = await bRows();
      const leaks = (value: unknown) =>
        [bEntry.id, ...b.courtyards, '777.77', 'lgb'].filter((id) => JSON.stringify(value).includes(id));
      for (const role of ['admin', 'streetOfficer', 'communityWorker', 'courtyardCommittee', 'viewer'] as const) {
        const token = a.tokens[role];
        const recorded = await record(
          {
            courtyardId: b.courtyards[0],
            direction: 'INCOME',
            incomeSource: 'SOCIAL_DONATION',
            amount: '1.00',
            occurredOn: '2025-10-01',
          },
          token,
        );
        expect({ role, codes: codes(recorded), entry: recorded.entry }).toEqual({
          role,
          codes: ['NOT_FOUND'],
          entry: null,
        });
        const reversed = await reverse(bEntry.id, 'hostile', token);
        expect({ role, codes: codes(reversed), entry: reversed.entry }).toEqual({
          role,
          codes: ['NOT_FOUND'],
          entry: null,
        });
        expect(leaks(recorded)).toEqual([]);
        expect(leaks(reversed)).toEqual([]);
        const read = await t.client.request(LEDGER, { id: b.courtyards[0], period: '2025-10' }, { token });
        expect({ role, errors: read.errors, node: read.data!.node }).toEqual({ role, errors: undefined, node: null });
        const node = await t.client.request(NODE, { id: bEntry.id }, { token });
        expect({ role, errors: node.errors, node: node.data!.node }).toEqual({ role, errors: undefined, node: null });
      }
      expect(await bRows()).toEqual(before);
      // B sees its own
      expect((await ledger(b.courtyards[0], '2025-10', b.tokens.admin)).incomeTotal).toBe('777.77');
      // A's ledger of the same month shows nothing of B
      expect(leaks(await ledger(a.courtyards[0], '2025-10'))).toEqual([]);
    });

    it('every ledger mutation leaves an audit row, refused ones with their codes', async () => {
      const rows = await t.sql<{
        operation: string;
        target_type: string | null;
        detail: { ok: boolean; userErrors?: string[] };
      }>(
        `select operation, target_type, detail from audit_log where operation in ('recordLedgerEntry', 'reverseLedgerEntry') order by id`,
      );
      const recorded = rows.filter((row) => row.operation === 'recordLedgerEntry');
      const reversed = rows.filter((row) => row.operation === 'reverseLedgerEntry');
      expect(recorded.some((row) => row.detail.ok && row.target_type === 'LedgerEntry')).toBe(true);
      expect(recorded.some((row) => !row.detail.ok && row.detail.userErrors?.includes('INVALID'))).toBe(true);
      expect(recorded.some((row) => !row.detail.ok && row.detail.userErrors?.includes('FORBIDDEN'))).toBe(true);
      expect(recorded.some((row) => !row.detail.ok && row.detail.userErrors?.includes('NOT_FOUND'))).toBe(true);
      expect(reversed.some((row) => row.detail.ok && row.target_type === 'LedgerEntry')).toBe(true);
      expect(reversed.some((row) => !row.detail.ok && row.detail.userErrors?.includes('DUPLICATE'))).toBe(true);
      // one audit row per ledger mutation request, whatever the outcome
      const [{ n }] = await t.sql<{ n: number }>(
        `select count(*)::int n from audit_log where operation = 'recordLedgerEntry' and (detail->>'ok')::boolean`,
      );
      const [{ entries }] = await t.sql<{ entries: number }>(
        `select count(*)::int entries from ledger_entries where reverses_id is null`,
      );
      expect(n).toBe(entries);
    });
  });
});
