import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Courtyard } from './courtyard.entity';
import { RolloutPlan } from './rollout-plan.entity';
import { TenantEntity } from './tenant-entity';

/** A courtyard's enrolment in a numbered batch (第一批, 第二批…) of the rollout; once per courtyard. */
@Entity({ tableName: 'enrollments' })
@Unique({ properties: ['tenantId', 'courtyard'] })
export class Enrollment extends TenantEntity {
  @ManyToOne(() => RolloutPlan, { fieldName: 'plan_id' })
  plan!: RolloutPlan;

  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  @Property({ type: 'integer' })
  batch!: number;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date' })
  enrolledOn!: string;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
