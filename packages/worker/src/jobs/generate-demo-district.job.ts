import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Algorithm, hash } from '@node-rs/argon2';
import {
  DEFAULT_TIMEZONE,
  type GenerateDemoDistrictPayload,
  JOBS,
  QUEUES,
  Role,
  User,
  UserLogin,
  applyScope,
  loadDistrictClock,
} from '@xiaoyuan/schema';
import { UnrecoverableError } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { planDemoDistrict, type PlannedHousehold } from '../demo/demo-district.plan';
import { defineJob, type JobContext } from '../engine/job-definition';
import { generateDemoRecords } from '../demo/demo-records.writer';

export interface DemoUserSummary {
  email: string;
  role: Role;
  displayName: string;
}

export interface GenerateDemoDistrictResult {
  districtId: string;
  code: string;
  name: string;
  timezone: string;
  /** false when a district of that code existed already (nothing was written) */
  created: boolean;
  counts: { streets: number; communities: number; courtyards: number; households: number; users: number };
  /** the rollout and the fourteen months of records (`demo/`) */
  records: DemoRecordCounts;
  users: DemoUserSummary[];
}

export interface DemoRecordCounts {
  enrolledCourtyards: number;
  committees: number;
  institutions: number;
  demonstrations: number;
  activities: number;
  attendance: number;
  disputes: number;
  serviceRequests: number;
  ledgerEntries: number;
  idleSpaces: number;
  surveyResponses: number;
  proposals: number;
  votes: number;
}

/**
 * The users for trying the roles besides the district admin. Their email is `<localPart>@` the
 * admin's domain, so each demo district gets its own.
 */
export const DEMO_ROLE_USERS = [
  { localPart: 'street', role: Role.STREET_OFFICER, password: 'demo-street-2026' },
  { localPart: 'community', role: Role.COMMUNITY_WORKER, password: 'demo-community-2026' },
  { localPart: 'viewer', role: Role.VIEWER, password: 'demo-viewer-2026' },
] as const;

export function demoUserEmail(adminEmail: string, localPart: string): string {
  return `${localPart}@${adminEmail.slice(adminEmail.lastIndexOf('@') + 1)}`;
}

const HOUSEHOLD_BATCH = 2000;

/**
 * Creates a demo district with its hierarchy (8 streets, 40 communities, 300 courtyards, about
 * 28,000 households), a district admin and one user of each scoped role, and fourteen months of
 * rollout and records (`generateDemoRecords`), deterministically from `seed` (and today's date). Idempotent: a district of the same code is left as it is and described. Everything is
 * written set-based in the job's one transaction, so a failure leaves nothing behind.
 */
