import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { Milestone } from './milestone.entity';
import { TenantEntity } from './tenant-entity';
import { User } from './user.entity';

/** A manual confirmation that a milestone was met, with a note and evidence. Append-only. */
@Entity({ tableName: 'milestone_confirmations' })
export class MilestoneConfirmation extends TenantEntity {
  @ManyToOne(() => Milestone, { fieldName: 'milestone_id' })
  milestone!: Milestone;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date' })
  metOn!: string;

  @Property({ type: 'text' })
  note!: string;

  @Property({ type: 'text', nullable: true })
  evidenceUrl?: string | null;

  @ManyToOne(() => User, { fieldName: 'confirmed_by' })
  confirmedBy!: User;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  confirmedAt: Date = new Date();
}
