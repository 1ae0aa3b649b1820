import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrate } from '../src/db/migrate';
import { appDatabaseUrl } from '../src/db/database-url';

export const SUPERUSER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  name: string;
  /** superuser (bypasses row-level security): for fixtures and catalogue checks */
  url: string;
  /** the application role, as the API and worker connect */
  appUrl: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `xiaoyuan_test_${randomBytes(6).toString('hex')}`;
  const url = `${SUPERUSER_URL}/${name}`;
  await migrate({ databaseUrl: url });
  return {
    name,
    url,
    appUrl: appDatabaseUrl({ DATABASE_URL: url }),
    async drop() {
      const admin = new Client({ connectionString: `${SUPERUSER_URL}/postgres` });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
        await admin.query(`drop database if exists "${name}"`);
      } finally {
        await admin.end();
      }
    },
  };
}

export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}
