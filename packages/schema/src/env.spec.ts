import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvError, loadEnv, loadLocalEnvFile } from './env';

const KEY = Buffer.alloc(32, 7).toString('base64');
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://owner@db.internal:5432/xiaoyuan',
  REDIS_URL: 'redis://redis.internal:6379',
  JWT_SECRET: 'x'.repeat(48),
  API_KEY_PEPPER: 'p'.repeat(48),
  DATA_ENCRYPTION_KEY: KEY,
  PLATFORM_ADMIN_EMAIL: 'Ops@Example.org',
  PLATFORM_ADMIN_PASSWORD: 'a-long-operator-password',
};

describe('loadEnv', () => {
  it('gives every variable a development default, with a warning for each secret', () => {
    const warnings: string[] = [];
    const env = loadEnv({}, (message) => warnings.push(message));
    expect(env).toMatchObject({
      production: false,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/xiaoyuan',
      appDatabaseUrl: 'postgres://xiaoyuan_app:xiaoyuan_app@127.0.0.1:5432/xiaoyuan',
      redisUrl: 'redis://127.0.0.1:6379',
      port: 4000,
      queuePrefix: 'xiaoyuan',
      platformAdminEmail: 'platform@xiaoyuan.local',
      partnerRateLimitPerMinute: 600,
      dbStatementTimeoutMs: 15000,
      rateLimitPerMinute: 3000,
      host: '127.0.0.1',
      trustProxy: false,
      adminAppUrl: 'http://localhost:4000',
      workerHealthPort: 4001,
    });
    expect(warnings.map((line) => line.split(' ')[1])).toEqual([
      'JWT_SECRET',
      'API_KEY_PEPPER',
      'DATA_ENCRYPTION_KEY',
      'PLATFORM_ADMIN_EMAIL',
      'PLATFORM_ADMIN_PASSWORD',
    ]);
  });

  it('makes missing development secrets random per process, never a value published in the source', () => {
    const first = loadEnv({}, () => undefined);
    const second = loadEnv({}, () => undefined);
    for (const name of ['jwtSecret', 'apiKeyPepper', 'dataEncryptionKey', 'platformAdminPassword'] as const) {
      expect(first[name]).not.toBe(second[name]);
      expect(first[name].length).toBeGreaterThanOrEqual(24);
    }
    expect(Buffer.from(first.dataEncryptionKey, 'base64')).toHaveLength(32);
    expect(first.jwtSecret).not.toMatch(/xiaoyuan|development/);
  });

  it('takes the worker probe port from WORKER_HEALTH_PORT, 0 for none, and refuses anything else', () => {
    expect(loadEnv({ WORKER_HEALTH_PORT: '9101' }, () => undefined).workerHealthPort).toBe(9101);
    expect(loadEnv({ WORKER_HEALTH_PORT: '0' }, () => undefined).workerHealthPort).toBe(0);
    expect(() => loadEnv({ WORKER_HEALTH_PORT: 'http' }, () => undefined)).toThrow(
      /WORKER_HEALTH_PORT must be a TCP port/,
    );
    expect(() => loadEnv({ WORKER_HEALTH_PORT: '70000' }, () => undefined)).toThrow(/WORKER_HEALTH_PORT/);
  });

  it('binds to 127.0.0.1 in development and 0.0.0.0 in production unless HOST says otherwise', () => {
    expect(loadEnv({}, () => undefined).host).toBe('127.0.0.1');
    expect(loadEnv({ HOST: '0.0.0.0' }, () => undefined).host).toBe('0.0.0.0');
    expect(loadEnv(PRODUCTION).host).toBe('0.0.0.0');
    expect(loadEnv({ ...PRODUCTION, HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
  });

  it('reads TRUST_PROXY as express reads `trust proxy`', () => {
    const trust = (value: string) => loadEnv({ TRUST_PROXY: value }, () => undefined).trustProxy;
    expect(trust('')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('1')).toBe(1);
    expect(trust('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
    expect(() => trust('$(whoami)')).toThrow('TRUST_PROXY must be true, false, a number of proxies');
  });

  it('loads .env.local outside production without overriding what is set', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'xiaoyuan-env-')), '.env.local');
    writeFileSync(file, '# written by npm run setup\nJWT_SECRET=from-file\nAPI_KEY_PEPPER=from-file\n');
    const production: NodeJS.ProcessEnv = { NODE_ENV: 'production' };
    expect(loadLocalEnvFile(production, file)).toBeNull();
    expect(production).toEqual({ NODE_ENV: 'production' });
    const development: NodeJS.ProcessEnv = { JWT_SECRET: 'from-environment' };
    expect(loadLocalEnvFile(development, file)).toBe(file);
    expect(development).toEqual({ JWT_SECRET: 'from-environment', API_KEY_PEPPER: 'from-file' });
    expect(loadLocalEnvFile({}, join(file, '..', 'missing'))).toBeNull();
  });

  it('stops start-up in production when a secret is missing, naming every one', () => {
    const { JWT_SECRET: _jwt, API_KEY_PEPPER: _pepper, DATA_ENCRYPTION_KEY: _key, ...rest } = PRODUCTION;
    expect(() => loadEnv(rest, () => undefined)).toThrow(EnvError);
    expect(() => loadEnv(rest, () => undefined)).toThrow(
      'JWT_SECRET, API_KEY_PEPPER, DATA_ENCRYPTION_KEY are not set: refusing to start',
    );
  });

  it('takes everything from the environment in production, without warnings', () => {
    const warnings: string[] = [];
    const env = loadEnv(
      {
        ...PRODUCTION,
        PORT: '8080',
        DATABASE_APP_PASSWORD: 's3cret',
        PARTNER_RATE_LIMIT_PER_MINUTE: '120',
        DB_STATEMENT_TIMEOUT_MS: '30000',
      },
      (message) => warnings.push(message),
    );
    expect(warnings).toEqual([]);
    expect(env).toMatchObject({
      production: true,
      port: 8080,
      platformAdminEmail: 'ops@example.org',
      appDatabaseUrl: 'postgres://xiaoyuan_app:s3cret@db.internal:5432/xiaoyuan',
      partnerRateLimitPerMinute: 120,
      dbStatementTimeoutMs: 30000,
    });
  });

  it('takes ADMIN_APP_URL for the links of robot messages, without a trailing slash', () => {
    expect(loadEnv({ ...PRODUCTION, ADMIN_APP_URL: 'https://admin.xiaoyuan.example/' }).adminAppUrl).toBe(
      'https://admin.xiaoyuan.example',
    );
    expect(() => loadEnv({ ADMIN_APP_URL: 'admin.example' }, () => undefined)).toThrow(
      'ADMIN_APP_URL must be an http(s) URL',
    );
  });

  it('refuses bad values with a clear message', () => {
    expect(() => loadEnv({ ...PRODUCTION, JWT_SECRET: 'short' })).toThrow('JWT_SECRET must be at least 32 characters');
    expect(() => loadEnv({ ...PRODUCTION, API_KEY_PEPPER: 'short' })).toThrow(
      'API_KEY_PEPPER must be at least 32 characters',
    );
    expect(() => loadEnv({ DATA_ENCRYPTION_KEY: 'abc' }, () => undefined)).toThrow(
      'DATA_ENCRYPTION_KEY must be 32 random bytes',
    );
    expect(() => loadEnv({ PORT: 'eighty' }, () => undefined)).toThrow('PORT must be a TCP port');
    expect(() => loadEnv({ QUEUE_PREFIX: 'a b' }, () => undefined)).toThrow('QUEUE_PREFIX may hold');
    for (const bad of ['0', '-5', '1.5', '1e3', ' 60', 'many', '600/min']) {
      expect(() => loadEnv({ PARTNER_RATE_LIMIT_PER_MINUTE: bad }, () => undefined)).toThrow(
        'PARTNER_RATE_LIMIT_PER_MINUTE must be a whole number',
      );
      expect(() => loadEnv({ DB_STATEMENT_TIMEOUT_MS: bad }, () => undefined)).toThrow(
        'DB_STATEMENT_TIMEOUT_MS must be a whole number',
      );
      expect(() => loadEnv({ RATE_LIMIT_PER_MINUTE: bad }, () => undefined)).toThrow(
        'RATE_LIMIT_PER_MINUTE must be a whole number',
      );
    }
  });
});
