import { ExpenseCategory, IncomeSource, textArray, type Period, uuidArray } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../engine/context';
import { badUserInput } from '../../engine/errors';
import { parentPages, type Page } from '../../engine/pagination';
import { CategoryAmount, LedgerEntryView, SourceAmount, type LedgerEntryRow } from './ledger.types';

// Per-request DataLoaders of the ledger: the figures of a page of courtyards are three set-based
// queries, their entries one more; money stays integer fen (bigint) until it is rendered.

/** Columns of `ledger_entries e` as `LedgerEntryRow`. */
export const ENTRY_COLUMNS = `e.id, e.courtyard_id, e.direction, e.income_source, e.expense_category, e.amount_fen::text as amount_fen,
  to_char(e.occurred_on, 'YYYY-MM-DD') as occurred_on, e.memo, e.reverses_id, e.reason, e.recorded_at,
  to_char(e.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as recorded_key`;

/** The plan's guide shares of expenses (DOMAIN.md §5). */
export const GUIDE_SHARES: Record<ExpenseCategory, number> = {
  [ExpenseCategory.SAFETY]: 0.4,
  [ExpenseCategory.ENVIRONMENT]: 0.3,
  [ExpenseCategory.CULTURE]: 0.2,
  [ExpenseCategory.OFFICE]: 0.1,
};

const SOURCES = Object.values(IncomeSource);
const CATEGORIES = Object.values(ExpenseCategory);

export interface LedgerFigures {
  incomeTotal: string;
  expenseTotal: string;
  balance: string;
  bySource: SourceAmount[];
  byCategory: CategoryAmount[];
}

/** Totals, balance and breakdowns of several courtyards for one period. */
export function ledgerFigures(context: RequestContext, period: Period) {
  return context.loader<string, LedgerFigures>(
    `ledger-figures:${period.key}`,
    () =>
      new DataLoader((courtyardIds) =>
        context.serially(async () => {
          const ids = uuidArray([...courtyardIds]);
          // one after the other: they share the request's connection
          const totals = await context.em.execute<
            { courtyard_id: string; income: string; expense: string; balance: string }[]
          >(
            `select c.id as courtyard_id,
           coalesce(sum(e.amount_fen) filter (where e.direction = 'INCOME' and e.occurred_on >= ?::date), 0)::bigint::text as income,
           coalesce(sum(e.amount_fen) filter (where e.direction = 'EXPENSE' and e.occurred_on >= ?::date), 0)::bigint::text as expense,
           coalesce(sum(case when e.direction = 'INCOME' then e.amount_fen else -e.amount_fen end), 0)::bigint::text as balance
         from unnest(?::uuid[]) as c(id)
         left join ledger_entries e on e.courtyard_id = c.id and e.occurred_on <= ?::date
         group by c.id`,
            [period.start, period.start, ids, period.end],
          );
          const sources = await context.em.execute<{ courtyard_id: string; source: IncomeSource; amount: string }[]>(
            `select c.id as courtyard_id, s.source, coalesce(sum(e.amount_fen), 0)::bigint::text as amount
         from unnest(?::uuid[]) as c(id)
         cross join unnest(?::text[]) with ordinality as s(source, ord)
         left join ledger_entries e on e.courtyard_id = c.id and e.direction = 'INCOME' and e.income_source = s.source
           and e.occurred_on between ?::date and ?::date
         group by c.id, s.source, s.ord
         order by c.id, s.ord`,
            [ids, textArray(SOURCES), period.start, period.end],
          );
          const categories = await context.em.execute<
            { courtyard_id: string; category: ExpenseCategory; amount: string; share: number | null }[]
          >(
            `select courtyard_id, category, amount::text as amount,
           (amount::float8 / nullif(sum(amount) over (partition by courtyard_id), 0)::float8) as share
         from (
           select c.id as courtyard_id, k.category, k.ord, coalesce(sum(e.amount_fen), 0)::bigint as amount
           from unnest(?::uuid[]) as c(id)
           cross join unnest(?::text[]) with ordinality as k(category, ord)
           left join ledger_entries e on e.courtyard_id = c.id and e.direction = 'EXPENSE' and e.expense_category = k.category
             and e.occurred_on between ?::date and ?::date
           group by c.id, k.category, k.ord
         ) by_category
         order by courtyard_id, ord`,
            [ids, textArray(CATEGORIES), period.start, period.end],
          );
          const figures = new Map<string, LedgerFigures>();
          for (const row of totals) {
            figures.set(row.courtyard_id, {
              incomeTotal: row.income,
              expenseTotal: row.expense,
              balance: row.balance,
              bySource: [],
              byCategory: [],
            });
          }
          for (const row of sources)
            figures
              .get(row.courtyard_id)!
              .bySource.push(Object.assign(new SourceAmount(), { source: row.source, amount: row.amount }));
          for (const row of categories) {
            figures.get(row.courtyard_id)!.byCategory.push(
              Object.assign(new CategoryAmount(), {
                category: row.category,
                amount: row.amount,
                guideShare: GUIDE_SHARES[row.category],
                share: row.share === null ? null : Number(row.share),
              }),
            );
          }
          return courtyardIds.map((id) => figures.get(id)!);
        }),
      ),
  );
}

