import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { Migration20261130000000Foundation } from '../migrations/Migration20261130000000_foundation';
import { Migration20261130100000Imports } from '../migrations/Migration20261130100000_imports';
import { Migration20261201000000KpiIndexes } from '../migrations/Migration20261201000000_kpi_indexes';
import { Migration20261201010000KpiRangeIndexes } from '../migrations/Migration20261201010000_kpi_range_indexes';
import { Migration20261202000000AlertCourtyardIndex } from '../migrations/Migration20261202000000_alert_courtyard_index';
import { Migration20261207000000ApiKeys } from '../migrations/Migration20261207000000_api_keys';
import { Migration20261207100000Webhooks } from '../migrations/Migration20261207100000_webhooks';
import { Migration20261207200000ClientActors } from '../migrations/Migration20261207200000_client_actors';
import { Migration20261208000000Accounts } from '../migrations/Migration20261208000000_accounts';
import { Migration20261208010000ImportContentRetention } from '../migrations/Migration20261208010000_import_content_retention';
import { Migration20261208020000KpiRefreshOutbox } from '../migrations/Migration20261208020000_kpi_refresh_outbox';
import { Migration20261209000000PoliciesInitplan } from '../migrations/Migration20261209000000_policies_initplan';
import { Migration20261209010000AlertReadIndexes } from '../migrations/Migration20261209010000_alert_read_indexes';
import { Migration20261210000000ProbeGrants } from '../migrations/Migration20261210000000_probe_grants';
import { DEFAULT_APP_PASSWORD, DEFAULT_DATABASE_URL, databaseName } from './database-url';
import { ENTITIES } from './orm-config';
import { APP_ROLE, OWNER_ROLE } from './database-roles';

/** Every migration, in order. Listed rather than discovered so compiled and test code agree. */
export const MIGRATIONS = [
  { name: 'Migration20261130000000_foundation', class: Migration20261130000000Foundation },
  { name: 'Migration20261130100000_imports', class: Migration20261130100000Imports },
  { name: 'Migration20261201000000_kpi_indexes', class: Migration20261201000000KpiIndexes },
  { name: 'Migration20261201010000_kpi_range_indexes', class: Migration20261201010000KpiRangeIndexes },
  { name: 'Migration20261202000000_alert_courtyard_index', class: Migration20261202000000AlertCourtyardIndex },
  { name: 'Migration20261207000000_api_keys', class: Migration20261207000000ApiKeys },
  { name: 'Migration20261207100000_webhooks', class: Migration20261207100000Webhooks },
  { name: 'Migration20261207200000_client_actors', class: Migration20261207200000ClientActors },
  { name: 'Migration20261208000000_accounts', class: Migration20261208000000Accounts },
  { name: 'Migration20261208010000_import_content_retention', class: Migration20261208010000ImportContentRetention },
  { name: 'Migration20261208020000_kpi_refresh_outbox', class: Migration20261208020000KpiRefreshOutbox },
  { name: 'Migration20261209000000_policies_initplan', class: Migration20261209000000PoliciesInitplan },
  { name: 'Migration20261209010000_alert_read_indexes', class: Migration20261209010000AlertReadIndexes },
  { name: 'Migration20261210000000_probe_grants', class: Migration20261210000000ProbeGrants },
];

export interface MigrateOptions {
  databaseUrl?: string;
  appPassword?: string;
  log?: (line: string) => void;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

// Roles are cluster-wide and several test databases may be migrated at once: a concurrent
// creation of the same role is not an error.
async function ignoreDuplicate(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== '42710' && code !== '23505' && code !== '42P04') throw error;
  }
}

/**
 * Creates the database, the owner role and the application role when they are missing (this needs
 * a superuser `DATABASE_URL`, as on a developer machine; in production they exist already), then
 * runs the pending migrations as the owner role.
 */
