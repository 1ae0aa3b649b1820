import type { Client } from 'pg';
import { APP_ROLE } from '../src/db/database-roles';
import { TENANT_TABLES } from '../src/db/tenant-tables';
import { findPerRowSettingPolicies, findUnprotectedTenantTables, tablesWithTenantId } from './rls-catalogue';
import { seedDistrict } from './tenant-fixture';
import { connect, createTestDatabase, type TestDatabase } from './test-database';

// Database isolation, connected as the application role exactly as the API and the worker are.
let db: TestDatabase;
let superuser: Client;
let app: Client;
let tenantA: string;
let tenantB: string;

const setTenant = (tenant: string | null) => app.query(`select set_config('app.tenant_id', $1, false)`, [tenant ?? '']);

beforeAll(async () => {
  db = await createTestDatabase();
  superuser = await connect(db.url);
  tenantA = await seedDistrict(superuser, 'alpha');
  tenantB = await seedDistrict(superuser, 'beta');
  app = await connect(db.appUrl);
});

afterAll(async () => {
  await app?.end();
  await superuser?.end();
  await db?.drop();
});

describe('the application role', () => {
  it('owns nothing and can neither bypass row-level security nor escalate', async () => {
    const { rows } = await app.query(
      `select current_user as name, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user`,
    );
    expect(rows[0]).toEqual({
      name: APP_ROLE,
      rolsuper: false,
      rolbypassrls: false,
      rolcreaterole: false,
      rolcreatedb: false,
    });
    const owned = await superuser.query(
      `select count(*)::int as n from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = $1`,
      [APP_ROLE],
    );
    expect(owned.rows[0].n).toBe(0);
    await expect(app.query('alter table streets disable row level security')).rejects.toThrow(/must be owner/);
    await expect(app.query('set role xiaoyuan_owner')).rejects.toThrow(/permission denied/);
  });
});

describe('the catalogue', () => {
  it('lists every table with a tenant_id column as a tenant table', async () => {
    expect(await tablesWithTenantId(superuser)).toEqual([...TENANT_TABLES, 'user_logins'].sort());
  });

  it('has row-level security enabled, forced and a tenant policy on every table with tenant_id', async () => {
    expect(await findUnprotectedTenantTables(superuser)).toEqual([]);
  });

  it('reads every setting of every policy through a subselect, once per statement', async () => {
    expect(await findPerRowSettingPolicies(superuser)).toEqual([]);
    await superuser.query('begin');
    try {
      await superuser.query(
        `alter policy tenant_isolation on disputes using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`,
      );
      expect(await findPerRowSettingPolicies(superuser)).toEqual(['disputes.tenant_isolation']);
    } finally {
      await superuser.query('rollback');
    }
  });

  it('keys every tenant table by tenant_id first, and references tenant rows through tenant_id', async () => {
    // user_logins is the sign-in directory keyed by email (a reference table on Citus).
    const { rows } = await superuser.query<{ table: string; kind: string; first_column: string; definition: string }>(
      `
      select c.relname as table, k.contype as kind, a.attname as first_column, pg_get_constraintdef(k.oid) as definition
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
        join pg_attribute a on a.attrelid = c.oid and a.attnum = k.conkey[1]
       where k.contype in ('p', 'f', 'u') and c.relname = any($1)`,
      [TENANT_TABLES],
    );
    const offending = rows.filter((row) => row.first_column !== 'tenant_id');
    expect(offending).toEqual([]);
    expect(rows.filter((row) => row.kind === 'p')).toHaveLength(TENANT_TABLES.length);
  });

  it('notices a dropped policy and an unforced table', async () => {
    await superuser.query('begin');
    try {
      await superuser.query('drop policy tenant_isolation on disputes');
      await superuser.query('alter table votes no force row level security');
      expect(await findUnprotectedTenantTables(superuser)).toEqual([
        { table: 'disputes', problems: ['no policy on tenant_id'] },
        { table: 'votes', problems: ['row level security is not forced'] },
      ]);
    } finally {
      await superuser.query('rollback');
    }
    expect(await findUnprotectedTenantTables(superuser)).toEqual([]);
  });
});

