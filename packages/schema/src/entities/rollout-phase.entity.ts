import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { PhaseKey } from '@xiaoyuan/domain';
import { RolloutPlan } from './rollout-plan.entity';
import { TenantEntity } from './tenant-entity';

/**
 * A phase of a rollout plan, by plan month. PILOT targets a number of courtyards, the others a share
 * of the district's courtyards: exactly one of `targetCourtyards` and `targetShare` is set.
 */
@Entity({ tableName: 'rollout_phases' })
@Unique({ properties: ['tenantId', 'plan', 'key'] })
export class RolloutPhase extends TenantEntity {
  @ManyToOne(() => RolloutPlan, { fieldName: 'plan_id' })
  plan!: RolloutPlan;

  @Enum({ items: () => PhaseKey })
  key!: PhaseKey;

  @Property({ type: 'integer' })
  startMonth!: number;

  @Property({ type: 'integer' })
  endMonth!: number;

  @Property({ type: 'integer', nullable: true })
  targetCourtyards?: number | null;

  /** fraction in (0, 1] */
  @Property({ type: 'float', runtimeType: 'number', columnType: 'numeric(5,4)', nullable: true })
  targetShare?: number | null;
}
