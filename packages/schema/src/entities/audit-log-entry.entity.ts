import { Entity, Enum, Property } from '@mikro-orm/core';
import { ActorKind } from '@xiaoyuan/domain';
import { TenantEntity } from './tenant-entity';

/** Who did what to which target, for every mutation. Append-only for the application role. */
@Entity({ tableName: 'audit_log' })
export class AuditLogEntry extends TenantEntity {
  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  at: Date = new Date();

  @Enum({ items: () => ActorKind })
  actorKind!: ActorKind;

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
