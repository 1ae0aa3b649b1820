import { ExpenseCategory, IncomeSource, firstDayOfPlanMonth, lastDayOfPlanMonth, planMonth } from '@xiaoyuan/schema';
import { addDays, addHours, at, daysBetween, maxText, minText } from './demo-calendar';
import { EXPENSE_MEMOS, EXPENSE_SHARES, INCOME_MEMOS, LEDGER_REVERSAL_REASONS } from './demo-words';
import type { CourtyardProfile, DemoContext, LedgerRow } from './demo-records.types';

const OTHER_SOURCES = [
  IncomeSource.OPERATING_INCOME,
  IncomeSource.SOCIAL_DONATION,
  IncomeSource.CORPORATE_SPONSORSHIP,
] as const;
const CORRECTIONS = 3;

/**
 * Each enrolled courtyard's sunshine ledger, month by month since its enrolment: a fixed monthly
 * government subsidy on the first, the courtyard's own income around its self-funding share, and spending of
 * most of it split about 40/30/20/10. Income comes early in the month and spending after it, and
 * a running check trims any expense the balance cannot carry, so no balance is ever negative.
 * Then three corrections in the district, each a reversal that nets to nothing.
 */
export function planLedger(context: DemoContext, profiles: readonly CourtyardProfile[]): LedgerRow[] {
  const rows = profiles.flatMap((profile) => courtyardLedger(context, profile));
  return [...rows, ...planCorrections(context, profiles, rows)];
}

function courtyardLedger(context: DemoContext, profile: CourtyardProfile): LedgerRow[] {
  const { random, startsOn, today } = context;
  const courtyardId = profile.courtyard.id;
  const subsidyYuan = Math.max(500, Math.round((profile.courtyard.householdCount * random.decimal(15, 30)) / 10) * 10);
  const enrolledMonth = planMonth(startsOn, profile.enrolledOn);
  const rows: LedgerRow[] = [];
  const entry = (
    fields: Omit<LedgerRow, 'id' | 'courtyard_id' | 'reverses_id' | 'reason' | 'recorded_at' | 'by_admin'>,
  ): void => {
    if (fields.occurred_on > today || fields.amount_fen <= 0) return;
    rows.push({
      id: context.newId(),
      courtyard_id: courtyardId,
      reverses_id: null,
      reason: null,
      recorded_at: '',
      by_admin: false,
      ...fields,
    });
  };

  for (let month = enrolledMonth; month <= context.currentMonth; month++) {
    const monthStart = firstDayOfPlanMonth(startsOn, month);
    const monthEnd = lastDayOfPlanMonth(startsOn, month);
    const from = maxText(monthStart, profile.enrolledOn);
    const incomeEnd = maxText(from, minText(addDays(monthStart, 9), monthEnd));
    const settled = month - enrolledMonth;

    entry({
      direction: 'INCOME',
      income_source: IncomeSource.GOVERNMENT_SUBSIDY,
      expense_category: null,
      amount_fen: subsidyYuan * 100,
      occurred_on: from, // paid on the 1st
      memo: INCOME_MEMOS[IncomeSource.GOVERNMENT_SUBSIDY],
    });
    const share = Math.min(
      0.75,
      Math.max(0.03, profile.selfFunding * Math.min(1, 0.7 + 0.06 * settled) * random.decimal(0.8, 1.2)),
    );
    const ownYuan = (subsidyYuan * share) / (1 - share);
    const residentYuan = Math.round((ownYuan * random.decimal(0.5, 1)) / 10) * 10;
    entry({
      direction: 'INCOME',
      income_source: IncomeSource.RESIDENT_CONTRIBUTION,
      expense_category: null,
      amount_fen: residentYuan * 100,
      occurred_on: randomDate(context, from, incomeEnd),
      memo: INCOME_MEMOS[IncomeSource.RESIDENT_CONTRIBUTION],
    });
    const restYuan = Math.round(ownYuan - residentYuan);
    if (restYuan >= 50) {
      const source = random.pick(OTHER_SOURCES);
      entry({
        direction: 'INCOME',
        income_source: source,
        expense_category: null,
        amount_fen: restYuan * 100,
        occurred_on: randomDate(context, from, incomeEnd),
        memo: INCOME_MEMOS[source],
      });
    }

    // spending: most of the month's income, now and then a larger project paid from reserves
    const spendYuan =
      (subsidyYuan + residentYuan + Math.max(0, restYuan)) *
      random.decimal(0.55, 0.95) *
      (random.chance(0.1) ? 1.5 : 1);
    const expenseFrom = minText(addDays(incomeEnd, 1), monthEnd);
    for (const category of Object.values(ExpenseCategory)) {
      if (category === ExpenseCategory.OFFICE && random.chance(0.3)) continue;
      const shareOfSpend = EXPENSE_SHARES[category] * random.decimal(0.8, 1.2);
      entry({
        direction: 'EXPENSE',
        income_source: null,
        expense_category: category,
        amount_fen: Math.round(spendYuan * shareOfSpend * 10) * 10,
        occurred_on: randomDate(context, expenseFrom, monthEnd),
        memo: random.pick(EXPENSE_MEMOS[category]),
      });
    }
  }

  // income before spending on the same day; an expense never takes the balance below zero
  const incomeFirst = (row: LedgerRow) => (row.direction === 'INCOME' ? 0 : 1);
  rows.sort((a, b) => a.occurred_on.localeCompare(b.occurred_on) || incomeFirst(a) - incomeFirst(b));
  let balance = 0;
  const kept: LedgerRow[] = [];
  for (const row of rows) {
    if (row.direction === 'EXPENSE' && row.amount_fen > balance) {
      row.amount_fen = Math.floor((balance * 0.9) / 10) * 10;
      if (row.amount_fen < 10_000) continue;
    }
    balance += row.direction === 'INCOME' ? row.amount_fen : -row.amount_fen;
    row.recorded_at = clampToNow(context, addHours(at(row.occurred_on, 17), random.decimal(0, 40)));
    kept.push(row);
  }
  return kept;
}

