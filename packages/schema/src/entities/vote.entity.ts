import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { VoteChannel, VoteChoice } from '@xiaoyuan/domain';
import { Household } from './household.entity';
import { Proposal } from './proposal.entity';
import { TenantEntity } from './tenant-entity';

/** A household's vote on a proposal; one per household, `assistedBy` names the helper of an ASSISTED vote. */
@Entity({ tableName: 'votes' })
@Unique({ properties: ['tenantId', 'proposal', 'household'] })
export class Vote extends TenantEntity {
  @ManyToOne(() => Proposal, { fieldName: 'proposal_id' })
  proposal!: Proposal;

  @ManyToOne(() => Household, { fieldName: 'household_id' })
  household!: Household;

  @Enum({ items: () => VoteChoice })
  choice!: VoteChoice;

  @Enum({ items: () => VoteChannel })
  channel!: VoteChannel;

  @Property({ type: 'text', nullable: true })
  assistedBy?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  castAt: Date = new Date();
}
