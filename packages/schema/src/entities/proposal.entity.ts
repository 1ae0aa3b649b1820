import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { ProposalStatus, ProposalTier, VotingRule } from '@xiaoyuan/domain';
import { Courtyard } from './courtyard.entity';
import { TenantEntity } from './tenant-entity';

/** A proposal (议题) put to a courtyard's vote under a voting rule, with its window and outcome. */
@Entity({ tableName: 'proposals' })
export class Proposal extends TenantEntity {
  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  @Property({ type: 'string' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Enum({ items: () => ProposalTier })
  tier!: ProposalTier;

  @Enum({ items: () => VotingRule })
  rule!: VotingRule;

  @Enum({ items: () => ProposalStatus, default: ProposalStatus.DRAFT })
  status: ProposalStatus = ProposalStatus.DRAFT;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  votingOpenedAt?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  votingClosesAt?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  /** when the decision was published (公示) */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  publishedAt?: Date | null;

  @Property({ type: 'boolean', nullable: true })
  passed?: boolean | null;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
