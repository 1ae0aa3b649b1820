import { Entity, Property } from '@mikro-orm/core';
import { TenantEntity } from './tenant-entity';

/** The district's rollout plan (试点先行、逐步推广、全面覆盖); at most one is active. Month 1 contains `startsOn`. */
@Entity({ tableName: 'rollout_plans' })
export class RolloutPlan extends TenantEntity {
  @Property({ type: 'string' })
  name!: string;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date' })
  startsOn!: string;

  @Property({ type: 'integer', default: 30 })
  pilotSize: number = 30;

  @Property({ type: 'boolean', default: true })
  active: boolean = true;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
