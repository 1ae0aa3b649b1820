import { PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Columns every tenant table starts with. The database key is `(tenant_id, id)`; the ORM keys by
 * `id` alone (a uuid, unique on its own) and row-level security restricts every statement to the
 * transaction's tenant, so `tenantId` is set on create and never changes.
 */
export abstract class TenantEntity {
  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;
}
