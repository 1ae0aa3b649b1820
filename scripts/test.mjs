#!/usr/bin/env node
// `npm test`: every check of the project, in order, stopping at the first failure.
// Ends with a summary and a plain `N passed, N failed` line (N counts steps); exits 1 on failure.
// Nothing is skipped: a package without a test script, or a missing file, is a failed step.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The partner contract files (../shared/contract/NN-*.graphql) the current issues require.
const CONTRACT_FILES = ['01', '02', '03', '04', '05', '06'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const npm = 'npm';
const npx = 'npx';

const steps = [
  { name: 'build', cmd: npx, args: ['turbo', 'run', 'build'] },
  { name: 'typecheck', cmd: npx, args: ['turbo', 'run', 'typecheck', '--concurrency=2'] },
  { name: 'lint (ESLint, Prettier)', cmd: npm, args: ['run', 'lint'] },
  // Sequential on purpose: the Node suites share one PostgreSQL and one Redis.
  { name: 'test domain (jest)', cmd: npm, args: ['test', '-w', '@xiaoyuan/domain'] },
  { name: 'test schema (jest)', cmd: npm, args: ['test', '-w', '@xiaoyuan/schema'] },
  { name: 'test api (jest)', cmd: npm, args: ['test', '-w', '@xiaoyuan/api'] },
  { name: 'test worker (jest)', cmd: npm, args: ['test', '-w', '@xiaoyuan/worker'] },
  { name: 'test admin-web (vitest)', cmd: npm, args: ['test', '-w', '@xiaoyuan/admin-web'] },
  {
    name: `partner contract ${CONTRACT_FILES.join(' ')}`,
    cmd: process.execPath,
    args: ['../shared/contract/check-contract.mjs', ...CONTRACT_FILES],
    needs: ['../shared/contract/check-contract.mjs', 'packages/schema/schema.graphql'],
    hint: 'the schema is emitted by `npm run schema:emit`',
  },
  {
    name: 'browser test (hierarchy)',
    cmd: process.execPath,
    args: ['packages/admin-web/e2e/hierarchy.e2e.mjs'],
    needs: ['packages/admin-web/e2e/hierarchy.e2e.mjs'],
  },
  {
    name: 'browser test (rollout and records)',
    cmd: process.execPath,
    args: ['packages/admin-web/e2e/records.e2e.mjs'],
    needs: ['packages/admin-web/e2e/records.e2e.mjs'],
  },
  {
    name: 'browser test (dashboard and alerts)',
    cmd: process.execPath,
    args: ['packages/admin-web/e2e/dashboard.e2e.mjs'],
    needs: ['packages/admin-web/e2e/dashboard.e2e.mjs'],
  },
  {
    name: 'browser test (open platform: API clients and webhooks)',
    cmd: process.execPath,
    args: ['packages/admin-web/e2e/open-platform.e2e.mjs'],
    needs: ['packages/admin-web/e2e/open-platform.e2e.mjs'],
  },
  {
    name: 'browser test (users: accounts, first sign-in, disable, sign-out)',
    cmd: process.execPath,
    args: ['packages/admin-web/e2e/users.e2e.mjs'],
    needs: ['packages/admin-web/e2e/users.e2e.mjs'],
  },
];

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

function run(step) {
  return new Promise((resolve) => {
    const child = spawn(step.cmd, step.args, { stdio: 'inherit', env });
    child.on('error', (error) => resolve({ code: 1, reason: error.message }));
    child.on('exit', (code, signal) =>
      resolve({ code: code ?? 1, reason: signal ? `killed by ${signal}` : `exit code ${code}` }),
    );
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const results = [];
for (const step of steps) {
  const line = `${step.cmd === process.execPath ? 'node' : step.cmd} ${step.args.join(' ')}`;
  console.log(`\n=== ${step.name}: ${line}`);
  const started = Date.now();
  const missing = (step.needs ?? []).filter((path) => !existsSync(path));
  const outcome = missing.length
    ? { code: 1, reason: `missing ${missing.join(', ')}${step.hint ? ` (${step.hint})` : ''}` }
    : await run(step);
  const result = { name: step.name, ok: outcome.code === 0, time: Date.now() - started, reason: outcome.reason };
  results.push(result);
  console.log(`=== ${step.name}: ${result.ok ? 'passed' : `FAILED (${outcome.reason})`} in ${seconds(result.time)}`);
  if (!result.ok) break;
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log('\nSummary');
for (const r of results)
  console.log(`  ${r.ok ? 'pass' : 'FAIL'}  ${r.name} (${seconds(r.time)})${r.ok ? '' : `: ${r.reason}`}`);
for (const step of steps.slice(results.length)) console.log(`  ----  ${step.name} (not run: an earlier step failed)`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
