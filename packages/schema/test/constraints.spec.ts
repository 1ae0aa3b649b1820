import type { Client } from 'pg';
import { seedDistrict } from './tenant-fixture';
import { connect, createTestDatabase, type TestDatabase } from './test-database';

// The data model refuses bad states by itself, whatever the application does.
let db: TestDatabase;
let app: Client;
let tenant: string;
let other: string;
let ids: {
  street: string;
  community: string;
  courtyard: string;
  household: string;
  proposal: string;
  ledger: string;
  user: string;
  apiClient: string;
  otherApiClient: string;
  alert: string;
};

beforeAll(async () => {
  db = await createTestDatabase();
  const superuser = await connect(db.url);
  tenant = await seedDistrict(superuser, 'alpha');
  other = await seedDistrict(superuser, 'beta');
  const one = async (sql: string) => (await superuser.query(sql, [tenant])).rows[0].id as string;
  ids = {
    street: await one('select id from streets where tenant_id = $1'),
    community: await one('select id from communities where tenant_id = $1'),
    courtyard: await one('select id from courtyards where tenant_id = $1'),
    household: await one('select id from households where tenant_id = $1'),
    proposal: await one('select id from proposals where tenant_id = $1'),
    ledger: await one('select id from ledger_entries where tenant_id = $1'),
    user: await one('select id from users where tenant_id = $1'),
    apiClient: await one('select id from api_clients where tenant_id = $1'),
    otherApiClient: (await superuser.query('select id from api_clients where tenant_id = $1', [other])).rows[0].id,
    alert: await one('select id from alerts where tenant_id = $1'),
  };
  await superuser.end();
  app = await connect(db.appUrl);
});

afterAll(async () => {
  await app?.end();
  await db?.drop();
});

// Each statement runs in its own transaction, rolled back, with the tenant set.
async function attempt(sql: string, params: unknown[] = []): Promise<void> {
  await app.query('begin');
  try {
    await app.query(`select set_config('app.tenant_id', $1, true)`, [tenant]);
    await app.query(sql, params);
  } finally {
    await app.query('rollback');
  }
}

const courtyardSql = (code: string, count: number) =>
  `insert into courtyards (tenant_id, street_id, community_id, code, name, type, household_count)
   values (current_setting('app.tenant_id')::uuid, $1, $2, '${code}', '新院', 'OTHER', ${count})`;

it('keeps codes unique within a district, and free across districts', async () => {
  await expect(attempt(courtyardSql('Y1', 5), [ids.street, ids.community])).rejects.toThrow(
    /duplicate key.*courtyards_tenant_id_code/,
  );
  await expect(
    attempt(`insert into streets (tenant_id, code, name) values (current_setting('app.tenant_id')::uuid, 'S1', 'x')`),
  ).rejects.toThrow(/duplicate key/);
  await expect(attempt(courtyardSql('Y2', 5), [ids.street, ids.community])).resolves.toBeUndefined();
  // the other district has a courtyard Y1 too: that is fine (seeded), and it is not visible here
  expect(other).not.toBe(tenant);
});

it('refuses negative counts and malformed codes', async () => {
  await expect(attempt(courtyardSql('Y3', -1), [ids.street, ids.community])).rejects.toThrow(/household_count_check/);
  await expect(attempt(courtyardSql('bad code!', 1), [ids.street, ids.community])).rejects.toThrow(/code_check/);
  await expect(
    attempt(
      `insert into activity_attendance (tenant_id, activity_id, household_id, participants, youth_participants)
             select tenant_id, id, $1, 1, 2 from activities`,
      [ids.household],
    ),
  ).rejects.toThrow(/check/);
});

it('keeps a courtyard in the street of its community', async () => {
  const superuser = await connect(db.url);
  const otherStreet = (
    await superuser.query(`insert into streets (tenant_id, code, name) values ($1, 'S2', '西城街道') returning id`, [
      tenant,
    ])
  ).rows[0].id;
  await superuser.end();
  await expect(attempt(courtyardSql('Y4', 1), [otherStreet, ids.community])).rejects.toThrow(/foreign key/);
});

it('allows one vote per household per proposal', async () => {
  await expect(
    attempt(
      `insert into votes (tenant_id, proposal_id, household_id, choice, channel)
             values (current_setting('app.tenant_id')::uuid, $1, $2, 'AGAINST', 'OFFLINE')`,
      [ids.proposal, ids.household],
    ),
  ).rejects.toThrow(/duplicate key.*votes_tenant_id_proposal_id_household_id/);
  await expect(
    attempt(
      `insert into votes (tenant_id, proposal_id, household_id, choice, channel)
             values (current_setting('app.tenant_id')::uuid, $1, $2, 'FOR', 'ASSISTED')`,
      [ids.proposal, ids.household],
    ),
  ).rejects.toThrow(/check|duplicate/);
});

