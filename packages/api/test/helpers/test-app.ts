import { randomBytes } from 'node:crypto';
import { createScratchDatabase, loadEnv, type AppEnv } from '@xiaoyuan/schema';
import { Client } from 'pg';
import { createApp, type CreateAppOptions, type XiaoyuanApp } from '../../src/app';
import { silentLogger, type Logger } from '../../src/engine/logger';
import Redis from 'ioredis';

export const PLATFORM_EMAIL = 'platform@test.xiaoyuan.local';
export const PLATFORM_PASSWORD = 'platform-test-password';

export interface GraphqlResult<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors:
    | { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[]
    | undefined;
}

export interface RequestOptions {
  token?: string | null;
  /** Accept-Language; none by default (zh-CN) */
  language?: string;
}

/** A GraphQL client of one running test app. */
export class GraphqlClient {
  constructor(readonly url: string) {}

  async request<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    options: RequestOptions = {},
  ): Promise<GraphqlResult<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.language) headers['accept-language'] = options.language;
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T | null; errors?: GraphqlResult['errors'] };
    return { status: response.status, data: body.data, errors: body.errors };
  }

  /** Signs in and returns the token; fails the test when sign-in fails. */
  async login(email: string, password: string): Promise<string> {
    const result = await this.request(
      `mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { token userErrors { code message } } }`,
      {
        email,
        password,
      },
    );
    const token = result.data?.login?.token;
    if (!token) throw new Error(`login of ${email} failed: ${JSON.stringify(result)}`);
    return token;
  }
}

export interface TestApp {
  app: XiaoyuanApp;
  env: AppEnv;
  url: string;
  client: GraphqlClient;
  databaseName: string;
  /** runs SQL as the superuser on the test database (bypasses row-level security) */
  sql<T = Record<string, any>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  redisUrl?: string;
  /** a PostgreSQL server of the test's own (superuser URL without a database); default the shared one */
  postgresServerUrl?: string;
  adminDistPath?: string;
  logger?: Logger;
  /** more environment variables (e.g. PARTNER_RATE_LIMIT_PER_MINUTE) */
  env?: Record<string, string>;
}

/**
 * A fresh database `xiaoyuan_test_<random>` (migrated as the superuser), and the app running
 * in-process on a random port, connected as the application role. `close()` stops the app, quits
 * Redis and drops the database.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { name: databaseName, url, drop } = await createScratchDatabase('xiaoyuan_test', options.postgresServerUrl);
  const env = loadEnv(
    {
      NODE_ENV: 'test',
      DATABASE_URL: url,
      REDIS_URL: options.redisUrl ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `test-${databaseName}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PLATFORM_ADMIN_EMAIL: PLATFORM_EMAIL,
      PLATFORM_ADMIN_PASSWORD: PLATFORM_PASSWORD,
      // the tests' requests all come from 127.0.0.1, in bursts: the address budget is tested on its own
      RATE_LIMIT_PER_MINUTE: '100000000',
      ...options.env,
    },
    () => undefined,
  );
  let app: XiaoyuanApp;
  try {
    app = await createApp({
      env,
      logger: options.logger ?? silentLogger,
      adminDistPath: options.adminDistPath ?? '/nonexistent/admin-web/dist',
    });
  } catch (error) {
    await drop();
    throw error;
  }
  const { url: baseUrl } = await app.listen(0, '127.0.0.1');
  const superuser = new Client({ connectionString: url });
  // an outage test stops the server: the connection's end is not a test failure
  superuser.on('error', () => undefined);
  await superuser.connect();
  return {
    app,
    env,
    url: baseUrl,
    client: new GraphqlClient(baseUrl),
    databaseName,
    async sql<T>(text: string, params: unknown[] = []) {
      return (await superuser.query(text, params)).rows as T[];
    },
    async close() {
      await superuser.end();
      await app.close();
      await drop();
      await deleteQueueKeys(env.redisUrl, env.queuePrefix);
    },
  };
}

/**
 * Another API process of a running test app: the same environment (database, Redis, queue prefix)
 * unless `env` changes some of it, its own connections and port. Close it before the test app.
 */
export async function startSiblingApp(
  t: TestApp,
  options: Pick<CreateAppOptions, 'logger' | 'webhookAddressLookup'> & { env?: Partial<AppEnv> } = {},
): Promise<{ app: XiaoyuanApp; url: string; client: GraphqlClient; close(): Promise<void> }> {
  const app = await createApp({
    env: { ...t.env, ...options.env },
    logger: options.logger ?? silentLogger,
    adminDistPath: '/nonexistent/admin-web/dist',
    webhookAddressLookup: options.webhookAddressLookup,
  });
  const { url } = await app.listen(0, '127.0.0.1');
  return { app, url, client: new GraphqlClient(url), close: () => app.close() };
}

/** Removes the BullMQ keys the test's queues left under its prefix. */
async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis is down in the tests that stop it: nothing was left there either
  } finally {
    redis.disconnect();
  }
}
