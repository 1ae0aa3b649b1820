import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { Courtyard } from './courtyard.entity';
import { TenantEntity } from './tenant-entity';

/** A courtyard's committee election (自治委员会选举) and its "1+3+N" staffing. */
@Entity({ tableName: 'committee_elections' })
export class CommitteeElection extends TenantEntity {
  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date' })
  electedOn!: string;

  @Property({ type: 'integer', nullable: true })
  memberCount?: number | null;

  @Property({ type: 'integer', nullable: true })
  socialWorkerCount?: number | null;

  @Property({ type: 'integer', nullable: true })
  committeeMemberCount?: number | null;

  @Property({ type: 'integer', nullable: true })
  volunteerCount?: number | null;

  @Property({ type: 'boolean', default: false })
  hasSupervisoryBoard: boolean = false;

  @Property({ type: 'boolean', default: false })
  hasPartyGroup: boolean = false;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
