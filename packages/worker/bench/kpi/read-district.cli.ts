import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  SCRATCH_SERVER_URL,
  appDatabaseUrl,
  dropDatabase,
  loadDistrictClock,
  migrate,
  ormConfig,
  withTenant,
} from '@xiaoyuan/schema';
import { Client } from 'pg';
import { periodsOfRange, recomputeKpiPeriods } from '../../src/kpi/kpi-engine';
import {
  FIRST_DAY,
  LAST_DAY,
  SIZES,
  TIMEZONE,
  courtyardsOf,
  generateDistrict,
  insertDistrictAdmin,
  type Size,
} from './generate';

/*
 * The district the read benchmark (`npm run bench:read`, packages/api/bench/read.bench.ts) reads:
 * the KPI bench's synthetic district of a size (`BENCH_READ_SIZE`, L by default) in its own
 * database `xiaoyuan_bench_read_<size>`, kept between runs. A run migrates it (pending migrations
 * only) and reuses it when an earlier run finished it; otherwise (or with `BENCH_READ_FRESH=1`)
 * it drops and makes it anew: the district (generate.ts), every month's, quarter's and year's KPIs
 * of its 14 months with the alerts the worker opens for closed months, then a district admin. The
 * last line of its output is a JSON object: the database's URLs, the district and its admin.
 */

const READY = 'xiaoyuan bench:read district, complete';
const ADMIN = { email: 'read-admin@bench.xiaoyuan.local', password: 'bench-read-admin-2026' };

const log = (line: string) => console.log(`[read-district] ${line}`);

async function superuser<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const size = (process.env.BENCH_READ_SIZE ?? 'L').toUpperCase() as Size;
  const shape = SIZES[size];
  if (!shape) throw new Error(`BENCH_READ_SIZE must be one of ${Object.keys(SIZES).join(', ')}`);
  const name = `xiaoyuan_bench_read_${size.toLowerCase()}`;
  const url = `${SCRATCH_SERVER_URL}/${name}`;
  const code = `bench-read-${size.toLowerCase()}`;

  const ready = await superuser(`${SCRATCH_SERVER_URL}/postgres`, async (client) => {
    const { rows } = await client.query<{ comment: string | null }>(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      [name],
    );
    return rows[0]?.comment === READY;
  });
  if (!ready || process.env.BENCH_READ_FRESH === '1') {
    await dropDatabase(name);
    log(`making ${name}: ${courtyardsOf(shape).toLocaleString('en')} courtyards (${size})`);
  }
  const applied = await migrate({ databaseUrl: url });
  if (applied.length && ready) log(`migrated the kept ${name}: ${applied.join(', ')}`);

  let tenantId: string;
  if (ready && process.env.BENCH_READ_FRESH !== '1') {
    tenantId = await superuser(url, async (client) => {
      const { rows } = await client.query<{ id: string }>(`select id from districts where code = $1`, [code]);
      return rows[0].id;
    });
    log(`reusing ${name} (BENCH_READ_FRESH=1 makes it anew)`);
  } else {
    tenantId = await superuser(url, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `insert into districts (name, code, timezone) values ($1, $2, $3) returning id`,
        [`读基准${size}区`, code, TIMEZONE],
      );
      return rows[0].id;
    });
    const generated = await generateDistrict(url, tenantId, shape, log);
    log(`generated in ${(generated.ms / 1000).toFixed(1)} s: ${JSON.stringify(generated.counts)}`);
    const started = Date.now();
    const orm = await MikroORM.init(ormConfig(appDatabaseUrl({ DATABASE_URL: url }), { pool: { min: 0, max: 2 } }));
    try {
      const periods = periodsOfRange(FIRST_DAY.slice(0, 7), LAST_DAY.slice(0, 7));
      const result = await withTenant(orm.em, { tenantId }, async (em) =>
        recomputeKpiPeriods(em, { tenantId, clock: await loadDistrictClock(em, tenantId), periods }),
      );
      log(
        `KPIs of ${periods.length} periods and the alerts (${JSON.stringify(result.alerts)}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      await orm.close(true);
    }
    await insertDistrictAdmin(url, tenantId, ADMIN.email, ADMIN.password);
    await superuser(url, async (client) => {
      await client.query('vacuum analyze');
      await client.query(`comment on database "${name}" is '${READY}'`);
    });
  }
  console.log(
    JSON.stringify({ size, name, url, appUrl: appDatabaseUrl({ DATABASE_URL: url }), tenantId, admin: ADMIN }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
