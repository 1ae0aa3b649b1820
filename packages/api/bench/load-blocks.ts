import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

/**
 * What the API benchmarks share: a free port, a GraphQL call, a server started as a child process
 * and stopped, and blocks of load with autocannon (latency percentiles of the successful
 * responses, bytes, failures) with the server's CPU time over the block.
 */

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** One GraphQL request; throws on errors or no data. */
export async function graphql<T = any>(
  port: number,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL (${response.status}): ${JSON.stringify(body)}`);
  return body.data;
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** Runs a Node script to its end (its output in `logFile`); rejects when it exits with an error. */
export function runScript(script: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((done, fail) => {
    const fd = openSync(logFile, 'w');
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${script} exited ${code}: see ${logFile}`))));
  });
}

/**
 * Starts an HTTP server script (the built API, or another) on a free port (`PORT`) and waits until
 * `healthPath` answers 2xx (60 s at most).
 */
export async function startServer(
  main: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  healthPath = '/healthz',
): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [main], { env: { ...env, PORT: String(port) }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${main} exited: see ${logFile}`);
    const up = await fetch(`http://127.0.0.1:${port}${healthPath}`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return { port, child };
    if (Date.now() > deadline) throw new Error(`${main} did not start in 60 s: see ${logFile}`);
    await sleep(200);
  }
}

/** SIGTERM, then SIGKILL after 15 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const ms = (value: number) => value.toFixed(2);

export const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

export const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;

let ticksPerSecond: number | null = null;

/** User + system CPU time of a process so far, in ms (Linux: /proc/<pid>/stat). */
export function processCpuMs(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the fields after the command name, which is in parentheses and may contain spaces
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

export interface LoadOptions {
  port: number;
  headers: Record<string, string>;
  /** the request bodies each connection sends in turn */
  bodies: string[];
  connections: number;
  seconds: number;
  /** a fixed rate (requests a second over all connections) instead of as fast as answered */
  rate?: number;
  /** the server's process, whose CPU time over the block is measured */
  serverPid?: number;
}

export interface LoadBlock {
  /** successful (200) responses */
  requests: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  /** mean bytes of a response (headers and body) */
  bytes: number;
  failures: number;
  /** the server's CPU time a successful response, ms (NaN without `serverPid`) */
  cpuMs: number;
}

/** One block of load on `/graphql`: every successful response's latency, the failures, the server's CPU. */
export async function runLoad(options: LoadOptions): Promise<LoadBlock> {
  const latencies: number[] = [];
  let failures = 0;
  let bytes = 0;
  const cpuBefore = options.serverPid ? processCpuMs(options.serverPid) : NaN;
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${options.port}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        requests: options.bodies.map((body) => ({ method: 'POST', body })),
        connections: options.connections,
        duration: options.seconds,
        ...(options.rate ? { overallRate: options.rate } : {}),
      },
      (error, finished) => (error ? fail(error) : done(finished)),
    );
    instance.on('response', (_client, statusCode, responseBytes, responseTime) => {
      if (statusCode === 200) {
        latencies.push(responseTime);
        bytes += responseBytes;
      } else failures++;
    });
  });
  const cpuAfter = options.serverPid ? processCpuMs(options.serverPid) : NaN;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds: result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    bytes: latencies.length ? bytes / latencies.length : NaN,
    failures: failures + result.errors + result.timeouts,
    cpuMs: latencies.length ? (cpuAfter - cpuBefore) / latencies.length : NaN,
  };
}
