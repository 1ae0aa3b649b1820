import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Audit entries of platform operators (creating districts), outside any tenant. */
@Entity({ tableName: 'platform_audit_log' })
export class PlatformAuditLogEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

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
