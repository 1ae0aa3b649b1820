import {
  DateTimeScalar,
  ExpenseCategory,
  IncomeSource,
  LedgerDirection,
  LedgerEntry,
  LocalDateScalar,
  MoneyScalar,
  NodeInterface,
  PeriodScalar,
  toGlobalId,
  type Period,
} from '@xiaoyuan/schema';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';
import { connectionType } from '../../engine/pagination';

/** A `ledger_entries` row as read by raw SQL (see `ENTRY_COLUMNS`). */
export interface LedgerEntryRow {
  id: string;
  courtyard_id: string;
  direction: LedgerDirection;
  income_source: IncomeSource | null;
  expense_category: ExpenseCategory | null;
  amount_fen: string;
  occurred_on: string;
  memo: string | null;
  reverses_id: string | null;
  reason: string | null;
  recorded_at: Date | string;
  /** recorded_at in UTC with microseconds: the exact sort key of a page cursor */
  recorded_key: string;
}

/** An entry of the sunshine ledger (阳光账本). Amounts are integer fen inside, `Money` outside. */
@ObjectType('LedgerEntry', { implements: NodeInterface })
export class LedgerEntryView {
  entryId!: string;
  courtyardId!: string;
  reversesId!: string | null;
  /** integer fen, negative for a reversing entry */
  amountFen!: string;
  recordedKey!: string;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('LedgerEntry', this.entryId);
  }

  @Field(() => LedgerDirection)
  direction!: LedgerDirection;

  @Field(() => IncomeSource, { nullable: true })
  incomeSource!: IncomeSource | null;

  @Field(() => ExpenseCategory, { nullable: true })
  expenseCategory!: ExpenseCategory | null;

  @Field(() => MoneyScalar, { description: 'Negative for a reversing entry.' })
  get amount(): string {
    return this.amountFen;
  }

  @Field(() => LocalDateScalar, { description: "A reversing entry carries the reversed entry's date." })
  occurredOn!: string;

  @Field(() => String, { nullable: true })
  memo!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the reversed entry was wrong; set on reversing entries only.',
  })
  reason!: string | null;

  @Field(() => DateTimeScalar)
  recordedAt!: Date;

  static ofRow(row: LedgerEntryRow): LedgerEntryView {
    return Object.assign(new LedgerEntryView(), {
      entryId: row.id,
      courtyardId: row.courtyard_id,
      reversesId: row.reverses_id,
      amountFen: String(row.amount_fen),
      recordedKey: row.recorded_key,
      direction: row.direction,
      incomeSource: row.income_source,
      expenseCategory: row.expense_category,
      occurredOn: row.occurred_on,
      memo: row.memo,
      reason: row.reason,
      recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at),
    });
  }

  static ofEntity(entry: LedgerEntry): LedgerEntryView {
    return Object.assign(new LedgerEntryView(), {
      entryId: entry.id,
      courtyardId: entry.courtyard.id,
      reversesId: entry.reverses?.id ?? null,
      amountFen: String(entry.amountFen),
      recordedKey: entry.recordedAt.toISOString(),
      direction: entry.direction,
      incomeSource: entry.incomeSource ?? null,
      expenseCategory: entry.expenseCategory ?? null,
      occurredOn: entry.occurredOn,
      memo: entry.memo ?? null,
      reason: entry.reason ?? null,
      recordedAt: entry.recordedAt,
    });
  }
}

export const LedgerEntryConnection = connectionType('LedgerEntry', LedgerEntryView);

@ObjectType('SourceAmount')
export class SourceAmount {
  @Field(() => IncomeSource)
  source!: IncomeSource;

  /** integer fen */
  @Field(() => MoneyScalar)
  amount!: string;
}

@ObjectType('CategoryAmount')
export class CategoryAmount {
  @Field(() => ExpenseCategory)
  category!: ExpenseCategory;

  /** integer fen */
  @Field(() => MoneyScalar)
  amount!: string;

  @Field(() => Float, {
    description: "The plan's guide share of expenses: SAFETY 0.4, ENVIRONMENT 0.3, CULTURE 0.2, OFFICE 0.1.",
  })
  guideShare!: number;

  @Field(() => Float, {
    nullable: true,
    description: "This category's share of the period's expense; null when the period has no expense.",
  })
  share!: number | null;
}

/**
 * A courtyard's ledger for a period: totals of the entries dated in it (reversals netted), the
 * cumulative balance at its last day, and its entries.
 */
@ObjectType('Ledger')
export class LedgerView {
  courtyardId!: string;
  periodOf!: Period;

  @Field(() => PeriodScalar)
  get period(): string {
    return this.periodOf.key;
  }

  @Field(() => MoneyScalar, { description: 'Income dated in the period, reversals netted.' })
  incomeTotal!: string;

  @Field(() => MoneyScalar, { description: 'Expense dated in the period, reversals netted.' })
  expenseTotal!: string;

  @Field(() => MoneyScalar, {
    description: "Cumulative income − expense of all entries dated up to the period's last day.",
  })
  balance!: string;

  @Field(() => [SourceAmount], {
    description: 'Income by source: all five, zero included, in the order of the IncomeSource enum.',
  })
  bySource!: SourceAmount[];

  @Field(() => [CategoryAmount], {
    description: 'Expense by category: all four, zero included, in the order of the ExpenseCategory enum.',
  })
  byCategory!: CategoryAmount[];
}

@ObjectType('LedgerEntryPayload')
export class LedgerEntryPayload {
  @Field(() => LedgerEntryView, { nullable: true })
  entry!: LedgerEntryView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
