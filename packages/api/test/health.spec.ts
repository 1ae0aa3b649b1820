import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startTestApp, type TestApp } from './helpers/test-app';

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('http endpoints', () => {
  let t: TestApp;
  let down: TestApp;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'xiaoyuan-admin-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>小院</title><div id="app"></div>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    t = await startTestApp({ adminDistPath: dist });
    down = await startTestApp({ redisUrl: `redis://127.0.0.1:${await closedPort()}` });
  });
  afterAll(async () => {
    await t?.close();
    await down?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('healthz is 200 when PostgreSQL and Redis answer', async () => {
    const response = await fetch(`${t.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('healthz is 503 naming Redis when Redis is unreachable', async () => {
    const response = await fetch(`${down.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unavailable',
      failed: ['redis'],
      reasons: { redis: expect.any(String) },
    });
  });

  it('serves the admin app with a fallback to index.html', async () => {
    const asset = await fetch(`${t.url}/assets/app.js`);
    expect(await asset.text()).toBe('console.log(1)');
    for (const path of ['/', '/courtyards/abc']) {
      const page = await fetch(`${t.url}${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app">');
    }
  });

  it('answers 404 with a hint when the admin app is not built', async () => {
    const response = await fetch(`${down.url}/`);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/npm run build/);
  });

  it('refuses GraphQL requests without a CSRF-safe content type', async () => {
    const response = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`);
    expect(response.status).toBe(400);
  });
});
