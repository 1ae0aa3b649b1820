import { APP_ROLE } from './database-roles';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/xiaoyuan';
export const DEFAULT_APP_PASSWORD = 'xiaoyuan_app';

/**
 * The URL the API and worker connect with: `DATABASE_APP_URL` when given, else `DATABASE_URL`
 * with the user replaced by the application role (password `DATABASE_APP_PASSWORD`).
 */
export function appDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_APP_URL) return env.DATABASE_APP_URL;
  const url = new URL(env.DATABASE_URL || DEFAULT_DATABASE_URL);
  url.username = APP_ROLE;
  url.password = env.DATABASE_APP_PASSWORD || DEFAULT_APP_PASSWORD;
  return url.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL names no database: ${url}`);
  return name;
}
