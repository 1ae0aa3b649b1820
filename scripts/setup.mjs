#!/usr/bin/env node
// `npm run setup`: install (when node_modules is missing), build, migrate the database, then
// generate the demo district, which prints its admin's sign-in. Stops at the first failing step.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/xiaoyuan';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit' });
    child.on('error', (error) => resolve(error.message));
    child.on('exit', (code, signal) =>
      resolve(code === 0 ? null : signal ? `killed by ${signal}` : `exit code ${code}`),
    );
  });
}

// Resolves to an error message when nothing listens on the URL's host and port.
function reachable(url, defaultPort) {
  let host;
  let port;
  try {
    const parsed = new URL(url);
    host = parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
    port = Number(parsed.port || defaultPort);
  } catch {
    return Promise.resolve(`cannot parse ${url}`);
  }
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (error) => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(3000, () => done(`no answer from ${host}:${port} within 3 s`));
    socket.on('connect', () => done(null));
    socket.on('error', (error) => done(`${host}:${port}: ${error.message}`));
  });
}

function stop(step, reason, advice) {
  console.error(`\nsetup stopped: "${step}" failed (${reason}).`);
  if (advice) console.error(advice);
  process.exit(1);
}

async function step(name, cmd, args, advice) {
  console.log(`\n=== ${name}: ${[cmd === process.execPath ? 'node' : cmd, ...args].join(' ')}`);
  const failure = await run(cmd, args);
  if (failure) stop(name, failure, advice);
}

// Development secrets, random per checkout, in the ignored .env.local that the API, the worker and
// the demo generator load (variables set in the environment win). Existing values are kept: the
// data encrypted with DATA_ENCRYPTION_KEY stays readable.
const LOCAL_ENV_FILE = '.env.local';
const LOCAL_SECRETS = {
  JWT_SECRET: () => randomBytes(32).toString('hex'),
  API_KEY_PEPPER: () => randomBytes(32).toString('hex'),
  DATA_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
  PLATFORM_ADMIN_EMAIL: () => 'platform@xiaoyuan.local',
  PLATFORM_ADMIN_PASSWORD: () => randomBytes(12).toString('base64url'),
};
function writeLocalSecrets() {
  const existing = existsSync(LOCAL_ENV_FILE) ? readFileSync(LOCAL_ENV_FILE, 'utf8') : '';
  const present = new Set([...existing.matchAll(/^\s*([A-Z_][A-Z0-9_]*)\s*=/gm)].map((match) => match[1]));
  const added = Object.keys(LOCAL_SECRETS).filter((name) => !present.has(name) && !process.env[name]);
  if (!existing) {
    writeFileSync(
      LOCAL_ENV_FILE,
      '# Development settings written by `npm run setup` (ignored by git; never used with NODE_ENV=production).\n',
      { mode: 0o600 },
    );
  }
  if (added.length) {
    const body = added.map((name) => `${name}=${LOCAL_SECRETS[name]()}`).join('\n');
    appendFileSync(LOCAL_ENV_FILE, `${existing && !existing.endsWith('\n') ? '\n' : ''}${body}\n`);
  }
  console.log(
    added.length ? `wrote ${added.join(', ')} to ${LOCAL_ENV_FILE}` : `${LOCAL_ENV_FILE} present: secrets kept`,
  );
  process.loadEnvFile(LOCAL_ENV_FILE);
}

if (process.env.NODE_ENV !== 'production') writeLocalSecrets();

if (existsSync('node_modules')) {
  console.log('node_modules present: skipping npm install');
} else {
  await step('install', 'npm', ['install'], 'Check your network access to the npm registry and Node.js >= 20.19.');
}

await step('build', 'npm', ['run', 'build']);

const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
const database = await reachable(databaseUrl, 5432);
if (database) {
  stop(
    'check PostgreSQL',
    database,
    `Start PostgreSQL 15+ or set DATABASE_URL (now ${process.env.DATABASE_URL ? 'set' : `the default ${DEFAULT_DATABASE_URL}`}).`,
  );
}
const redis = await reachable(redisUrl, 6379);
if (redis) {
  stop(
    'check Redis',
    redis,
    `Start Redis 7 or set REDIS_URL (now ${process.env.REDIS_URL ? 'set' : `the default ${DEFAULT_REDIS_URL}`}).`,
  );
}

await step(
  'migrate',
  'npm',
  ['run', 'db:migrate'],
  'DATABASE_URL must be a superuser (or owner) URL: migrate creates the database and the roles.',
);
await step(
  'demo district',
  process.execPath,
  ['packages/worker/dist/demo.cli.js'],
  'The demo district needs the migrated database and Redis (REDIS_URL).',
);

console.log(
  `\nsetup done. Next: npm start, then open http://localhost:${process.env.PORT || 4000}` +
    ` (the platform operator: ${process.env.PLATFORM_ADMIN_EMAIL} with the PLATFORM_ADMIN_PASSWORD of ${LOCAL_ENV_FILE}).`,
);
