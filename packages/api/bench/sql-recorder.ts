import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Preloaded into an API process by `bench:read` (`node --require …/sql-recorder.js`): appends every
 * statement the process sends through `pg` (the driver under MikroORM), its text and parameters, as
 * one JSON line to `BENCH_SQL_LOG`. The bench records one dashboard request this way and replays
 * its statements for the row-level-security cost. Never loaded by the API itself.
 */

const file = process.env.BENCH_SQL_LOG;
if (!file) throw new Error('sql-recorder: BENCH_SQL_LOG is required');

// the pg module MikroORM's driver loads, in the dependency tree of the API being run (process.argv[1])
const driver = require.resolve('@mikro-orm/postgresql', { paths: [dirname(process.argv[1])] });
const pgPath = require.resolve('pg', { paths: [driver] });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require(pgPath) as typeof import('pg');
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;

pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown];
  const text = typeof config === 'string' ? config : config?.text;
  const parameters = typeof config === 'object' && config?.values ? config.values : Array.isArray(values) ? values : [];
  if (text) appendFileSync(file, JSON.stringify({ text, values: parameters }) + '\n');
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;