/**
 * Three corrections, each in its own pilot courtyard and each netting to nothing: an expense typed
 * ten times too large (reversed, then entered again), an income entered twice (the duplicate
 * reversed), an expense booked under the wrong category (reversed, then booked under the right
 * one). Each reversal carries the reversed entry's `occurred_on` and its own recording time.
 */
function planCorrections(context: DemoContext, profiles: readonly CourtyardProfile[], rows: LedgerRow[]): LedgerRow[] {
  const { random, startsOn } = context;
  const from = firstDayOfPlanMonth(startsOn, 3);
  const to = lastDayOfPlanMonth(startsOn, Math.min(13, context.currentMonth - 1));
  const candidates = random
    .shuffle(profiles.filter((profile) => profile.batch === 1 && !profile.lagging))
    .slice(0, CORRECTIONS);
  const added: LedgerRow[] = [];
  const later = (time: string, minHours: number, maxHours: number) =>
    clampToNow(context, addHours(time, random.decimal(minHours, maxHours)));

  candidates.forEach((profile, index) => {
    const reason = LEDGER_REVERSAL_REASONS[index % LEDGER_REVERSAL_REASONS.length];
    const own = rows.filter(
      (row) => row.courtyard_id === profile.courtyard.id && row.occurred_on >= from && row.occurred_on <= to,
    );
    const expenses = own.filter((row) => row.direction === 'EXPENSE');
    const incomes = own.filter(
      (row) => row.direction === 'INCOME' && row.income_source === IncomeSource.RESIDENT_CONTRIBUTION,
    );
    const reversal = (original: LedgerRow, recordedAt: string): LedgerRow => ({
      ...original,
      id: context.newId(),
      amount_fen: -original.amount_fen,
      memo: `冲销：${original.memo ?? ''}`,
      reverses_id: original.id,
      reason,
      recorded_at: recordedAt,
      by_admin: true,
    });

    if (reason === '金额录入错误' && expenses.length) {
      const original = random.pick(expenses);
      const rightAmount = original.amount_fen;
      original.amount_fen = rightAmount * 10; // typed with one zero too many
      const reversed = reversal(original, later(original.recorded_at, 24, 120));
      added.push(reversed, {
        ...original,
        id: context.newId(),
        amount_fen: rightAmount,
        recorded_at: later(reversed.recorded_at, 0.1, 0.5),
        by_admin: true,
      });
    } else if (reason === '重复录入' && incomes.length) {
      const original = random.pick(incomes);
      const duplicate = { ...original, id: context.newId(), recorded_at: later(original.recorded_at, 0.02, 0.1) };
      added.push(duplicate, reversal(duplicate, later(duplicate.recorded_at, 24, 72)));
    } else if (expenses.length) {
      const original = random.pick(expenses);
      const right = random.pick(
        Object.values(ExpenseCategory).filter((category) => category !== original.expense_category),
      );
      const reversed = reversal(original, later(original.recorded_at, 24, 96));
      added.push(reversed, {
        ...original,
        id: context.newId(),
        expense_category: right,
        memo: random.pick(EXPENSE_MEMOS[right]),
        recorded_at: later(reversed.recorded_at, 0.1, 0.5),
        by_admin: true,
      });
    }
  });
  return added;
}

function randomDate(context: DemoContext, from: string, to: string): string {
  return addDays(from, context.random.integer(0, Math.max(0, daysBetween(from, to))));
}

function clampToNow(context: DemoContext, time: string): string {
  return minText(time, context.nowLocal);
}
