import type { EntityManager } from '@mikro-orm/postgresql';
import type { CourtyardType, DistrictClock } from '@xiaoyuan/schema';
import { planDemoRecords } from './demo-records.plan';
import type { DemoCourtyard, DemoRecordsPlan } from './demo-records.types';

export interface GenerateDemoRecordsOptions {
  tenantId: string;
  seed: number;
  /** the district's clock: "today" and every local date and time are read in it */
  clock: DistrictClock;
  /** confirms the manual milestone and records the ledger corrections */
  adminUserId: string;
  /** called with the share done, 0–1 */
  onProgress?: (share: number) => Promise<void>;
}

const CHUNK = 5000;

// Columns of each table as `jsonb_to_recordset` types them. A `timestamp` column holds a local
// time and is stored `at time zone` the district's zone.
type Columns = Record<string, 'uuid' | 'text' | 'date' | 'integer' | 'bigint' | 'numeric' | 'boolean' | 'timestamp'>;

const TABLES: ReadonlyArray<{
  table: string;
  rows: (plan: DemoRecordsPlan, admin: string) => readonly object[];
  columns: Columns;
  createdFrom?: string;
}> = [
  {
    table: 'rollout_plans',
    rows: (plan) => [plan.plan],
    columns: { id: 'uuid', name: 'text', starts_on: 'date', pilot_size: 'integer' },
    createdFrom: 'starts_on',
  },
  {
    table: 'rollout_phases',
    rows: (plan) => plan.phases.map((phase) => ({ ...phase, plan_id: plan.plan.id })),
    columns: {
      plan_id: 'uuid',
      key: 'text',
      start_month: 'integer',
      end_month: 'integer',
      target_courtyards: 'integer',
      target_share: 'numeric',
    },
  },
  {
    table: 'milestones',
    rows: (plan) => plan.milestones.map((milestone) => ({ ...milestone, plan_id: plan.plan.id })),
    columns: { id: 'uuid', plan_id: 'uuid', key: 'text', due_month: 'integer', manual: 'boolean' },
  },
  {
    table: 'milestone_confirmations',
    rows: (plan, admin) => plan.confirmations.map((confirmation) => ({ ...confirmation, confirmed_by: admin })),
    columns: { milestone_id: 'uuid', met_on: 'date', note: 'text', confirmed_by: 'uuid', confirmed_at: 'timestamp' },
  },
  {
    table: 'enrollments',
    rows: (plan) => plan.enrollments.map((enrollment) => ({ ...enrollment, plan_id: plan.plan.id })),
    columns: { plan_id: 'uuid', courtyard_id: 'uuid', batch: 'integer', enrolled_on: 'date' },
    createdFrom: 'enrolled_on',
  },
  {
    table: 'committee_elections',
    rows: (plan) => plan.committees,
    columns: {
      courtyard_id: 'uuid',
      elected_on: 'date',
      member_count: 'integer',
      social_worker_count: 'integer',
      committee_member_count: 'integer',
      volunteer_count: 'integer',
      has_supervisory_board: 'boolean',
      has_party_group: 'boolean',
    },
    createdFrom: 'elected_on',
  },
  {
    table: 'institutions',
    rows: (plan) => plan.institutions,
    columns: { courtyard_id: 'uuid', kind: 'text', adopted_on: 'date' },
    createdFrom: 'adopted_on',
  },
  {
    table: 'demonstration_designations',
    rows: (plan) => plan.designations,
    columns: { courtyard_id: 'uuid', since: 'date' },
    createdFrom: 'since',
  },
  {
    table: 'activities',
    rows: (plan) => plan.activities,
    columns: { id: 'uuid', courtyard_id: 'uuid', kind: 'text', title: 'text', held_on: 'date' },
    createdFrom: 'held_on',
  },
  {
    table: 'activity_attendance',
    rows: (plan) => plan.attendance,
    columns: { activity_id: 'uuid', household_id: 'uuid', participants: 'integer', youth_participants: 'integer' },
  },
  {
    table: 'disputes',
    rows: (plan) => plan.disputes,
    columns: {
      courtyard_id: 'uuid',
      category: 'text',
      reported_on: 'date',
      summary: 'text',
      resolved_on: 'date',
      channel: 'text',
      resolution_note: 'text',
    },
    createdFrom: 'reported_on',
  },
  {
    table: 'service_requests',
    rows: (plan) => plan.serviceRequests,
    columns: {
      courtyard_id: 'uuid',
      household_id: 'uuid',
      category: 'text',
      description: 'text',
      created_at: 'timestamp',
      first_response_at: 'timestamp',
      resolved_at: 'timestamp',
    },
  },
  // entries first, then the reversals that reference them
  ...[false, true].map((reversals) => ({
    table: 'ledger_entries',
    rows: (plan: DemoRecordsPlan, admin: string) =>
      plan.ledger
        .filter((entry) => (entry.reverses_id !== null) === reversals)
        .map(({ by_admin, ...entry }) => ({ ...entry, recorded_by: by_admin ? admin : null })),
    columns: {
      id: 'uuid',
      courtyard_id: 'uuid',
      direction: 'text',
      income_source: 'text',
      expense_category: 'text',
      amount_fen: 'bigint',
      occurred_on: 'date',
      memo: 'text',
      reverses_id: 'uuid',
      reason: 'text',
      recorded_by: 'uuid',
      recorded_at: 'timestamp',
    } as Columns,
  })),
  {
    table: 'idle_spaces',
    rows: (plan) => plan.idleSpaces,
    columns: { id: 'uuid', courtyard_id: 'uuid', name: 'text', area_sqm: 'numeric', registered_on: 'date' },
    createdFrom: 'registered_on',
  },
  {
    table: 'idle_space_status_changes',
    rows: (plan) => plan.idleChanges,
    columns: { idle_space_id: 'uuid', status: 'text', changed_on: 'date', new_use: 'text', recorded_at: 'timestamp' },
  },
  {
    table: 'survey_responses',
    rows: (plan) => plan.surveys,
    columns: { courtyard_id: 'uuid', household_id: 'uuid', taken_on: 'date', score: 'integer' },
    createdFrom: 'taken_on',
  },
  {
    table: 'proposals',
    rows: (plan) => plan.proposals,
    columns: {
      id: 'uuid',
      courtyard_id: 'uuid',
      title: 'text',
      description: 'text',
      tier: 'text',
      rule: 'text',
      status: 'text',
      voting_opened_at: 'timestamp',
      voting_closes_at: 'timestamp',
      closed_at: 'timestamp',
      published_at: 'timestamp',
      passed: 'boolean',
      created_at: 'timestamp',
    },
  },
  {
    table: 'votes',
    rows: (plan) => plan.votes,
    columns: {
      proposal_id: 'uuid',
      household_id: 'uuid',
      choice: 'text',
      channel: 'text',
      assisted_by: 'text',
      cast_at: 'timestamp',
    },
  },
];

