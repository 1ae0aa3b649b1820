import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from '../db/database-roles';

/**
 * The readiness probes of the API and the worker (issue 14) compare the migrations of the code with
 * the applied ones, as the application role: it may read their names (nothing else of the table).
 */
export class Migration20261210000000ProbeGrants extends Migration {
  override async up(): Promise<void> {
    this.addSql(`grant select (name) on mikro_orm_migrations to ${APP_ROLE};`);
  }
}