export async function migrate(options: MigrateOptions = {}): Promise<string[]> {
  const url = options.databaseUrl ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const appPassword = options.appPassword ?? process.env.DATABASE_APP_PASSWORD ?? DEFAULT_APP_PASSWORD;
  const log = options.log ?? (() => undefined);
  const name = databaseName(url);

  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    const { rows: me } = await admin.query<{ rolsuper: boolean; rolcreaterole: boolean }>(
      'select rolsuper, rolcreaterole from pg_roles where rolname = current_user',
    );
    const canCreateRoles = me[0]?.rolsuper || me[0]?.rolcreaterole;
    const roles = await admin.query<{ rolname: string }>('select rolname from pg_roles where rolname = any($1)', [
      [OWNER_ROLE, APP_ROLE],
    ]);
    const existing = new Set(roles.rows.map((row) => row.rolname));
    if (!existing.has(OWNER_ROLE) || !existing.has(APP_ROLE)) {
      if (!canCreateRoles) {
        throw new Error(
          `The roles ${OWNER_ROLE} and ${APP_ROLE} are missing and ${adminUrl.username || 'this user'} cannot create them: ` +
            'run the migration once with a superuser DATABASE_URL, or create the roles as described in infra/README.md.',
        );
      }
    }
    if (!existing.has(OWNER_ROLE)) {
      log(`creating role ${OWNER_ROLE}`);
      await ignoreDuplicate(() => admin.query(`create role ${OWNER_ROLE} nologin`));
    }
    if (!existing.has(APP_ROLE)) {
      log(`creating role ${APP_ROLE}`);
      await ignoreDuplicate(() =>
        admin.query(
          `create role ${APP_ROLE} login nosuperuser nobypassrls nocreatedb nocreaterole noinherit password ${quoteLiteral(appPassword)}`,
        ),
      );
    }
    if (canCreateRoles) {
      // the migrating user must be able to act as the owner
      await ignoreDuplicate(() => admin.query(`grant ${OWNER_ROLE} to current_user`));
    }
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      log(`creating database ${name}`);
      await ignoreDuplicate(() => admin.query(`create database ${quoteIdent(name)} owner ${OWNER_ROLE}`));
    }
  } finally {
    await admin.end();
  }

  const target = new Client({ connectionString: url });
  await target.connect();
  try {
    await target.query(`revoke all on schema public from public`);
    await target.query(`grant all on schema public to ${OWNER_ROLE}`);
    // also when the database was created by someone else (its public schema is then not the owner role's)
    await target.query(`grant usage on schema public to ${APP_ROLE}`);
    await target.query(`grant connect on database ${quoteIdent(name)} to ${APP_ROLE}`);
  } catch (error) {
    // Not the database owner nor a superuser: the grants were made when the database was set up.
    if ((error as { code?: string }).code !== '42501') throw error;
  } finally {
    await target.end();
  }

  const orm = await MikroORM.init({
    clientUrl: url,
    entities: ENTITIES,
    extensions: [Migrator],
    allowGlobalContext: true,
    // the migrator's progress goes to the caller's log (silent in tests)
    // eslint-disable-next-line no-control-regex -- strips the ANSI colour codes of the migrator's log
    logger: (message: string) => log(message.replace(/\u001b\[[0-9;]*m/g, '')),
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    pool: {
      min: 0,
      max: 1,
      // Every table is created by, and so owned by, the owner role.
      afterCreate: (
        connection: { query: (sql: string, done: (error: Error | null) => void) => void },
        done: (error: Error | null, connection: unknown) => void,
      ) => {
        connection.query(`set role ${OWNER_ROLE}`, (error) => done(error, connection));
      },
    },
    migrations: {
      migrationsList: MIGRATIONS,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
  });
  try {
    const executed = await orm.getMigrator().up();
    for (const migration of executed) log(`migrated ${migration.name}`);
    return executed.map((migration) => migration.name);
  } finally {
    await orm.close(true);
  }
}
