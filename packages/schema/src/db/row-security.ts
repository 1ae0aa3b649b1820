/**
 * How row-level security reads the request's settings, in one place: every policy reads a setting
 * through a scalar subselect, so PostgreSQL evaluates it once per statement (an InitPlan) instead
 * of calling `current_setting` for every row a scan visits, and can compare `tenant_id` with one
 * value. A table created later gets its isolation from `tenantIsolationSql`.
 */

/** A setting of the transaction (`app.platform`, `app.login_email`, …), or null when unset. */
export const settingSql = (name: string) => `(select current_setting('${name}', true))`;

/** A setting that holds text, null when unset or empty. */
export const nonEmptySettingSql = (name: string) => `(select nullif(current_setting('${name}', true), ''))`;

/** The district of the transaction (`app.tenant_id`, set by withTenant), null when unset. */
export const CURRENT_TENANT_SQL = `(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;

/** A tenant table's row-level security: enabled, forced (the owner too), rows of the current district only. */
export function tenantIsolationSql(table: string): string[] {
  return [
    `alter table ${table} enable row level security;`,
    `alter table ${table} force row level security;`,
    `create policy tenant_isolation on ${table} using (tenant_id = ${CURRENT_TENANT_SQL}) with check (tenant_id = ${CURRENT_TENANT_SQL});`,
  ];
}
