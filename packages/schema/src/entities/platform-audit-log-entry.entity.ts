import { Embedded, Entity, PrimaryKey } from '@mikro-orm/core';
import { AuditRecord } from './audit-record.embeddable';

/** Audit entries of platform operators (creating districts), outside any tenant. */
@Entity({ tableName: 'platform_audit_log' })
export class PlatformAuditLogEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Embedded(() => AuditRecord, { prefix: false })
  record!: AuditRecord;
}
