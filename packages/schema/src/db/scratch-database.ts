import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { appDatabaseUrl } from './database-url';
import { migrate } from './migrate';

/** The PostgreSQL server of tests and benchmarks: a superuser URL without a database. */
export const SCRATCH_SERVER_URL = (process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(
  /\/+$/,
  '',
);

export interface ScratchDatabase {
  name: string;
  /** superuser URL of the database (bypasses row-level security: fixtures, catalogue checks) */
  url: string;
  /** the same database as the application role, as the API and the worker connect */
  appUrl: string;
  drop(): Promise<void>;
}

/** Drops a database of the server, ending its connections first. */
export async function dropDatabase(name: string, serverUrl: string = SCRATCH_SERVER_URL): Promise<void> {
  const admin = new Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    await admin.query(`drop database if exists "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh, migrated database `<prefix>_<random>` of its own for a test file or a benchmark run;
 * `drop()` removes it. A migration that fails drops what it created.
 */
export async function createScratchDatabase(
  prefix = 'xiaoyuan_test',
  serverUrl: string = SCRATCH_SERVER_URL,
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const url = `${serverUrl}/${name}`;
  try {
    await migrate({ databaseUrl: url });
  } catch (error) {
    await dropDatabase(name, serverUrl).catch(() => undefined);
    throw error;
  }
  return { name, url, appUrl: appDatabaseUrl({ DATABASE_URL: url }), drop: () => dropDatabase(name, serverUrl) };
}
