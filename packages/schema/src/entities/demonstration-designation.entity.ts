import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Courtyard } from './courtyard.entity';
import { TenantEntity } from './tenant-entity';

/** A courtyard's designation as a demonstration courtyard (示范小院); once per courtyard. */
@Entity({ tableName: 'demonstration_designations' })
@Unique({ properties: ['tenantId', 'courtyard'] })
export class DemonstrationDesignation extends TenantEntity {
  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date' })
  since!: string;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
