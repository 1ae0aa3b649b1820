import { BigIntType, Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { ExpenseCategory, IncomeSource, LedgerDirection } from '@xiaoyuan/domain';
import { ApiClient } from './api-client.entity';
import { Courtyard } from './courtyard.entity';
import { TenantEntity } from './tenant-entity';
import { User } from './user.entity';

/**
 * An entry of a courtyard's sunshine ledger (阳光账本), in integer fen. Immutable: a correction is a
 * reversing entry (`reverses`, negated amount, the reversed entry's `occurredOn`, its own `reason`).
 */
@Entity({ tableName: 'ledger_entries' })
@Unique({ properties: ['tenantId', 'reverses'] })
export class LedgerEntry extends TenantEntity {
  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  @Enum({ items: () => LedgerDirection })
  direction!: LedgerDirection;

  /** set exactly for INCOME */
  @Enum({ items: () => IncomeSource, nullable: true })
  incomeSource?: IncomeSource | null;

  /** set exactly for EXPENSE */
  @Enum({ items: () => ExpenseCategory, nullable: true })
  expenseCategory?: ExpenseCategory | null;

  /** fen; positive, negative for a reversal. A JS number (exact up to 2^53 fen). */
  @Property({ type: new BigIntType('number') })
  amountFen!: number;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date' })
  occurredOn!: string;

  @Property({ type: 'text', nullable: true })
  memo?: string | null;

  /** the entry this one reverses; an entry is reversed at most once */
  @ManyToOne(() => LedgerEntry, { fieldName: 'reverses_id', nullable: true })
  reverses?: LedgerEntry | null;

  /** why, for a reversal */
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @ManyToOne(() => User, { fieldName: 'recorded_by', nullable: true })
  recordedBy?: User | null;

  /** the partner's API client that recorded it, instead of a user (at most one of the two) */
  @ManyToOne(() => ApiClient, { fieldName: 'recorded_by_client', nullable: true })
  recordedByClient?: ApiClient | null;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  recordedAt: Date = new Date();
}
