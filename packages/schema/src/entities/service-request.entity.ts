import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { Courtyard } from './courtyard.entity';
import { Household } from './household.entity';
import { TenantEntity } from './tenant-entity';

/** A service request (一键报修); `createdAt` is when it was raised (no default), SLA 8 h to first response. */
@Entity({ tableName: 'service_requests' })
export class ServiceRequest extends TenantEntity {
  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  @ManyToOne(() => Household, { fieldName: 'household_id', nullable: true })
  household?: Household | null;

  @Property({ type: 'string' })
  category!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  firstResponseAt?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;
}