export const generateDemoDistrictJob = defineJob({
  name: JOBS.generateDemoDistrict,
  queue: QUEUES.demo,
  scope: 'platform',
  async process(context, job): Promise<GenerateDemoDistrictResult> {
    // the payload (no tenant yet: it creates one), parsed by the runner
    const data = job.data;
    const { em } = context;

    // `on conflict do nothing` also makes a concurrent twin wait for the first and then find it
    const inserted = await em.execute<{ id: string }[]>(
      `insert into districts (name, code, timezone) values (?, ?, ?) on conflict (code) do nothing returning id`,
      [data.name, data.code, DEFAULT_TIMEZONE],
    );
    if (!inserted.length) {
      const [existing] = await em.execute<{ id: string }[]>(`select id from districts where code = ?`, [data.code]);
      await applyScope(em, { tenantId: existing.id, platform: true });
      context.log.info(`district "${data.code}" exists already: nothing to do`);
      await job.updateProgress(100);
      return describeDistrict(em, existing.id, false);
    }
    const tenantId = inserted[0].id;
    // from here on the transaction writes the new district's rows (and may still see it)
    await applyScope(em, { tenantId, platform: true });
    await job.updateProgress(5);

    const plan = planDemoDistrict(data.seed);
    const streetIds = await insertRows(
      em,
      `insert into streets (tenant_id, code, name)
       select ?, x.code, x.name from jsonb_to_recordset(?::jsonb) as x(code text, name text)
       returning id, code`,
      tenantId,
      plan.streets,
    );
    const communityIds = await insertRows(
      em,
      `insert into communities (tenant_id, street_id, code, name)
       select ?, x.street_id, x.code, x.name from jsonb_to_recordset(?::jsonb) as x(street_id uuid, code text, name text)
       returning id, code`,
      tenantId,
      plan.communities.map((community) => ({ ...community, street_id: streetIds.get(community.streetCode) })),
    );
    const courtyardIds = await insertRows(
      em,
      `insert into courtyards (tenant_id, street_id, community_id, code, name, type, address, household_count)
       select ?, x.street_id, x.community_id, x.code, x.name, x.type, x.address, x.household_count
       from jsonb_to_recordset(?::jsonb)
         as x(street_id uuid, community_id uuid, code text, name text, type text, address text, household_count integer)
       returning id, code`,
      tenantId,
      plan.courtyards.map(({ households: _households, ...courtyard }) => ({
        ...courtyard,
        street_id: streetIds.get(courtyard.streetCode),
        community_id: communityIds.get(courtyard.communityCode),
        household_count: courtyard.householdCount,
      })),
    );
    await job.updateProgress(10);

    const firstStreet = plan.streets[0];
    const firstCommunity = plan.communities.find((community) => community.streetCode === firstStreet.code)!;
    await insertUsers(em, tenantId, data, {
      [Role.STREET_OFFICER]: { id: streetIds.get(firstStreet.code)!, name: firstStreet.name },
      [Role.COMMUNITY_WORKER]: { id: communityIds.get(firstCommunity.code)!, name: firstCommunity.name },
    });
    await job.updateProgress(15);

    const households = plan.courtyards.flatMap((courtyard) =>
      courtyard.households.map((household) => ({ courtyardId: courtyardIds.get(courtyard.code)!, household })),
    );
    for (let start = 0; start < households.length; start += HOUSEHOLD_BATCH) {
      await insertHouseholds(context, tenantId, households.slice(start, start + HOUSEHOLD_BATCH));
      await job.updateProgress(
        15 + Math.round((55 * Math.min(households.length, start + HOUSEHOLD_BATCH)) / households.length),
      );
    }

    const [admin] = await em.execute<{ id: string }[]>(`select id from users where email = ?`, [data.adminEmail]);
    let reported = 70;
    await generateDemoRecords(em, {
      tenantId,
      seed: data.seed,
      clock: await loadDistrictClock(em, tenantId),
      adminUserId: admin.id,
      onProgress: async (share) => {
        const progress = 70 + Math.floor(28 * share);
        if (progress > reported) await job.updateProgress((reported = progress));
      },
    });

    const detail = JSON.stringify({
      source: JOBS.generateDemoDistrict,
      code: data.code,
      seed: data.seed,
      jobId: job.id,
    });
    await em.execute(
      `insert into platform_audit_log (operation, target_type, target_id, detail) values ('createDistrict', 'District', ?, ?::jsonb)`,
      [tenantId, detail],
    );
    await em.execute(
      `insert into audit_log (tenant_id, actor_kind, operation, target_type, target_id, detail)
       values (?, 'SYSTEM', 'generateDemoDistrict', 'District', ?, ?::jsonb)`,
      [tenantId, tenantId, detail],
    );
    const result = await describeDistrict(em, tenantId, true);
    context.log.info(
      `district "${data.code}" created: ${result.counts.streets} streets, ${result.counts.communities} communities, ` +
        `${result.counts.courtyards} courtyards, ${result.counts.households} households; ` +
        `${result.records.enrolledCourtyards} enrolled, ${result.records.activities} activities, ${result.records.ledgerEntries} ledger entries`,
    );
    await job.updateProgress(100);
    return result;
  },
});

/** Inserts rows given as one jsonb parameter and maps each returned `code` to its new `id`. */
async function insertRows(
  em: EntityManager,
  sql: string,
  tenantId: string,
  rows: readonly object[],
): Promise<Map<string, string>> {
  const returned = await em.execute<{ id: string; code: string }[]>(sql, [tenantId, JSON.stringify(rows)]);
  return new Map(returned.map((row) => [row.code, row.id]));
}

async function insertHouseholds(
  context: JobContext,
  tenantId: string,
  batch: readonly { courtyardId: string; household: PlannedHousehold }[],
): Promise<void> {
  const rows = batch.map(({ courtyardId, household }) => ({
    courtyard_id: courtyardId,
    code: household.code,
    area_sqm: household.areaSqm,
    contact_name_enc: context.cipher.encrypt(household.contactName),
    contact_phone_enc: context.cipher.encrypt(household.contactPhone),
  }));
  await context.em.execute(
    `insert into households (tenant_id, courtyard_id, code, area_sqm, contact_name_enc, contact_phone_enc)
     select ?, x.courtyard_id, x.code, x.area_sqm, x.contact_name_enc, x.contact_phone_enc
     from jsonb_to_recordset(?::jsonb)
       as x(courtyard_id uuid, code text, area_sqm numeric, contact_name_enc text, contact_phone_enc text)`,
    [tenantId, JSON.stringify(rows)],
    'run',
  );
}

