import { DEFAULT_DATABASE_URL, appDatabaseUrl } from './db/database-url';

/** The environment of the API and the worker, parsed once, with development defaults. */
export interface AppEnv {
  production: boolean;
  databaseUrl: string;
  appDatabaseUrl: string;
  redisUrl: string;
  port: number;
  queuePrefix: string;
  jwtSecret: string;
  /** the server pepper of API keys: only HMAC-SHA256(pepper, key) is stored */
  apiKeyPepper: string;
  dataEncryptionKey: string;
  platformAdminEmail: string;
  platformAdminPassword: string;
  /** requests per minute of one partner API client, shared by every API process (DOMAIN.md §10) */
  partnerRateLimitPerMinute: number;
  /** how long one SQL statement of an API request may run before it is cancelled (the worker sets none) */
  dbStatementTimeoutMs: number;
  /** failed sign-ins allowed from one address in the sign-in window (15 minutes), every account together */
  loginRateLimitPerAddress: number;
  /** where the admin app is served: the links of work-chat robot messages (DOMAIN.md §11) */
  adminAppUrl: string;
}

// Development defaults: never used when NODE_ENV=production (a missing secret stops start-up).
const DEVELOPMENT_DEFAULTS = {
  JWT_SECRET: 'xiaoyuan-development-jwt-secret-change-me-in-production',
  API_KEY_PEPPER: 'xiaoyuan-development-api-key-pepper-change-me',
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 'xiaoyuan-development-key').toString('base64'),
  PLATFORM_ADMIN_EMAIL: 'platform@xiaoyuan.local',
  PLATFORM_ADMIN_PASSWORD: 'platform-admin-dev',
} as const;

const REQUIRED_IN_PRODUCTION = [
  'DATABASE_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'API_KEY_PEPPER',
  'DATA_ENCRYPTION_KEY',
  'PLATFORM_ADMIN_EMAIL',
  'PLATFORM_ADMIN_PASSWORD',
];

export class EnvError extends Error {}

export function loadEnv(env: NodeJS.ProcessEnv = process.env, warn: (message: string) => void = console.warn): AppEnv {
  const production = env.NODE_ENV === 'production';
  if (production) {
    const missing = REQUIRED_IN_PRODUCTION.filter((name) => !env[name]);
    if (missing.length) {
      throw new EnvError(
        `NODE_ENV=production and ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set: refusing to start.`,
      );
    }
  }
  const value = (name: keyof typeof DEVELOPMENT_DEFAULTS): string => {
    const given = env[name];
    if (given) return given;
    warn(`[env] ${name} is not set: using the development default (never do this in production)`);
    return DEVELOPMENT_DEFAULTS[name];
  };
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new EnvError(`PORT must be a TCP port, got "${env.PORT}"`);
  const jwtSecret = value('JWT_SECRET');
  if (production && jwtSecret.length < 32) throw new EnvError('JWT_SECRET must be at least 32 characters');
  const apiKeyPepper = value('API_KEY_PEPPER');
  if (production && apiKeyPepper.length < 32) throw new EnvError('API_KEY_PEPPER must be at least 32 characters');
  const dataEncryptionKey = value('DATA_ENCRYPTION_KEY');
  if (Buffer.from(dataEncryptionKey, 'base64').length !== 32) {
    throw new EnvError('DATA_ENCRYPTION_KEY must be 32 random bytes in base64 (openssl rand -base64 32)');
  }
  const rateLimit = env.PARTNER_RATE_LIMIT_PER_MINUTE || '600';
  const partnerRateLimitPerMinute = Number(rateLimit);
  if (!/^\d+$/.test(rateLimit) || !Number.isSafeInteger(partnerRateLimitPerMinute) || partnerRateLimitPerMinute <= 0) {
    throw new EnvError(
      `PARTNER_RATE_LIMIT_PER_MINUTE must be a whole number of requests above 0, got "${env.PARTNER_RATE_LIMIT_PER_MINUTE}"`,
    );
  }
  const statementTimeout = env.DB_STATEMENT_TIMEOUT_MS || '15000';
  const dbStatementTimeoutMs = Number(statementTimeout);
  if (!/^\d+$/.test(statementTimeout) || !Number.isSafeInteger(dbStatementTimeoutMs) || dbStatementTimeoutMs <= 0) {
    throw new EnvError(
      `DB_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds above 0, got "${env.DB_STATEMENT_TIMEOUT_MS}"`,
    );
  }
  const perAddress = env.LOGIN_RATE_LIMIT_PER_ADDRESS || '100';
  const loginRateLimitPerAddress = Number(perAddress);
  if (!/^\d+$/.test(perAddress) || !Number.isSafeInteger(loginRateLimitPerAddress) || loginRateLimitPerAddress <= 0) {
    throw new EnvError(
      `LOGIN_RATE_LIMIT_PER_ADDRESS must be a whole number of failed sign-ins above 0, got "${env.LOGIN_RATE_LIMIT_PER_ADDRESS}"`,
    );
  }
  const adminAppUrl = (env.ADMIN_APP_URL || 'http://localhost:4000').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(adminAppUrl))
    throw new EnvError(`ADMIN_APP_URL must be an http(s) URL, got "${env.ADMIN_APP_URL}"`);
  const queuePrefix = env.QUEUE_PREFIX || 'xiaoyuan';
  if (!/^[A-Za-z0-9_.-]+$/.test(queuePrefix))
    throw new EnvError(`QUEUE_PREFIX may hold letters, digits, "_", "." and "-", got "${queuePrefix}"`);
  return {
    production,
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    appDatabaseUrl: appDatabaseUrl(env),
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    port,
    queuePrefix,
    jwtSecret,
    apiKeyPepper,
    dataEncryptionKey,
    platformAdminEmail: value('PLATFORM_ADMIN_EMAIL').toLowerCase(),
    platformAdminPassword: value('PLATFORM_ADMIN_PASSWORD'),
    partnerRateLimitPerMinute,
    dbStatementTimeoutMs,
    loginRateLimitPerAddress,
    adminAppUrl,
  };
}
