import { Embedded, Entity, Enum } from '@mikro-orm/core';
import { ActorKind } from '@xiaoyuan/domain';
import { AuditRecord } from './audit-record.embeddable';
import { TenantEntity } from './tenant-entity';

/** Who did what to which target, for every mutation. Append-only for the application role. */
@Entity({ tableName: 'audit_log' })
export class AuditLogEntry extends TenantEntity {
  @Enum({ items: () => ActorKind })
  actorKind!: ActorKind;

  @Embedded(() => AuditRecord, { prefix: false })
  record!: AuditRecord;
}
