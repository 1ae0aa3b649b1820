import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { IdleSpaceStatus } from '@xiaoyuan/domain';
import { IdleSpace } from './idle-space.entity';
import { TenantEntity } from './tenant-entity';

/** A change of an idle space's status on a date, with its new use. Append-only. */
@Entity({ tableName: 'idle_space_status_changes' })
export class IdleSpaceStatusChange extends TenantEntity {
  @ManyToOne(() => IdleSpace, { fieldName: 'idle_space_id' })
  idleSpace!: IdleSpace;

  @Enum({ items: () => IdleSpaceStatus })
  status!: IdleSpaceStatus;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date' })
  changedOn!: string;

  @Property({ type: 'text', nullable: true })
  newUse?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  recordedAt: Date = new Date();
}
