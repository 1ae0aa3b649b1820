import { ExpenseCategory, IncomeSource, LedgerDirection, LocalDateScalar, MoneyScalar } from '@xiaoyuan/schema';
import { Field, ID, InputType } from 'type-graphql';

@InputType('RecordLedgerEntryInput')
export class RecordLedgerEntryInput {
  @Field(() => ID)
  courtyardId!: string;

  @Field(() => LedgerDirection)
  direction!: LedgerDirection;

  @Field(() => IncomeSource, { nullable: true, description: 'Required for INCOME, absent for EXPENSE.' })
  incomeSource?: IncomeSource | null;

  @Field(() => ExpenseCategory, { nullable: true, description: 'Required for EXPENSE, absent for INCOME.' })
  expenseCategory?: ExpenseCategory | null;

  /** the decimal string as sent (the scalar refuses what is not a decimal number) */
  @Field(() => MoneyScalar, { description: 'Greater than 0, at most two decimals, at most 100000000.00.' })
  amount!: string;

  @Field(() => LocalDateScalar, { description: 'Not later than today in the district.' })
  occurredOn!: string;

  @Field(() => String, { nullable: true })
  memo?: string | null;
}

@InputType('ReverseLedgerEntryInput')
export class ReverseLedgerEntryInput {
  @Field(() => ID)
  entryId!: string;

  @Field(() => String)
  reason!: string;
}
