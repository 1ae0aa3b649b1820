import { hash, Algorithm } from '@node-rs/argon2';
import { Client } from 'pg';

/*
 * A synthetic district made entirely in SQL (`insert … select … from generate_series`), as the
 * superuser in a fresh database: foreign-key triggers are off while loading
 * (`session_replication_role = replica`; every key is made consistent by construction), the
 * largest table's indexes are built after its rows, and everything is VACUUM ANALYZEd at the end
 * (so no autovacuum runs during the measurements).
 *
 * Ids are deterministic (`md5(text)::uuid`, e.g. courtyard c = md5('c' || c)), so a record names
 * its courtyard, household or activity without a join; other "random" choices come from
 * `bench_h(key)`, a hash of a per-row key, so a size always gives the same data.
 *
 * Per courtyard: 200 households; over 14 months (2025-10 .. 2026-11) 4 activities a month with 36
 * attending households each (2,016 attendance rows), 40 disputes (80 % resolved, 0–44 days,
 * 80 % of them through a self-governance channel), 200 ledger entries (70 % income, half of it
 * government subsidy; ~1 % of the incomes reversed), 3 idle spaces with their status changes,
 * 100 survey responses, 100 service requests (90 % answered within 0–72 h); a committee for 90 %,
 * each of the five institutions for 80 %; 90 % enrolled in three batches (courtyard 0 always, in the first) (6 % in 2025-09, 44 % in
 * 2026-01, 40 % in 2026-06); one active rollout plan from 2025-09-01 with its three phases.
 */

export type Size = 'S' | 'M' | 'L';

export interface SizeShape {
  streets: number;
  communitiesPerStreet: number;
  courtyardsPerCommunity: number;
}

export const SIZES: Record<Size, SizeShape> = {
  S: { streets: 2, communitiesPerStreet: 5, courtyardsPerCommunity: 5 },
  M: { streets: 5, communitiesPerStreet: 10, courtyardsPerCommunity: 10 },
  L: { streets: 10, communitiesPerStreet: 20, courtyardsPerCommunity: 25 },
};

export const courtyardsOf = (shape: SizeShape) =>
  shape.streets * shape.communitiesPerStreet * shape.courtyardsPerCommunity;

export const HOUSEHOLDS_PER_COURTYARD = 200;
export const FIRST_DAY = '2025-10-01';
export const LAST_DAY = '2026-11-30';
/** days from FIRST_DAY through LAST_DAY */
const DAYS = 426;
const MONTHS = 14;
const ACTIVITIES_PER_MONTH = 4;
const ATTENDEES = 36;
const DISPUTES = 40;
const LEDGER = 200;
const IDLE_SPACES = 3;
const SURVEYS = 100;
const REQUESTS = 100;
export const TIMEZONE = 'Asia/Shanghai';

/** The deterministic ids the generator gives (the bench needs a courtyard and its households). */
export const ids = {
  courtyard: (c: number) => md5uuid(`c${c}`),
  household: (c: number, i: number) => md5uuid(`h${c}-${i}`),
  householdCode: (i: number) => `H${String(i).padStart(4, '0')}`,
};

