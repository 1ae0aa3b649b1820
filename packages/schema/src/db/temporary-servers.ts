import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * Servers of their own for outage tests, which stop and start them: never the shared PostgreSQL
 * and Redis of the machine. Not used by the application.
 */

const run = promisify(execFile);

/** A free TCP port of 127.0.0.1 (free when asked). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface TemporaryServer {
  /** superuser URL without a database (PostgreSQL) or the server's URL (Redis) */
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stops it for good and removes its files */
  destroy(): Promise<void>;
}

const PG_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL server in a temporary directory (initdb, trust authentication, superuser
 * `postgres`), started on a free port. As root, the server runs as the `postgres` user.
 */
export async function startTemporaryPostgres(): Promise<TemporaryServer> {
  const directory = mkdtempSync(join(tmpdir(), 'xiaoyuan-pg-'));
  const data = join(directory, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    chownSync(directory, Number(stdout.trim()), Number(group.trim()));
    chmodSync(directory, 0o700);
  }
  const as = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, command), ...args])
      : run(join(PG_BIN, command), args);
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const options = `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = async () => {
    await as('pg_ctl', ['-D', data, '-o', options, '-l', join(directory, 'log'), '-w', 'start']);
  };
  const stop = async () => {
    await as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  };
  await start();
  let destroyed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}`,
    port,
    start,
    stop,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await stop().catch(() => undefined);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A Redis server of its own (no persistence) on a free port. */
export async function startTemporaryRedis(): Promise<TemporaryServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      // already running
      if (child && child.exitCode === null) return resolve();
      const server = spawn(
        process.env.REDIS_SERVER_BIN ?? 'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      const onData = (chunk: Buffer) => {
        output += String(chunk);
        if (output.includes('Ready to accept connections')) {
          server.stdout!.off('data', onData);
          server.stdout!.resume();
          resolve();
        }
      };
      server.stdout!.on('data', onData);
      server.stderr!.resume();
      server.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
      child = server;
    });
  const stop = async () => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, destroy: stop };
}