it('keeps scores within 0–100 and dates as dates', async () => {
  const survey = (score: string, takenOn: string) =>
    attempt(
      `insert into survey_responses (tenant_id, courtyard_id, household_id, taken_on, score)
             values (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4)`,
      [ids.courtyard, ids.household, takenOn, score],
    );
  await expect(survey('101', '2026-10-01')).rejects.toThrow(/score_check/);
  await expect(survey('-1', '2026-10-01')).rejects.toThrow(/score_check/);
  await expect(survey('50', '2026-02-30')).rejects.toThrow(/out of range/);
  await expect(survey('100', '2026-10-01')).resolves.toBeUndefined();
});

it('keeps money exact and the ledger consistent', async () => {
  const entry = (amount: string, extra = '') =>
    attempt(
      `insert into ledger_entries (tenant_id, courtyard_id, direction, income_source, amount_fen, occurred_on${extra ? ', reverses_id, reason' : ''})
             values (current_setting('app.tenant_id')::uuid, $1, 'INCOME', 'SOCIAL_DONATION', $2, '2026-10-01'${extra})`,
      [ids.courtyard, amount],
    );
  await expect(entry('12.5')).rejects.toThrow(/invalid input syntax for type bigint/);
  await expect(entry('-500')).rejects.toThrow(/check/);
  await expect(entry('0')).rejects.toThrow(/check/);
  await expect(entry('-300000', `, '${ids.ledger}', 'wrong amount'`)).resolves.toBeUndefined();
  await expect(
    attempt(
      `insert into ledger_entries (tenant_id, courtyard_id, direction, expense_category, income_source, amount_fen, occurred_on)
             values (current_setting('app.tenant_id')::uuid, $1, 'EXPENSE', 'SAFETY', 'SOCIAL_DONATION', 100, '2026-10-01')`,
      [ids.courtyard],
    ),
  ).rejects.toThrow(/check/);
});

it('allows one active rollout plan per district and one open alert per courtyard and KPI', async () => {
  await expect(
    attempt(
      `insert into rollout_plans (tenant_id, name, starts_on) values (current_setting('app.tenant_id')::uuid, 'Second', '2026-01-01')`,
    ),
  ).rejects.toThrow(/rollout_plans_one_active/);
  await expect(
    attempt(
      `insert into alerts (tenant_id, courtyard_id, kpi, level, period, street_id, community_id)
             values (current_setting('app.tenant_id')::uuid, $1, 'PARTICIPATION_RATE', 'YELLOW', '2026-10', $2, $3)`,
      [ids.courtyard, ids.street, ids.community],
    ),
  ).rejects.toThrow(/alerts_one_open/);
});

it('names who did a write once: a user or an API client of the district, never both', async () => {
  const entry = (by: string | null, byClient: string | null) =>
    attempt(
      `insert into ledger_entries (tenant_id, courtyard_id, direction, income_source, amount_fen, occurred_on, recorded_by, recorded_by_client)
             values (current_setting('app.tenant_id')::uuid, $1, 'INCOME', 'SOCIAL_DONATION', 100, '2026-10-01', $2, $3)`,
      [ids.courtyard, by, byClient],
    );
  await expect(entry(null, ids.apiClient)).resolves.toBeUndefined();
  await expect(entry(ids.user, null)).resolves.toBeUndefined();
  await expect(entry(ids.user, ids.apiClient)).rejects.toThrow(/ledger_entries_one_recorder/);
  // another district's client: the foreign key includes the tenant
  await expect(entry(null, ids.otherApiClient)).rejects.toThrow(/foreign key/);

  const event = (actor: string | null, actorClient: string | null) =>
    attempt(
      `insert into alert_events (tenant_id, alert_id, action, note, actor_id, actor_client_id)
             values (current_setting('app.tenant_id')::uuid, $1, 'ACKNOWLEDGED', 'ok', $2, $3)`,
      [ids.alert, actor, actorClient],
    );
  await expect(event(null, ids.apiClient)).resolves.toBeUndefined();
  await expect(event(ids.user, ids.apiClient)).rejects.toThrow(/alert_events_one_actor/);

  const upload = (by: string | null, byClient: string | null) =>
    attempt(
      `insert into imports (tenant_id, kind, format, filename, content, created_by, created_by_client)
             values (current_setting('app.tenant_id')::uuid, 'ATTENDANCE', 'CSV', 'a.csv', '\\x00', $1, $2)`,
      [by, byClient],
    );
  await expect(upload(null, ids.apiClient)).resolves.toBeUndefined();
  await expect(upload(ids.user, ids.apiClient)).rejects.toThrow(/imports_one_uploader/);
});
