import {
  FOUNDATION_APPEND_ONLY_TABLES,
  FOUNDATION_TENANT_TABLES,
} from '../migrations/Migration20261130000000_foundation';

/**
 * Every table holding one district's data: the foundation migration's, then those added since.
 * Each has `tenant_id` first in its primary key, row-level security enabled and forced, and the
 * `tenant_isolation` policy. The isolation tests compare this list with the catalogue, so a new
 * tenant table must be added here (and gets its row-level security from the migration that creates it,
 * through `tenantIsolationSql` of row-security.ts).
 */
export const TENANT_TABLES = [
  ...FOUNDATION_TENANT_TABLES,
  'imports',
  'webhook_delivery_attempts',
  'kpi_refresh_requests',
] as const;

export type TenantTable = (typeof TENANT_TABLES)[number];

/**
 * Tables whose rows are history: the application role may read and add, never change or remove.
 * The foundation migration's, then the webhooks migration's attempts.
 */
export const APPEND_ONLY_TABLES: readonly string[] = [...FOUNDATION_APPEND_ONLY_TABLES, 'webhook_delivery_attempts'];
