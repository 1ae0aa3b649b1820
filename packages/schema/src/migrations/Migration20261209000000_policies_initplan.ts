import { Migration } from '@mikro-orm/migrations';
import { CURRENT_TENANT_SQL, nonEmptySettingSql, settingSql } from '../db/row-security';
import { FOUNDATION_TENANT_TABLES } from './Migration20261130000000_foundation';

/** The tenant tables with the plain `tenant_isolation` policy when this migration was written. */
const TENANT_TABLES_THEN = [
  ...FOUNDATION_TENANT_TABLES,
  'imports',
  'webhook_delivery_attempts',
  'kpi_refresh_requests',
];

/**
 * Every policy reads its settings through a subselect (db/row-security.ts): `tenant_id =
 * (select nullif(current_setting('app.tenant_id', true), '')::uuid)` is an InitPlan evaluated
 * once per statement, where `tenant_id = nullif(current_setting(…))::uuid` was evaluated per row
 * on sequential scans. The same rows pass; row-level security stays enabled and forced.
 */
export class Migration20261209000000PoliciesInitplan extends Migration {
  override async up(): Promise<void> {
    const tenant = CURRENT_TENANT_SQL;
    for (const table of TENANT_TABLES_THEN) {
      this.addSql(
        `alter policy tenant_isolation on ${table} using (tenant_id = ${tenant}) with check (tenant_id = ${tenant});`,
      );
    }
    this.addSql(`alter policy tenant_isolation on user_logins
      using (tenant_id = ${tenant} or email = ${settingSql('app.login_email')})
      with check (tenant_id = ${tenant});`);
    this.addSql(`alter policy district_visibility on districts
      using (id = ${tenant} or ${settingSql('app.platform')} = 'on')
      with check (${settingSql('app.platform')} = 'on');`);
    this.addSql(`alter policy platform_only on platform_users
      using (${settingSql('app.platform')} = 'on' or email = ${settingSql('app.login_email')})
      with check (${settingSql('app.platform')} = 'on');`);
    this.addSql(
      `alter policy api_key_lookup on api_clients using (secret_hash = ${nonEmptySettingSql('app.api_key_hash')});`,
    );
  }
}