/**
 * Writes the demo district's fourteen months of records (`planDemoRecords`) into the job's
 * transaction, which must be scoped to the new district: reads its courtyards and households,
 * plans every row in memory, then inserts each table set-based, a few thousand rows per statement.
 */
export async function generateDemoRecords(
  em: EntityManager,
  options: GenerateDemoRecordsOptions,
): Promise<DemoRecordsPlan> {
  const now = options.clock.now();
  const today = options.clock.localDate(now);
  const nowLocal = options.clock.localDateTime(now);
  const plan = planDemoRecords({ seed: options.seed, today, nowLocal, courtyards: await loadCourtyards(em) });
  const tables = TABLES.map((table) => ({ ...table, all: table.rows(plan, options.adminUserId) }));
  const total = tables.reduce((sum, table) => sum + table.all.length, 0);
  let done = 0;
  for (const { table, all, columns, createdFrom } of tables) {
    for (let start = 0; start < all.length; start += CHUNK) {
      const chunk = all.slice(start, start + CHUNK);
      await em.execute(
        insertSql(table, columns, createdFrom),
        [options.tenantId, options.clock.timezone, JSON.stringify(chunk)],
        'run',
      );
      done += chunk.length;
      await options.onProgress?.(done / total);
    }
  }
  return plan;
}

/**
 * `insert into <table> select … from jsonb_to_recordset(…)`; `created_at` (where the table has
 * one and the row no time of its own) is the evening of the record's own date, never after now.
 */
function insertSql(table: string, columns: Columns, createdFrom?: string): string {
  const names = Object.keys(columns);
  const values = names.map((name) => (columns[name] === 'timestamp' ? `x.${name} at time zone z.tz` : `x.${name}`));
  if (createdFrom) {
    names.push('created_at');
    values.push(`least((x.${createdFrom} + time '20:00') at time zone z.tz, now())`);
  }
  const recordType = Object.entries(columns)
    .map(([name, type]) => `${name} ${type}`)
    .join(', ');
  return `insert into ${table} (tenant_id, ${names.join(', ')})
          select ?, ${values.join(', ')}
          from (select ?::text as tz) z, jsonb_to_recordset(?::jsonb) as x(${recordType})`;
}

/** The district's courtyards and households in a stable order, so the plan depends on the seed alone. */
async function loadCourtyards(em: EntityManager): Promise<DemoCourtyard[]> {
  const courtyards = await em.execute<{ id: string; code: string; type: CourtyardType; household_count: number }[]>(
    `select id, code, type, household_count from courtyards order by code collate "C"`,
  );
  const households = await em.execute<{ id: string; courtyard_id: string; code: string; area: number | null }[]>(
    `select id, courtyard_id, code, round(area_sqm * 100)::integer as area from households order by courtyard_id, code collate "C"`,
  );
  const byCourtyard = new Map<string, DemoCourtyard['households']>();
  for (const household of households) {
    const list = byCourtyard.get(household.courtyard_id) ?? [];
    list.push({ id: household.id, code: household.code, areaHundredths: household.area });
    byCourtyard.set(household.courtyard_id, list);
  }
  return courtyards.map((courtyard) => ({
    id: courtyard.id,
    code: courtyard.code,
    type: courtyard.type,
    householdCount: courtyard.household_count,
    households: byCourtyard.get(courtyard.id) ?? [],
  }));
}
