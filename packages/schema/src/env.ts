import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { DEFAULT_DATABASE_URL, appDatabaseUrl } from './db/database-url';

/** The environment of the API and the worker, parsed once, with development defaults. */
export interface AppEnv {
  production: boolean;
  databaseUrl: string;
  appDatabaseUrl: string;
  redisUrl: string;
  port: number;
  /** the address the API listens on: 127.0.0.1 in development, 0.0.0.0 in production, unless HOST says otherwise */
  host: string;
  /** express's `trust proxy`: which proxies' X-Forwarded-For gives the client address (false: none) */
  trustProxy: boolean | number | string;
  /** requests per minute of one client address, shared by every API process */
  rateLimitPerMinute: number;
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
  /** the V8 heap of the worker's import process (one process per running import), in MB */
  importMaxHeapMb: number;
  /** the worker's port of `/livez` and `/readyz` (on `host`); 0: none */
  workerHealthPort: number;
}

/** The ignored file of development secrets that `npm run setup` writes at the repository's root. */
export const LOCAL_ENV_FILE = resolve(__dirname, '../../../.env.local');

/**
 * Outside production, loads `.env.local` (written by `npm run setup`) into `process.env`, so the
 * API, the worker and the demo generator share its secrets. Variables already set win.
 * Returns the file loaded, or null.
 */
export function loadLocalEnvFile(env: NodeJS.ProcessEnv = process.env, path: string = LOCAL_ENV_FILE): string | null {
  if (env.NODE_ENV === 'production' || !existsSync(path)) return null;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
    if (env[name] === undefined) env[name] = value;
  }
  return path;
}

// Outside production a missing secret is random, for this process only: nothing published in the
// source signs a token. The API and the worker then disagree, hence `.env.local` (npm run setup).
const DEVELOPMENT_DEFAULTS = {
  JWT_SECRET: () => randomBytes(32).toString('hex'),
  API_KEY_PEPPER: () => randomBytes(32).toString('hex'),
  DATA_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
  PLATFORM_ADMIN_EMAIL: () => 'platform@xiaoyuan.local',
  PLATFORM_ADMIN_PASSWORD: () => randomBytes(18).toString('base64url'),
} as const;

const DEVELOPMENT_DEFAULT_NOTE: Record<keyof typeof DEVELOPMENT_DEFAULTS, string> = {
  JWT_SECRET: 'a random secret for this process only (the worker and other API processes will not accept its tokens)',
  API_KEY_PEPPER: 'a random pepper for this process only (API keys created before will not match)',
  DATA_ENCRYPTION_KEY: 'a random key for this process only (data encrypted by another process cannot be read)',
  PLATFORM_ADMIN_EMAIL: 'platform@xiaoyuan.local',
  PLATFORM_ADMIN_PASSWORD: 'a random password nobody knows (the platform operator cannot sign in)',
};

/** Parses TRUST_PROXY as express's `trust proxy`: unset/false, true, a number of hops, or addresses/subnets. */
function parseTrustProxy(given: string | undefined): boolean | number | string {
  const value = given?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  if (!/^[\w.:/,\s-]+$/.test(value)) {
    throw new EnvError(
      `TRUST_PROXY must be true, false, a number of proxies, or addresses/subnets such as "loopback, 10.0.0.0/8", got "${given}"`,
    );
  }
  return value;
}

function positiveWholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: string, unit = 'requests'): number {
  const given = env[name] || fallback;
  const value = Number(given);
  if (!/^\d+$/.test(given) || !Number.isSafeInteger(value) || value <= 0) {
    throw new EnvError(`${name} must be a whole number of ${unit} above 0, got "${env[name]}"`);
  }
  return value;
}

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
    warn(
      `[env] ${name} is not set: using ${DEVELOPMENT_DEFAULT_NOTE[name]}; run \`npm run setup\` to write .env.local`,
    );
    return DEVELOPMENT_DEFAULTS[name]();
  };
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new EnvError(`PORT must be a TCP port, got "${env.PORT}"`);
  const workerHealthPort = Number(env.WORKER_HEALTH_PORT || 4001);
  if (!Number.isInteger(workerHealthPort) || workerHealthPort < 0 || workerHealthPort > 65535)
    throw new EnvError(`WORKER_HEALTH_PORT must be a TCP port or 0 (none), got "${env.WORKER_HEALTH_PORT}"`);
  const jwtSecret = value('JWT_SECRET');
  if (production && jwtSecret.length < 32) throw new EnvError('JWT_SECRET must be at least 32 characters');
  const apiKeyPepper = value('API_KEY_PEPPER');
  if (production && apiKeyPepper.length < 32) throw new EnvError('API_KEY_PEPPER must be at least 32 characters');
  const dataEncryptionKey = value('DATA_ENCRYPTION_KEY');
  if (Buffer.from(dataEncryptionKey, 'base64').length !== 32) {
    throw new EnvError('DATA_ENCRYPTION_KEY must be 32 random bytes in base64 (openssl rand -base64 32)');
  }
  const partnerRateLimitPerMinute = positiveWholeNumber(env, 'PARTNER_RATE_LIMIT_PER_MINUTE', '600');
  // generous: a district office or a school shares one address
  const rateLimitPerMinute = positiveWholeNumber(env, 'RATE_LIMIT_PER_MINUTE', '3000');
  const dbStatementTimeoutMs = positiveWholeNumber(env, 'DB_STATEMENT_TIMEOUT_MS', '15000', 'milliseconds');
  const loginRateLimitPerAddress = positiveWholeNumber(env, 'LOGIN_RATE_LIMIT_PER_ADDRESS', '100', 'failed sign-ins');
  const importMaxHeapMb = positiveWholeNumber(env, 'IMPORT_MAX_HEAP_MB', '512', 'megabytes');
  const host = env.HOST?.trim() || (production ? '0.0.0.0' : '127.0.0.1');
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
    host,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    rateLimitPerMinute,
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
    importMaxHeapMb,
    workerHealthPort,
  };
}
