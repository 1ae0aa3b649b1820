import type { Client } from 'pg';

export interface UnprotectedTable {
  table: string;
  problems: string[];
}

/**
 * Every table of the public schema that has a `tenant_id` column must have row-level security
 * enabled and forced and a policy that mentions tenant_id. Returns the tables that do not.
 */
export async function findUnprotectedTenantTables(client: Client): Promise<UnprotectedTable[]> {
  const { rows } = await client.query<{ table: string; enabled: boolean; forced: boolean; policies: string[] }>(`
    select c.relname as table,
           c.relrowsecurity as enabled,
           c.relforcerowsecurity as forced,
           coalesce(array_agg(p.qual) filter (where p.qual is not null), '{}') as policies
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      left join pg_policies p on p.schemaname = 'public' and p.tablename = c.relname
     where c.relkind in ('r', 'p')
     group by c.relname, c.relrowsecurity, c.relforcerowsecurity
     order by c.relname`);
  return rows
    .map((row) => {
      const problems: string[] = [];
      if (!row.enabled) problems.push('row level security is not enabled');
      if (!row.forced) problems.push('row level security is not forced');
      if (!row.policies.some((qual) => qual.includes('tenant_id'))) problems.push('no policy on tenant_id');
      return { table: row.table, problems };
    })
    .filter((entry) => entry.problems.length > 0);
}

/** A setting read through a subselect, as deparsed: `( SELECT (NULLIF(current_setting(…` or `( SELECT current_setting(…`. */
const SETTING_IN_SUBSELECT = /\( SELECT \(?(?:NULLIF\()?current_setting\(/g;

/**
 * Every policy reads the request's settings through a subselect (an InitPlan, once per statement),
 * never `current_setting` per row: returns the policies, as `table.policy`, that do not.
 */
export async function findPerRowSettingPolicies(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string; expressions: string }>(`
    select tablename || '.' || policyname as name, coalesce(qual, '') || ' ' || coalesce(with_check, '') as expressions
      from pg_policies where schemaname = 'public' order by 1`);
  const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;
  return rows
    .filter((row) => count(row.expressions, /current_setting\(/g) !== count(row.expressions, SETTING_IN_SUBSELECT))
    .map((row) => row.name);
}

export async function tablesWithTenantId(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(`
    select table_name from information_schema.columns
     where table_schema = 'public' and column_name = 'tenant_id'
     order by table_name`);
  return rows.map((row) => row.table_name);
}