function md5uuid(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hex = require('node:crypto').createHash('md5').update(text).digest('hex') as string;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface GenerationResult {
  ms: number;
  counts: Record<string, number>;
  /** wall time of each step */
  steps: { step: string; ms: number }[];
}

const now = () => Number(process.hrtime.bigint() / 1_000_000n);

/**
 * Fills the (freshly migrated) database at `url` with district `tenantId` (already inserted) of
 * the given shape. `url` must be a superuser URL. Uses two connections for the largest steps.
 */
export async function generateDistrict(
  url: string,
  tenantId: string,
  shape: SizeShape,
  log: (line: string) => void,
): Promise<GenerationResult> {
  const N = courtyardsOf(shape);
  const cpc = shape.courtyardsPerCommunity;
  const cps = shape.communitiesPerStreet;
  const clients = [new Client({ connectionString: url }), new Client({ connectionString: url })];
  await Promise.all(clients.map((client) => client.connect()));
  const steps: { step: string; ms: number }[] = [];
  const started = now();
  const T = `'${tenantId}'::uuid`;
  const D0 = `'${FIRST_DAY}'::date`;
  try {
    for (const client of clients) {
      await client.query(`set session_replication_role = replica`);
      await client.query(`set synchronous_commit = off`);
      await client.query(`set maintenance_work_mem = '1GB'`);
      await client.query(`set work_mem = '256MB'`);
    }
    const [a, b] = clients;
    const step = async (name: string, work: () => Promise<unknown>) => {
      const t = now();
      await work();
      steps.push({ step: name, ms: now() - t });
      log(`  ${name}: ${((now() - t) / 1000).toFixed(1)} s`);
    };

    await a.query(`create or replace function bench_h(bigint) returns int language sql immutable parallel safe
      as 'select hashint8($1) & 2147483647'`);

    await step('hierarchy, plan, enrolments, governance', async () => {
      await a.query(`insert into streets (tenant_id, id, code, name)
        select ${T}, md5('s' || s)::uuid, 'S' || s, '街道' || s from generate_series(0, ${shape.streets - 1}) s`);
      await a.query(`insert into communities (tenant_id, id, street_id, code, name)
        select ${T}, md5('m' || k)::uuid, md5('s' || (k / ${cps}))::uuid, 'M' || k, '社区' || k
          from generate_series(0, ${shape.streets * cps - 1}) k`);
      await a.query(`insert into courtyards (tenant_id, id, street_id, community_id, code, name, type, household_count)
        select ${T}, md5('c' || c)::uuid, md5('s' || (c / ${cpc} / ${cps}))::uuid, md5('m' || (c / ${cpc}))::uuid, 'C' || c, '小院' || c,
               (array['OLD_COMPOUND', 'COMMERCIAL_HOUSING', 'WORK_UNIT_DORMITORY', 'OTHER'])[1 + c % 4], ${HOUSEHOLDS_PER_COURTYARD}
          from generate_series(0, ${N - 1}) c`);
      await a.query(
        `insert into rollout_plans (tenant_id, id, name, starts_on, pilot_size) values (${T}, md5('plan')::uuid, '小院议事厅推广计划', '2025-09-01', 30)`,
      );
      await a.query(`insert into rollout_phases (tenant_id, plan_id, key, start_month, end_month, target_courtyards, target_share) values
        (${T}, md5('plan')::uuid, 'PILOT', 1, 6, 30, null),
        (${T}, md5('plan')::uuid, 'PROMOTION', 7, 18, null, 0.6),
        (${T}, md5('plan')::uuid, 'CONSOLIDATION', 19, 36, null, 1.0)`);
      await a.query(`insert into enrollments (tenant_id, plan_id, courtyard_id, batch, enrolled_on)
        select ${T}, md5('plan')::uuid, md5('c' || c)::uuid, batch,
               (case batch when 1 then date '2025-09-15' when 2 then date '2026-01-10' else date '2026-06-10' end) + c % 20
          from (select c, case when x < 6 then 1 when x < 50 then 2 else 3 end as batch
                  from generate_series(0, ${N - 1}) c, lateral (select case when c = 0 then 0 else bench_h(c::bigint * 10 + 9) % 100 end as x) h
                 where x < 90) x`);
      await a.query(`insert into committee_elections (tenant_id, courtyard_id, elected_on, member_count)
        select ${T}, md5('c' || c)::uuid, ${D0} - 30 + bench_h(c * 10 + 1) % ${DAYS}, 5 + c % 4
          from generate_series(0, ${N - 1}) c where bench_h(c * 10 + 2) % 10 < 9`);
      await a.query(`insert into institutions (tenant_id, courtyard_id, kind, adopted_on)
        select ${T}, md5('c' || c)::uuid, kind, ${D0} - 30 + bench_h(c * 10 + k) % ${DAYS}
          from generate_series(0, ${N - 1}) c
         cross join lateral unnest(array['RESPONSIBILITY_LIST', 'CONVENTION', 'DELIBERATION_RULES', 'FINANCIAL_RULES', 'SUPERVISORY_BOARD']) with ordinality as i(kind, k)
         where bench_h(c * 100 + k * 7 + 3) % 10 < 8`);
    });

    await step('households', () =>
      Promise.all(
        halves(N).map(([from, to], index) =>
          clients[index].query(`insert into households (tenant_id, id, courtyard_id, code, area_sqm)
            select ${T}, md5('h' || c || '-' || i)::uuid, md5('c' || c)::uuid, 'H' || lpad(i::text, 4, '0'), 40 + (bench_h(c * 1000 + i) % 9000) / 100.0
              from generate_series(${from}, ${to}) c, generate_series(0, ${HOUSEHOLDS_PER_COURTYARD - 1}) i`),
        ),
      ),
    );

    // activities in time order (as a live system writes them): month, then courtyard
    const activityKey = `c::bigint * 1000 + m * 10 + j`;
    await step('activities', () =>
      a.query(`insert into activities (tenant_id, id, courtyard_id, kind, title, held_on)
        select ${T}, md5('a' || c || '-' || m || '-' || j)::uuid, md5('c' || c)::uuid,
               (array['DELIBERATION_MEETING', 'CULTURAL', 'VOLUNTEER_SERVICE', 'TRAINING', 'OTHER'])[1 + (c + j) % 5], '院落活动',
               (${D0} + m * interval '1 month')::date + bench_h(${activityKey}) % 28
          from generate_series(0, ${MONTHS - 1}) m, generate_series(0, ${N - 1}) c, generate_series(0, ${ACTIVITIES_PER_MONTH - 1}) j`),
    );

    // attendance: the primary key and the household index are built after the rows
    await step('activity attendance', async () => {
      const indexes = await a.query<{ indexdef: string; indexname: string }>(
        `select indexname, indexdef from pg_indexes where tablename = 'activity_attendance' and indexname <> 'activity_attendance_pkey'`,
      );
      await a.query(`alter table activity_attendance drop constraint activity_attendance_pkey`);
      for (const index of indexes.rows) await a.query(`drop index ${index.indexname}`);
      await Promise.all(
        halves(MONTHS).map(([from, to], index) =>
          clients[index]
            .query(`insert into activity_attendance (tenant_id, activity_id, household_id, participants, youth_participants)
            select ${T}, md5('a' || c || '-' || m || '-' || j)::uuid,
                   md5('h' || c || '-' || ((bench_h(${activityKey}) + t * 5) % ${HOUSEHOLDS_PER_COURTYARD}))::uuid,
                   p, least(y, p)
              from (select m, c, j, t, 1 + bench_h(${activityKey} * 64 + t) % 3 as p, bench_h(${activityKey} * 64 + t + 7) % 3 as y
                      from generate_series(${from}, ${to}) m, generate_series(0, ${N - 1}) c,
                           generate_series(0, ${ACTIVITIES_PER_MONTH - 1}) j, generate_series(0, ${ATTENDEES - 1}) t) x`),
        ),
      );
      await Promise.all([
        a.query(`alter table activity_attendance add primary key (tenant_id, activity_id, household_id)`),
        (async () => {
          for (const index of indexes.rows) await b.query(index.indexdef);
        })(),
      ]);
    });

    await step('disputes, ledger', () =>
      Promise.all([
        a.query(`insert into disputes (tenant_id, courtyard_id, category, reported_on, resolved_on, channel)
          select ${T}, md5('c' || c)::uuid,
                 (array['PARKING', 'PETS', 'NOISE', 'SANITATION', 'RENOVATION', 'ELEVATOR', 'PROPERTY_MANAGEMENT', 'PUBLIC_SPACE', 'OTHER'])[1 + h1 % 9],
                 reported,
                 case when h2 % 10 < 8 then least(reported + h3 % 45, date '${LAST_DAY}') end,
                 case when h2 % 10 < 8 then
                   case when h4 % 10 < 4 then 'COMMITTEE' when h4 % 10 < 6 then 'RESIDENTS_ASSEMBLY' when h4 % 10 < 8 then 'MEDIATION'
                        when h4 % 10 < 9 then 'ESCALATED' else 'LITIGATION' end end
            from (select c, ${D0} + bench_h((c::bigint * 1000 + k + 1000000000) * 8) % ${DAYS} as reported,
                         bench_h((c::bigint * 1000 + k + 1000000000) * 8 + 1) as h1, bench_h((c::bigint * 1000 + k + 1000000000) * 8 + 2) as h2,
                         bench_h((c::bigint * 1000 + k + 1000000000) * 8 + 3) as h3, bench_h((c::bigint * 1000 + k + 1000000000) * 8 + 4) as h4
                    from generate_series(0, ${N - 1}) c, generate_series(0, ${DISPUTES - 1}) k) x
           order by reported`),
        (async () => {
          await b.query(`insert into ledger_entries (tenant_id, courtyard_id, direction, income_source, expense_category, amount_fen, occurred_on, memo)
            select ${T}, md5('c' || c)::uuid,
                   case when h1 % 10 < 7 then 'INCOME' else 'EXPENSE' end,
                   case when h1 % 10 < 7 then
                     case when h2 % 10 < 5 then 'GOVERNMENT_SUBSIDY' when h2 % 10 < 7 then 'RESIDENT_CONTRIBUTION' when h2 % 10 < 8 then 'SOCIAL_DONATION'
                          when h2 % 10 < 9 then 'CORPORATE_SPONSORSHIP' else 'OPERATING_INCOME' end end,
                   case when h1 % 10 >= 7 then (array['SAFETY', 'ENVIRONMENT', 'CULTURE', 'OFFICE'])[1 + h2 % 4] end,
                   1000 + h3 % 500000, occurred,
                   case when h1 % 10 < 7 and h2 % 97 = 3 then 'to-reverse' end
              from (select c, ${D0} + bench_h((c::bigint * 1000 + k + 2000000000) * 8) % ${DAYS} as occurred,
                           bench_h((c::bigint * 1000 + k + 2000000000) * 8 + 1) as h1, bench_h((c::bigint * 1000 + k + 2000000000) * 8 + 2) as h2, bench_h((c::bigint * 1000 + k + 2000000000) * 8 + 3) as h3
                      from generate_series(0, ${N - 1}) c, generate_series(0, ${LEDGER - 1}) k) x
             order by occurred`);
          await b.query(`insert into ledger_entries (tenant_id, courtyard_id, direction, income_source, amount_fen, occurred_on, reverses_id, reason)
            select tenant_id, courtyard_id, direction, income_source, -amount_fen, occurred_on, id, '录入错误冲正'
              from ledger_entries where memo = 'to-reverse'`);
        })(),
      ]),
    );

    await step('idle spaces, surveys, service requests', () =>
      Promise.all([
        (async () => {
          await a.query(`insert into idle_spaces (tenant_id, id, courtyard_id, name, area_sqm, registered_on)
            select ${T}, md5('i' || c || '-' || k)::uuid, md5('c' || c)::uuid, '闲置空间' || k, 20 + bench_h(c * 10 + k) % 280,
                   ${D0} - 60 + bench_h(c * 10 + k + 1) % 400
              from generate_series(0, ${N - 1}) c, generate_series(0, ${IDLE_SPACES - 1}) k`);
          // IDLE when registered; then RENOVATING (2 of 3) and UTILIZED (half of those) later
          await a.query(`insert into idle_space_status_changes (tenant_id, idle_space_id, status, changed_on, new_use)
            select s.tenant_id, s.id, x.status, s.registered_on + x.after, x.new_use
              from idle_spaces s
             cross join lateral (values ('IDLE', 0, null), ('RENOVATING', 20 + bench_h(hashtext(s.id::text)) % 100, null),
                                        ('UTILIZED', 150 + bench_h(hashtext(s.id::text) + 1) % 200, '议事厅')) as x(status, after, new_use)
             where x.status = 'IDLE'
                or (x.status = 'RENOVATING' and bench_h(hashtext(s.id::text) + 2) % 3 > 0)
                or (x.status = 'UTILIZED' and bench_h(hashtext(s.id::text) + 2) % 3 = 2)`);
          await a.query(`insert into survey_responses (tenant_id, courtyard_id, household_id, taken_on, score)
            select ${T}, md5('c' || c)::uuid, md5('h' || c || '-' || (bench_h((c::bigint * 1000 + k) * 8 + 5) % ${HOUSEHOLDS_PER_COURTYARD}))::uuid,
                   ${D0} + bench_h((c::bigint * 1000 + k) * 8 + 6) % ${DAYS}, 50 + bench_h((c::bigint * 1000 + k) * 8 + 7) % 51
              from generate_series(0, ${N - 1}) c, generate_series(0, ${SURVEYS - 1}) k`);
        })(),
        b.query(`insert into service_requests (tenant_id, courtyard_id, household_id, category, created_at, first_response_at, resolved_at)
          select ${T}, md5('c' || c)::uuid, md5('h' || c || '-' || (h1 % ${HOUSEHOLDS_PER_COURTYARD}))::uuid, '维修', created,
                 case when h2 % 10 < 9 then created + (h3 % (72 * 60)) * interval '1 minute' end,
                 case when h2 % 10 < 9 then created + (h3 % (72 * 60) + h1 % (96 * 60)) * interval '1 minute' end
            from (select c, ((${D0} + bench_h((c::bigint * 1000 + k + 3000000000) * 8) % ${DAYS})::timestamp at time zone '${TIMEZONE}')
                            + (bench_h((c::bigint * 1000 + k + 3000000000) * 8 + 1) % 86400) * interval '1 second' as created,
                         bench_h((c::bigint * 1000 + k + 3000000000) * 8 + 2) as h1, bench_h((c::bigint * 1000 + k + 3000000000) * 8 + 3) as h2, bench_h((c::bigint * 1000 + k + 3000000000) * 8 + 4) as h3
                    from generate_series(0, ${N - 1}) c, generate_series(0, ${REQUESTS - 1}) k) x
           order by created`),
      ]),
    );

    await step('vacuum analyze', async () => {
      await a.query(`set session_replication_role = origin`);
      const tables = [
        'activity_attendance',
        'activities',
        'households',
        'ledger_entries',
        'disputes',
        'survey_responses',
        'service_requests',
      ];
      const rest = [
        'streets',
        'communities',
        'courtyards',
        'enrollments',
        'committee_elections',
        'institutions',
        'idle_spaces',
        'idle_space_status_changes',
        'rollout_plans',
        'kpi_snapshots',
      ];
      await Promise.all([
        a.query(`vacuum (analyze) ${tables[0]}`),
        (async () => {
          for (const table of [...tables.slice(1), ...rest]) await b.query(`vacuum (analyze) ${table}`);
        })(),
      ]);
    });

    const counted = [
      'courtyards',
      'households',
      'activities',
      'activity_attendance',
      'disputes',
      'ledger_entries',
      'idle_spaces',
      'idle_space_status_changes',
      'survey_responses',
      'service_requests',
      'enrollments',
      'committee_elections',
      'institutions',
    ];
    const { rows } = await a.query<{ name: string; n: string }>(
      counted.map((table) => `select '${table}' as name, count(*) as n from ${table}`).join(' union all '),
    );
    return { ms: now() - started, counts: Object.fromEntries(rows.map((row) => [row.name, Number(row.n)])), steps };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

/** [0, n) in two halves, as inclusive bounds */
function halves(n: number): [number, number][] {
  const mid = Math.ceil(n / 2);
  return n > 1
    ? [
        [0, mid - 1],
        [mid, n - 1],
      ]
    : [[0, n - 1]];
}

/** A district admin of the district (its user and sign-in row), as the superuser at `url`. */
export async function insertDistrictAdmin(url: string, tenantId: string, email: string, password: string) {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(
      `with u as (insert into users (tenant_id, email, password_hash, display_name, role) values ($1, $2, $3, '基准管理员', 'DISTRICT_ADMIN') returning tenant_id, id)
       insert into user_logins (email, tenant_id, user_id) select $2, tenant_id, id from u`,
      [tenantId, email, await hash(password, { algorithm: Algorithm.Argon2id })],
    );
  } finally {
    await admin.end();
  }
}
