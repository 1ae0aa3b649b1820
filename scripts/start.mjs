#!/usr/bin/env node
// `npm start`: runs the API (which serves the built admin app) and the worker side by side, with
// their output prefixed. SIGINT/SIGTERM go to both; when either exits, the other is stopped too.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const PACKAGES = ['domain', 'schema', 'api', 'worker', 'admin-web'];
const missing = PACKAGES.map((name) => `packages/${name}/dist`).filter((path) => !existsSync(path));
if (missing.length) {
  console.error(`Not built yet: ${missing.join(', ')} missing. Run \`npm run setup\` (or \`npm run build\`) first.`);
  process.exit(1);
}

// How long a child may take to close gracefully before it is killed: the worker waits up to
// SHUTDOWN_TIMEOUT_MS (90 s) for its running jobs, then exits within 5 s (docker compose gives the container 110 s).
const GRACE_MS = (Number(process.env.SHUTDOWN_TIMEOUT_MS) || 90_000) + 10_000;

const children = [
  { name: 'api', entry: 'packages/api/dist/main.js' },
  { name: 'worker', entry: 'packages/worker/dist/main.js' },
];

function prefix(stream, label, out) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${label} ${line}\n`));
}

let stopping = false;
let exitCode = 0;

for (const child of children) {
  // Own process group: a Ctrl-C in the terminal reaches the children once, through us.
  child.process = spawn(process.execPath, [child.entry], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.running = true;
  prefix(child.process.stdout, `[${child.name}]`, process.stdout);
  prefix(child.process.stderr, `[${child.name}]`, process.stderr);
  child.process.on('error', (error) => {
    console.error(`[start] cannot start ${child.name}: ${error.message}`);
    child.running = false;
    exitCode = 1;
    shutdown('SIGTERM', `${child.name} did not start`);
    if (children.every((c) => !c.running)) process.exit(exitCode);
  });
  child.process.on('exit', (code, signal) => {
    child.running = false;
    console.log(`[start] ${child.name} exited (${signal ? `signal ${signal}` : `code ${code}`})`);
    if (!stopping) {
      exitCode = code || 1;
      shutdown('SIGTERM', `${child.name} stopped`);
    }
    if (children.every((c) => !c.running)) process.exit(exitCode);
  });
}

function signalAll(signal) {
  for (const child of children) {
    if (child.running) {
      try {
        child.process.kill(signal);
      } catch {
        /* already gone */
      }
    }
  }
}

function shutdown(signal, why) {
  if (stopping) {
    // A second Ctrl-C: do not wait any longer.
    signalAll('SIGKILL');
    return;
  }
  stopping = true;
  console.log(
    `[start] ${why}: stopping ${
      children
        .filter((c) => c.running)
        .map((c) => c.name)
        .join(' and ') || 'nothing'
    }`,
  );
  signalAll(signal);
  setTimeout(() => {
    console.error(`[start] still running after ${GRACE_MS / 1000} s: killing`);
    signalAll('SIGKILL');
  }, GRACE_MS).unref();
}

process.on('SIGINT', () => shutdown('SIGINT', 'SIGINT received'));
process.on('SIGTERM', () => shutdown('SIGTERM', 'SIGTERM received'));
// If this process dies anyway, take the detached children with it.
process.on('exit', () => signalAll('SIGKILL'));

console.log(`[start] Xiaoyuan on http://localhost:${process.env.PORT || 4000} (api + worker; Ctrl-C stops both)`);