async function insertUsers(
  em: EntityManager,
  tenantId: string,
  data: GenerateDemoDistrictPayload,
  units: Record<Role.STREET_OFFICER | Role.COMMUNITY_WORKER, { id: string; name: string }>,
): Promise<void> {
  const people = [
    {
      email: data.adminEmail,
      password: data.adminPassword,
      role: Role.DISTRICT_ADMIN,
      displayName: `${data.name}管理员`,
    },
    ...DEMO_ROLE_USERS.map((user) => ({
      email: demoUserEmail(data.adminEmail, user.localPart),
      password: user.password,
      role: user.role,
      displayName:
        user.role === Role.STREET_OFFICER
          ? `${units[Role.STREET_OFFICER].name}干部`
          : user.role === Role.COMMUNITY_WORKER
            ? `${units[Role.COMMUNITY_WORKER].name}工作人员`
            : `${data.name}观察员`,
    })),
  ];
  const users = await Promise.all(
    people.map(async (person) => ({
      id: randomUUID(),
      tenantId,
      email: person.email,
      passwordHash: await hash(person.password, { algorithm: Algorithm.Argon2id }),
      displayName: person.displayName,
      role: person.role,
      street: person.role === Role.STREET_OFFICER ? units[Role.STREET_OFFICER].id : null,
      community: person.role === Role.COMMUNITY_WORKER ? units[Role.COMMUNITY_WORKER].id : null,
      courtyard: null,
      createdAt: new Date(),
    })),
  );
  await em.insertMany(User, users);
  try {
    await em.insertMany(
      UserLogin,
      users.map((user) => ({ email: user.email, tenantId, userId: user.id })),
    );
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw new UnrecoverableError(
        `${JOBS.generateDemoDistrict}: one of ${users.map((user) => user.email).join(', ')} already signs in to another district`,
      );
    }
    throw error;
  }
}

/** The district as the transaction sees it (its tenant scope must be applied). */
async function describeDistrict(
  em: EntityManager,
  districtId: string,
  created: boolean,
): Promise<GenerateDemoDistrictResult> {
  const [district] = await em.execute<{ id: string; code: string; name: string; timezone: string }[]>(
    `select id, code, name, timezone from districts where id = ?`,
    [districtId],
  );
  const [counts] = await em.execute<Record<string, string>[]>(
    `select (select count(*) from streets) as streets, (select count(*) from communities) as communities,
            (select count(*) from courtyards) as courtyards, (select count(*) from households) as households,
            (select count(*) from users) as users`,
  );
  const [records] = await em.execute<Record<keyof DemoRecordCounts, string>[]>(
    `select (select count(*) from enrollments) as "enrolledCourtyards", (select count(*) from committee_elections) as committees,
            (select count(*) from institutions) as institutions, (select count(*) from demonstration_designations) as demonstrations,
            (select count(*) from activities) as activities, (select count(*) from activity_attendance) as attendance,
            (select count(*) from disputes) as disputes, (select count(*) from service_requests) as "serviceRequests",
            (select count(*) from ledger_entries) as "ledgerEntries", (select count(*) from idle_spaces) as "idleSpaces",
            (select count(*) from survey_responses) as "surveyResponses", (select count(*) from proposals) as proposals,
            (select count(*) from votes) as votes`,
  );
  const users = await em.execute<{ email: string; role: Role; display_name: string }[]>(
    `select email, role, display_name from users
     order by array_position(array['DISTRICT_ADMIN', 'STREET_OFFICER', 'COMMUNITY_WORKER', 'COURTYARD_COMMITTEE', 'VIEWER'], role), email`,
  );
  return {
    districtId: district.id,
    code: district.code,
    name: district.name,
    timezone: district.timezone,
    created,
    counts: {
      streets: Number(counts.streets),
      communities: Number(counts.communities),
      courtyards: Number(counts.courtyards),
      households: Number(counts.households),
      users: Number(counts.users),
    },
    records: Object.fromEntries(
      Object.entries(records).map(([key, value]) => [key, Number(value)]),
    ) as unknown as DemoRecordCounts,
    users: users.map((user) => ({ email: user.email, role: user.role, displayName: user.display_name })),
  };
}
