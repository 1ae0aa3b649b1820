import { startTemporaryPostgres, type TemporaryServer } from '@xiaoyuan/schema';
import { startTestApp, type TestApp } from './helpers/test-app';

/*
 * The probes (issue 14): `/livez` while the process serves, `/readyz` (and `/healthz`, its older
 * name) when PostgreSQL and Redis answer and every migration is applied. With a PostgreSQL server
 * of the test's own, which it stops: never the shared one.
 */
describe('the probes', () => {
  let postgres: TemporaryServer;
  let t: TestApp;

  beforeAll(async () => {
    postgres = await startTemporaryPostgres();
    t = await startTestApp({ postgresServerUrl: postgres.url });
  }, 60_000);

  afterAll(async () => {
    await postgres?.start().catch(() => undefined);
    await t?.close().catch(() => undefined);
    await postgres?.destroy();
  });

  const probe = async (path: string) => {
    const response = await fetch(`${t.url}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('are 200 when all is well', async () => {
    for (const path of ['/livez', '/readyz', '/healthz']) {
      expect({ path, ...(await probe(path)) }).toEqual({ path, status: 200, body: { status: 'ok' } });
    }
  });

  it('/readyz is 503 naming the migration the database has not applied', async () => {
    const [removed] = await t.sql<{ id: number; name: string; executed_at: Date }>(
      'delete from mikro_orm_migrations where id = (select max(id) from mikro_orm_migrations) returning *',
    );
    try {
      for (const path of ['/readyz', '/healthz']) {
        expect(await probe(path)).toEqual({
          status: 503,
          body: {
            status: 'unavailable',
            failed: ['migrations'],
            reasons: { migrations: `not applied: ${removed.name}` },
          },
        });
      }
      expect((await probe('/livez')).status).toBe(200);
    } finally {
      await t.sql('insert into mikro_orm_migrations (id, name, executed_at) values ($1, $2, $3)', [
        removed.id,
        removed.name,
        removed.executed_at,
      ]);
    }
    expect((await probe('/readyz')).status).toBe(200);
  });

  it('/readyz is 503 naming PostgreSQL while it is stopped, /livez stays 200', async () => {
    await postgres.stop();
    const ready = await probe('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'unavailable', failed: expect.arrayContaining(['postgres']) });
    expect(ready.body.failed).not.toContain('redis');
    expect(await probe('/livez')).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
