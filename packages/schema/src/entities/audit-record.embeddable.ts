import { Embeddable, Property } from '@mikro-orm/core';

/**
 * What an audit entry records, in a district's log and in the platform's: when, by whom, what
 * operation on which target, and its detail. Embedded without a prefix: the columns keep their names.
 */
@Embeddable()
export class AuditRecord {
  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  at: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  actorId?: string | null;

  @Property({ type: 'string' })
  operation!: string;

  @Property({ type: 'string', nullable: true })
  targetType?: string | null;

  @Property({ type: 'uuid', nullable: true })
  targetId?: string | null;

  @Property({ type: 'json', nullable: true })
  detail?: Record<string, unknown> | null;
}
