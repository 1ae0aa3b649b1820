import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { ActivityKind } from '@xiaoyuan/domain';
import { Courtyard } from './courtyard.entity';
import { TenantEntity } from './tenant-entity';

/** An activity of a courtyard (议事会、文化活动、志愿服务、培训); attendance is `ActivityAttendance`. */
@Entity({ tableName: 'activities' })
export class Activity extends TenantEntity {
  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  @Enum({ items: () => ActivityKind })
  kind!: ActivityKind;

  @Property({ type: 'string' })
  title!: string;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date' })
  heldOn!: string;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