describe.each(TENANT_TABLES.map((table) => [table]))('tenant table %s', (table) => {
  afterEach(() => setTenant(null));

  it('shows nothing when no tenant is set', async () => {
    await setTenant(null);
    const { rows } = await app.query(`select count(*)::int as n from ${table}`);
    expect(rows[0].n).toBe(0);
  });

  it("shows tenant A only A's rows", async () => {
    await setTenant(tenantA);
    const { rows } = await app.query(`select tenant_id, count(*)::int as n from ${table} group by tenant_id`);
    expect(rows).toEqual([{ tenant_id: tenantA, n: expect.any(Number) }]);
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it("lets tenant A neither update nor delete B's rows", async () => {
    await setTenant(tenantA);
    for (const [privilege, statement] of [
      ['UPDATE', `update ${table} set tenant_id = tenant_id where tenant_id = $1`],
      ['DELETE', `delete from ${table} where tenant_id = $1`],
    ]) {
      const granted = (await app.query(`select has_table_privilege($1, $2) as granted`, [table, privilege])).rows[0]
        .granted;
      const attempt = app.query(statement, [tenantB]);
      if (granted) expect((await attempt).rowCount).toBe(0);
      else await expect(attempt).rejects.toThrow(/permission denied/);
    }
    const { rows } = await superuser.query(`select count(*)::int as n from ${table} where tenant_id = $1`, [tenantB]);
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it("refuses tenant A a row carrying B's tenant_id, and A's own rows moved to B", async () => {
    // B's own row, read as the superuser, given a new id where it has one
    const { rows } = await superuser.query(`select to_jsonb(t) as row from ${table} t where tenant_id = $1 limit 1`, [
      tenantB,
    ]);
    const row = rows[0].row;
    if ('id' in row) row.id = '00000000-0000-4000-8000-000000000001';
    await setTenant(tenantA);
    await expect(
      app.query(`insert into ${table} select * from jsonb_populate_record(null::${table}, $1::jsonb)`, [
        JSON.stringify(row),
      ]),
    ).rejects.toThrow(/row-level security/);
    if ((await app.query(`select has_table_privilege($1, 'UPDATE') as granted`, [table])).rows[0].granted) {
      await expect(app.query(`update ${table} set tenant_id = $1`, [tenantB])).rejects.toThrow(
        /row-level security|violates foreign key/,
      );
    }
  });
});

describe('platform tables', () => {
  afterEach(() =>
    app.query(
      `select set_config('app.tenant_id', '', false), set_config('app.platform', '', false), set_config('app.login_email', '', false)`,
    ),
  );

  it('shows a district only its own row, and the operator every district', async () => {
    await setTenant(tenantA);
    expect((await app.query('select id from districts')).rows).toEqual([{ id: tenantA }]);
    await setTenant(null);
    expect((await app.query('select id from districts')).rowCount).toBe(0);
    await app.query(`select set_config('app.platform', 'on', false)`);
    expect((await app.query('select id from districts')).rowCount).toBe(2);
    // the operator still sees no district data
    expect((await app.query('select count(*)::int as n from courtyards')).rows[0].n).toBe(0);
  });

  it('opens the login directory for exactly the email being signed in', async () => {
    expect((await app.query('select * from user_logins')).rowCount).toBe(0);
    await app.query(`select set_config('app.login_email', 'admin@beta.test', false)`);
    expect((await app.query('select tenant_id from user_logins')).rows).toEqual([{ tenant_id: tenantB }]);
    // …but not B's user row itself, which needs B's tenant
    expect((await app.query('select count(*)::int as n from users')).rows[0].n).toBe(0);
  });

  it('lets a district create no district', async () => {
    await setTenant(tenantA);
    await expect(app.query(`insert into districts (name, code) values ('X', 'x')`)).rejects.toThrow(
      /row-level security/,
    );
  });
});

describe('history tables', () => {
  it('refuses the application role UPDATE and DELETE on ledger entries even within its tenant', async () => {
    await setTenant(tenantA);
    await expect(app.query(`update ledger_entries set amount_fen = 1`)).rejects.toThrow(
      /permission denied for table ledger_entries/,
    );
    await expect(app.query(`delete from ledger_entries`)).rejects.toThrow(/permission denied for table ledger_entries/);
    await setTenant(null);
  });
});
