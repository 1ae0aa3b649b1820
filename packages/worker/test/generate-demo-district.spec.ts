import type { MikroORM } from '@mikro-orm/postgresql';
import { verify } from '@node-rs/argon2';
import { DEMO_DISTRICT, JOBS, PersonalDataCipher, QUEUES, Role, withTenant } from '@xiaoyuan/schema';
import type { GenerateDemoDistrictResult } from '../src/jobs/generate-demo-district.job';
import { TEST_ENCRYPTION_KEY, type TestProducer } from './support/test-environment';
import { DEMO_DATA, WorkerHarness, generateDemoDistrict } from './support/worker-harness';

describe('generate-demo-district through BullMQ', () => {
  let harness: WorkerHarness;
  let producer: TestProducer;
  let orm: MikroORM;

  beforeAll(async () => {
    harness = await WorkerHarness.open();
    await harness.startWorker();
    producer = await harness.producer(QUEUES.demo);
    orm = harness.orm;
  });

  afterAll(() => harness?.close());

  const run = (data: unknown, jobId: string, attempts = 1) => generateDemoDistrict(producer, { data, jobId, attempts });

  /** every row of the district's hierarchy, as comparable text */
  const snapshot = (tenantId: string) =>
    withTenant(orm.em, { tenantId }, async (em) => {
      const [row] = await em.execute<{ digest: string; households: string }[]>(`
        select md5(
          (select string_agg(concat_ws('|', id, code, name), ',' order by code) from streets) ||
          (select string_agg(concat_ws('|', id, street_id, code, name), ',' order by code) from communities) ||
          (select string_agg(concat_ws('|', id, community_id, code, name, type, address, household_count), ',' order by code) from courtyards) ||
          (select string_agg(concat_ws('|', id, courtyard_id, code, area_sqm, contact_name_enc, contact_phone_enc), ',' order by id) from households) ||
          (select string_agg(concat_ws('|', id, email, password_hash, role), ',' order by email) from users)
        ) as digest, (select count(*) from households) as households`);
      return row;
    });

  let result: GenerateDemoDistrictResult;
  const progress: number[] = [];

  it('creates the demo district', async () => {
    producer.events.on('progress', ({ data }) => progress.push(data as number));
    result = await run(DEMO_DATA, 'demo-district-first');
    expect(result).toMatchObject({ code: 'demo', name: '示范区', timezone: 'Asia/Shanghai', created: true });
    expect(result.counts.streets).toBe(8);
    expect(result.counts.communities).toBeGreaterThanOrEqual(35);
    expect(result.counts.communities).toBeLessThanOrEqual(45);
    expect(result.counts.courtyards).toBeGreaterThanOrEqual(280);
    expect(result.counts.courtyards).toBeLessThanOrEqual(320);
    expect(result.users.map((user) => user.role)).toEqual([
      Role.DISTRICT_ADMIN,
      Role.STREET_OFFICER,
      Role.COMMUNITY_WORKER,
      Role.VIEWER,
    ]);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress[progress.length - 1]).toBe(100);
  });

  it('writes the hierarchy as the application role sees it through row-level security', async () => {
    await withTenant(orm.em, { tenantId: result.districtId }, async (em) => {
      const [counts] = await em.execute<Record<string, string>[]>(`
        select (select count(*) from streets) as streets,
               (select count(*) from communities) as communities,
               (select count(*) from courtyards) as courtyards,
               (select count(distinct type) from courtyards) as types,
               (select count(*) from courtyards c where c.household_count <> (select count(*) from households h where h.courtyard_id = c.id)) as mismatched,
               (select count(*) from courtyards where household_count not between 20 and 200) as bad_counts,
               (select count(*) from households where area_sqm not between 45 and 140) as bad_areas,
               (select count(*) from households) as households,
               (select count(*) from households where contact_name_enc is not null) as with_contact`);
      expect(Number(counts.streets)).toBe(8);
      expect(Number(counts.communities)).toBe(result.counts.communities);
      expect(Number(counts.courtyards)).toBe(result.counts.courtyards);
      expect(Number(counts.types)).toBe(4);
      expect(Number(counts.mismatched)).toBe(0);
      expect(Number(counts.bad_counts)).toBe(0);
      expect(Number(counts.bad_areas)).toBe(0);
      expect(Number(counts.households)).toBe(result.counts.households);
      const share = Number(counts.with_contact) / Number(counts.households);
      expect(share).toBeGreaterThan(0.4);
      expect(share).toBeLessThan(0.6);
      const [perStreet] = await em.execute<{ min: number; max: number }[]>(
        `select min(n)::int as min, max(n)::int as max from (select count(*) as n from communities group by street_id) x`,
      );
      expect(perStreet.min).toBeGreaterThanOrEqual(4);
      expect(perStreet.max).toBeLessThanOrEqual(6);
    });
    // another tenant's scope, and no scope at all, see none of it
    await withTenant(orm.em, { tenantId: '00000000-0000-0000-0000-000000000000' }, async (em) => {
      const [row] = await em.execute<{ n: string }[]>(`select count(*) as n from households`);
      expect(Number(row.n)).toBe(0);
    });
  });

  it('stores contacts encrypted, decryptable with DATA_ENCRYPTION_KEY', async () => {
    const cipher = new PersonalDataCipher(TEST_ENCRYPTION_KEY);
    const rows = await withTenant(orm.em, { tenantId: result.districtId }, (em) =>
      em.execute<{ code: string; contact_name_enc: string; contact_phone_enc: string }[]>(
        `select code, contact_name_enc, contact_phone_enc from households where contact_name_enc is not null order by id limit 50`,
      ),
    );
    expect(rows).toHaveLength(50);
    for (const row of rows) {
      expect(row.code).toMatch(/^\d+-\d{3,4}$/);
      expect(row.contact_name_enc).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(row.contact_phone_enc).not.toMatch(/1\d{10}/);
      expect(cipher.decrypt(row.contact_name_enc)).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
      expect(cipher.decrypt(row.contact_phone_enc)).toMatch(/^1\d{10}$/);
    }
  });

  it('creates the district admin: found by email at sign-in, with an argon2id hash that verifies', async () => {
    const login = await withTenant(orm.em, { loginEmail: DEMO_DISTRICT.adminEmail }, (em) =>
      em.execute<{ tenant_id: string; user_id: string }[]>(
        `select tenant_id, user_id from user_logins where email = ?`,
        [DEMO_DISTRICT.adminEmail],
      ),
    );
    expect(login).toHaveLength(1);
    expect(login[0].tenant_id).toBe(result.districtId);
    const users = await withTenant(orm.em, { tenantId: result.districtId }, (em) =>
      em.execute<
        {
          id: string;
          email: string;
          role: Role;
          password_hash: string;
          street_id: string | null;
          community_id: string | null;
        }[]
      >(`select id, email, role, password_hash, street_id, community_id from users order by email`),
    );
    const admin = users.find((user) => user.email === DEMO_DISTRICT.adminEmail)!;
    expect(admin).toMatchObject({ id: login[0].user_id, role: Role.DISTRICT_ADMIN });
    expect(admin.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verify(admin.password_hash, DEMO_DISTRICT.adminPassword)).toBe(true);
    expect(await verify(admin.password_hash, 'wrong-password')).toBe(false);
    expect(users.find((user) => user.role === Role.STREET_OFFICER)?.street_id).toBeTruthy();
    expect(users.find((user) => user.role === Role.COMMUNITY_WORKER)?.community_id).toBeTruthy();
    expect(await verify(users.find((user) => user.role === Role.VIEWER)!.password_hash, 'demo-viewer-2026')).toBe(true);
  });

  it('is idempotent: a second run leaves the same data', async () => {
    const before = await snapshot(result.districtId);
    const again = await run(DEMO_DATA, 'demo-district-second');
    expect(again).toMatchObject({ districtId: result.districtId, created: false, counts: result.counts });
    expect(await snapshot(result.districtId)).toEqual(before);
    const districts = await withTenant(orm.em, { platform: true }, (em) =>
      em.execute<{ n: string }[]>(`select count(*) as n from districts`),
    );
    expect(Number(districts[0].n)).toBe(1);
  });

  it('fails bad input at once, without retrying (UnrecoverableError)', async () => {
    const job = await producer.queue.add(
      JOBS.generateDemoDistrict,
      { ...DEMO_DATA, code: 'no spaces', seed: 1.5 },
      { jobId: 'bad-input', attempts: 3 },
    );
    await expect(job.waitUntilFinished(producer.events, 30_000)).rejects.toThrow(
      /code must be.*seed must be an integer/,
    );
    const failed = await producer.queue.getJob('bad-input');
    expect(failed?.attemptsMade).toBe(1);
  });

  it('rolls everything back when the admin email belongs to another district', async () => {
    const data = { ...DEMO_DATA, code: 'demo2', adminEmail: DEMO_DISTRICT.adminEmail };
    await expect(run(data, 'demo-district-clash', 3)).rejects.toThrow(/already signs in to another district/);
    const districts = await withTenant(orm.em, { platform: true }, (em) =>
      em.execute<{ code: string }[]>(`select code from districts order by code`),
    );
    expect(districts.map((district) => district.code)).toEqual(['demo']);
    expect((await producer.queue.getJob('demo-district-clash'))?.attemptsMade).toBe(1);
  });
});