const CURSOR_KEY = /^(\d{4}-\d{2}-\d{2})\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,6}Z)$/;

/** The sort key of an entry in its list: occurred on, then recorded at (both newest first). */
export const entryKey = (entry: LedgerEntryView) => `${entry.occurredOn}|${entry.recordedKey}`;

/** One page of each courtyard's entries dated in the period, newest first, in one statement. */
export function ledgerEntryPages(context: RequestContext, period: Period, page: Page) {
  let after: string[] | null = null;
  if (page.after) {
    const match = CURSOR_KEY.exec(page.after.key);
    if (!match) throw badUserInput('"after" is not a cursor of this list');
    after = [match[1], match[2], page.after.id];
  }
  return parentPages(context, {
    name: `ledger-entries:${period.key}`,
    page,
    after,
    query: {
      columns: ENTRY_COLUMNS,
      from: 'ledger_entries e',
      where: ['e.occurred_on between ?::date and ?::date'],
      params: [period.start, period.end],
      orderBy: [
        { sql: 'e.occurred_on', type: 'date' },
        { sql: 'e.recorded_at', type: 'timestamptz' },
        { sql: 'e.id', type: 'uuid' },
      ],
      descending: true,
    },
    parent: 'e.courtyard_id',
    node: LedgerEntryView.ofRow,
  });
}

/** How many entries of each courtyard are dated in the period. */
export function ledgerEntryCounts(context: RequestContext, period: Period) {
  return context.loader<string, number>(
    `ledger-entry-counts:${period.key}`,
    () =>
      new DataLoader((courtyardIds) =>
        context.serially(async () => {
          const rows = await context.em.execute<{ courtyard_id: string; count: string }[]>(
            `select courtyard_id, count(*) as count from ledger_entries
         where courtyard_id = any(?::uuid[]) and occurred_on between ?::date and ?::date group by courtyard_id`,
            [uuidArray([...courtyardIds]), period.start, period.end],
          );
          const counts = new Map(rows.map((row) => [row.courtyard_id, Number(row.count)]));
          return courtyardIds.map((id) => counts.get(id) ?? 0);
        }),
      ),
  );
}

/** Entries by id (the entry a reversal reverses). */
export function ledgerEntryById(context: RequestContext) {
  return context.loader<string, LedgerEntryView | null>(
    'ledger-entry-by-id',
    () =>
      new DataLoader((ids) =>
        context.serially(async () => {
          const rows = await context.em.execute<LedgerEntryRow[]>(
            `select ${ENTRY_COLUMNS} from ledger_entries e where e.id = any(?::uuid[])`,
            [uuidArray([...ids])],
          );
          const found = new Map(rows.map((row) => [row.id, LedgerEntryView.ofRow(row)]));
          return ids.map((id) => found.get(id) ?? null);
        }),
      ),
  );
}

/** The entry that reverses each given entry, if any. */
export function reversalOf(context: RequestContext) {
  return context.loader<string, LedgerEntryView | null>(
    'ledger-reversal-of',
    () =>
      new DataLoader((ids) =>
        context.serially(async () => {
          const rows = await context.em.execute<LedgerEntryRow[]>(
            `select ${ENTRY_COLUMNS} from ledger_entries e where e.reverses_id = any(?::uuid[])`,
            [uuidArray([...ids])],
          );
          const found = new Map(rows.map((row) => [row.reverses_id!, LedgerEntryView.ofRow(row)]));
          return ids.map((id) => found.get(id) ?? null);
        }),
      ),
  );
}
