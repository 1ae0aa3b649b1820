import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { DisputeCategory, ResolutionChannel } from '@xiaoyuan/domain';
import { Courtyard } from './courtyard.entity';
import { TenantEntity } from './tenant-entity';

/** A dispute (矛盾纠纷) in a courtyard; resolved when `resolvedOn` and `channel` are both set. */
@Entity({ tableName: 'disputes' })
export class Dispute extends TenantEntity {
  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  @Enum({ items: () => DisputeCategory })
  category!: DisputeCategory;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date' })
  reportedOn!: string;

  @Property({ type: 'text', nullable: true })
  summary?: string | null;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date', nullable: true })
  resolvedOn?: string | null;

  @Enum({ items: () => ResolutionChannel, nullable: true })
  channel?: ResolutionChannel | null;

  @Property({ type: 'text', nullable: true })
  resolutionNote?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
