import type { Client } from 'pg';
import { toGlobalId } from '../src/global-id';
import { seedDistrict } from './tenant-fixture';
import { connect, createTestDatabase, type TestDatabase } from './test-database';

// The webhook outbox (DOMAIN.md §10): an alert event writes its deliveries in its own transaction,
// connected as the application role exactly as the API and the worker are.
let db: TestDatabase;
let superuser: Client;
let app: Client;
let tenant: string;
let other: string;
let alert: { id: string; courtyard_id: string; street_id: string; community_id: string };

beforeAll(async () => {
  db = await createTestDatabase();
  superuser = await connect(db.url);
  tenant = await seedDistrict(superuser, 'alpha');
  other = await seedDistrict(superuser, 'beta');
  app = await connect(db.appUrl);
  await app.query(`select set_config('app.tenant_id', $1, false)`, [tenant]);
  alert = (await app.query(`select id, courtyard_id, street_id, community_id from alerts`)).rows[0];
});

afterAll(async () => {
  await app?.end();
  await superuser?.end();
  await db?.drop();
});

beforeEach(async () => {
  await superuser.query(`delete from webhook_delivery_attempts`);
  await superuser.query(`delete from webhook_deliveries`);
  await superuser.query(`delete from webhooks`);
});

async function webhook(fields: Record<string, unknown> = {}): Promise<string> {
  const row = {
    url: 'https://partner.example/hook',
    events: '{ALERT_OPENED,ALERT_ESCALATED,ALERT_RESOLVED}',
    ...fields,
  };
  const names = Object.keys(row);
  const { rows } = await app.query(
    `insert into webhooks (tenant_id, signing_secret_enc, ${names.join(', ')})
     values ($1, 'x', ${names.map((_, i) => `$${i + 2}`).join(', ')}) returning id`,
    [tenant, ...Object.values(row)],
  );
  return rows[0].id;
}

const addEvent = (action: string, level = 'RED') =>
  app.query(
    `insert into alert_events (tenant_id, alert_id, action, level, period) values ($1, $2, $3, $4, '2026-10')`,
    [tenant, alert.id, action, level],
  );

const deliveries = async () =>
  (
    await app.query(
      `select webhook_id, event, payload, status, alert_id, period from webhook_deliveries order by event`,
    )
  ).rows;

describe('the webhook outbox', () => {
  it("writes one delivery per wanted event with §10's data, as the API's ids say it", async () => {
    const id = await webhook();
    await addEvent('OPENED');
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ webhook_id: id, event: 'ALERT_OPENED', status: 'PENDING', alert_id: alert.id });
    expect(delivery.payload.district).toEqual({ id: toGlobalId('District', tenant), code: 'alpha' });
    expect(new Date(delivery.payload.occurredAt).toISOString()).toBe(delivery.payload.occurredAt);
    expect(delivery.payload.data.alert).toEqual({
      id: toGlobalId('Alert', alert.id),
      kpi: 'PARTICIPATION_RATE',
      level: 'RED',
      status: 'OPEN',
      period: '2026-10',
      value: null,
      target: null,
      courtyard: { id: toGlobalId('Courtyard', alert.courtyard_id), code: 'Y1', name: '幸福里' },
      assignedTo: { id: toGlobalId('Street', alert.street_id), name: '东城街道' },
    });
  });

  it('assigns a yellow event to the community, and says RESOLVED for a resolution', async () => {
    await webhook();
    await addEvent('RESOLVED', 'YELLOW');
    const [delivery] = await deliveries();
    expect(delivery.event).toBe('ALERT_RESOLVED');
    expect(delivery.payload.data.alert).toMatchObject({
      status: 'RESOLVED',
      level: 'YELLOW',
      assignedTo: { id: toGlobalId('Community', alert.community_id), name: '和平社区' },
    });
  });

  it('writes nothing for UPDATED or ACKNOWLEDGED, an unwanted event, a disabled or deleted webhook', async () => {
    await webhook({ events: '{ALERT_RESOLVED}' });
    await webhook({ disabled_at: new Date() });
    await webhook({ deleted_at: new Date() });
    await addEvent('UPDATED');
    await addEvent('ACKNOWLEDGED');
    await addEvent('OPENED');
    expect(await deliveries()).toEqual([]);
  });

  it("limits a webhook to its subtree: its street's alerts, not another street's", async () => {
    const otherStreet = (
      await app.query(`insert into streets (tenant_id, code, name) values ($1, 'S2', '西城街道') returning id`, [
        tenant,
      ])
    ).rows[0].id;
    const mine = await webhook({ street_id: alert.street_id });
    await webhook({ street_id: otherStreet });
    await webhook({ courtyard_id: alert.courtyard_id });
    await addEvent('ESCALATED');
    const rows = await deliveries();
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.webhook_id)).toContain(mine);
  });

  it('leaves no delivery when the change is rolled back', async () => {
    await webhook();
    await app.query('begin');
    await addEvent('OPENED');
    expect(await deliveries()).toHaveLength(1);
    await app.query('rollback');
    expect(await deliveries()).toEqual([]);
  });

  it('notifies the worker of a due delivery at commit, once per district and transaction', async () => {
    await webhook();
    await webhook();
    const listener = await connect(db.appUrl);
    try {
      const heard: string[] = [];
      listener.on('notification', (message) => heard.push(message.payload ?? ''));
      await listener.query('listen webhook_deliveries');
      await app.query('begin');
      await addEvent('OPENED');
      await addEvent('ESCALATED');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toEqual([]);
      await app.query('commit');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).toEqual([tenant]);
    } finally {
      await listener.end();
    }
  });

  it("never writes another district's deliveries", async () => {
    await webhook();
    await app.query(`select set_config('app.tenant_id', $1, false)`, [other]);
    try {
      await expect(addEvent('OPENED')).rejects.toThrow();
    } finally {
      await app.query(`select set_config('app.tenant_id', $1, false)`, [tenant]);
    }
    expect(await deliveries()).toEqual([]);
  });
});
