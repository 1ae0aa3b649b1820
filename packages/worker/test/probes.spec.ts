import { createScratchDatabase, QUEUES, startTemporaryPostgres, type TemporaryServer } from '@xiaoyuan/schema';
import { Client } from 'pg';
import { silentLogger } from '../src/engine/logger';
import { startWorkerService, type WorkerService } from '../src/engine/worker-service';
import { testEnv, uniquePrefix, type TestDatabase } from './support/test-environment';

/*
 * The worker's probes (issue 14) on a port of their own (WORKER_HEALTH_PORT): `/livez` while the
 * process serves, `/readyz` when PostgreSQL and the host's Redis connections answer and every
 * migration is applied. With a PostgreSQL server of the test's own, which it stops.
 */
describe("the worker's probes", () => {
  let postgres: TemporaryServer;
  let database: TestDatabase;
  let worker: WorkerService | undefined;
  let superuser: Client;
  let url: string;

  beforeAll(async () => {
    postgres = await startTemporaryPostgres();
    database = await createScratchDatabase('xiaoyuan_test', postgres.url);
    worker = await startWorkerService(testEnv(database, uniquePrefix()), {
      queues: [QUEUES.kpi],
      log: silentLogger,
      probePort: 0,
    });
    url = `http://127.0.0.1:${worker.probes!.port}`;
    superuser = new Client({ connectionString: database.url });
    // the test stops the server: the connection's end is not a failure
    superuser.on('error', () => undefined);
    await superuser.connect();
  }, 60_000);

  afterAll(async () => {
    await postgres?.start().catch(() => undefined);
    await superuser?.end().catch(() => undefined);
    await worker?.stop(5_000);
    await database?.drop().catch(() => undefined);
    await postgres?.destroy();
  });

  const probe = async (path: string) => {
    const response = await fetch(`${url}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('are 200 when all is well, and 404 elsewhere', async () => {
    for (const path of ['/livez', '/readyz']) {
      expect({ path, ...(await probe(path)) }).toEqual({ path, status: 200, body: { status: 'ok' } });
    }
    expect((await probe('/graphql')).status).toBe(404);
  });

  it('/readyz is 503 naming the migration the database has not applied', async () => {
    const {
      rows: [removed],
    } = await superuser.query<{ id: number; name: string; executed_at: Date }>(
      'delete from mikro_orm_migrations where id = (select max(id) from mikro_orm_migrations) returning *',
    );
    try {
      expect(await probe('/readyz')).toEqual({
        status: 503,
        body: {
          status: 'unavailable',
          failed: ['migrations'],
          reasons: { migrations: `not applied: ${removed.name}` },
        },
      });
      expect((await probe('/livez')).status).toBe(200);
    } finally {
      await superuser.query('insert into mikro_orm_migrations (id, name, executed_at) values ($1, $2, $3)', [
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

  it('closes its port when the worker stops', async () => {
    await postgres.start();
    await worker!.stop(5_000);
    await expect(fetch(`${url}/livez`)).rejects.toThrow();
  });
});
