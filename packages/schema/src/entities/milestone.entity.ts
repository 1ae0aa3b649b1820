import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { MilestoneKey } from '@xiaoyuan/domain';
import { RolloutPlan } from './rollout-plan.entity';
import { TenantEntity } from './tenant-entity';

/** A milestone (关键节点) of a rollout plan, due on the last day of its due month. */
@Entity({ tableName: 'milestones' })
@Unique({ properties: ['tenantId', 'plan', 'key'] })
export class Milestone extends TenantEntity {
  @ManyToOne(() => RolloutPlan, { fieldName: 'plan_id' })
  plan!: RolloutPlan;

  @Enum({ items: () => MilestoneKey })
  key!: MilestoneKey;

  /** plan month 1–60 */
  @Property({ type: 'integer' })
  dueMonth!: number;

  /** confirmed by hand rather than evaluated by a rule */
  @Property({ type: 'boolean' })
  manual!: boolean;
}
