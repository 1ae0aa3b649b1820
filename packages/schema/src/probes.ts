import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MIGRATIONS } from './db/migrate';

/*
 * The probes of the API and the worker (issue 14): `/livez` answers while the process serves (its
 * event loop runs the answer; nothing else is checked), `/readyz` when PostgreSQL and Redis answer
 * and every migration of the code is applied. `/healthz` is `/readyz` under its older name.
 */

/** How long one readiness check may take before it counts as failed. */
export const PROBE_TIMEOUT_MS = 2_000;

/** Why a check failed, in words safe to show to whoever asks (no addresses, no driver messages). */
export class ProbeFailure extends Error {}

/** One dependency of readiness: its name in a 503's `failed`, and a check that rejects when it fails. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<unknown>;
}

export interface ReadinessReport {
  ready: boolean;
  body: { status: 'ok' } | { status: 'unavailable'; failed: string[]; reasons: Record<string, string> };
}

async function withinProbeTimeout(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeFailure(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check.check(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check at once, each within `timeoutMs`. */
export async function checkReadiness(
  checks: readonly ReadinessCheck[],
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ReadinessReport> {
  const outcomes = await Promise.allSettled(checks.map((check) => withinProbeTimeout(check, timeoutMs)));
  const reasons: Record<string, string> = {};
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') return;
    reasons[checks[index].name] = outcome.reason instanceof ProbeFailure ? outcome.reason.message : 'failed';
  });
  const failed = Object.keys(reasons);
  if (!failed.length) return { ready: true, body: { status: 'ok' } };
  return { ready: false, body: { status: 'unavailable', failed, reasons } };
}

/** The migrations of this code that the database has not applied (from MikroORM's `mikro_orm_migrations`). */
export async function missingMigrations(em: EntityManager): Promise<string[]> {
  const rows = await em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations');
  const applied = new Set(rows.map((row) => row.name));
  return MIGRATIONS.map((migration) => migration.name).filter((name) => !applied.has(name));
}

/** PostgreSQL answers a query on the connection pool of `em`. */
export function postgresCheck(em: EntityManager): ReadinessCheck {
  return { name: 'postgres', check: () => em.getConnection().execute('select 1') };
}

/** Every migration of the code is applied to the database of `em`. */
export function migrationsCheck(em: EntityManager): ReadinessCheck {
  return {
    name: 'migrations',
    async check() {
      const missing = await missingMigrations(em);
      if (missing.length) throw new ProbeFailure(`not applied: ${missing.join(', ')}`);
    },
  };
}

/** What the Redis check needs of an ioredis client. */
export interface PingableRedisConnection {
  readonly status: string;
  ping(): Promise<unknown>;
}

/** Every connection is ready and answers PING. */
export function redisCheck(connections: readonly PingableRedisConnection[]): ReadinessCheck {
  return {
    name: 'redis',
    async check() {
      if (connections.some((connection) => connection.status !== 'ready')) throw new ProbeFailure('not connected');
      await Promise.all(connections.map((connection) => connection.ping()));
    },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/**
 * Answers GET `/livez`, `/readyz` and `/healthz` (an alias of `/readyz`), and hands every other
 * request to `next`: an express middleware as it is, or a node:http handler with a `next` of 404.
 */
export function probeHandler(checks: readonly ReadinessCheck[], timeoutMs = PROBE_TIMEOUT_MS) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (path === '/livez') return sendJson(response, 200, { status: 'ok' });
    if (path !== '/readyz' && path !== '/healthz') return next();
    checkReadiness(checks, timeoutMs).then(
      (report) => sendJson(response, report.ready ? 200 : 503, report.body),
      () => sendJson(response, 503, { status: 'unavailable' }),
    );
  };
}

export interface ProbeServer {
  port: number;
  close(): Promise<void>;
}

/** A node:http server of the probes alone on `host:port` (port 0: a free port), as the worker serves them. */
export async function startProbeServer(
  port: number,
  host: string,
  checks: readonly ReadinessCheck[],
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ProbeServer> {
  const handle = probeHandler(checks, timeoutMs);
  const server = createServer((request, response) =>
    handle(request, response, () => sendJson(response, 404, { status: 'not found' })),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
