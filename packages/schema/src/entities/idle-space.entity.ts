import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { Courtyard } from './courtyard.entity';
import { TenantEntity } from './tenant-entity';

/** An idle space (闲置空间) of a courtyard; its status history is `IdleSpaceStatusChange`. */
@Entity({ tableName: 'idle_spaces' })
export class IdleSpace extends TenantEntity {
  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  @Property({ type: 'string' })
  name!: string;

  @Property({ type: 'float', runtimeType: 'number', columnType: 'numeric(10,2)' })
  areaSqm!: number;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date' })
  registeredOn!: string;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
