import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toGlobalId } from '@xiaoyuan/schema';
import { createDistrictFixture, type DistrictFixture } from './helpers/fixtures';
import { startSiblingApp, startTestApp, type TestApp } from './helpers/test-app';
import { GRAPHIQL_CSP } from '../src/graphiql-page';

// Issue 10 "Safe by default": security headers, the per-address request budget, users' identities.

const BUDGET = 4;
const ME = `{ me { id } }`;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const post = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: ME }),
  });

describe('security headers (helmet)', () => {
  let t: TestApp;
  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'xiaoyuan-admin-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>小院</title><div id="app"></div>');
    t = await startTestApp({ adminDistPath: dist });
  });
  afterAll(() => t?.close());

  it("sends the admin app's Content-Security-Policy and helmet's headers on the app and the API", async () => {
    for (const response of [await fetch(`${t.url}/`), await fetch(`${t.url}/rollout`), await post(t.url)]) {
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp.split(';').map((directive) => directive.trim())).toEqual([
        "default-src 'self'",
        "base-uri 'self'",
        "connect-src 'self'",
        "font-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "img-src 'self' data: blob:",
        "object-src 'none'",
        "script-src 'self'",
        "script-src-attr 'none'",
        "style-src 'self' 'unsafe-inline'",
      ]);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    // the API's answers are the caller's own: never stored by a cache
    expect((await post(t.url)).headers.get('cache-control')).toBe('no-store');
  });

  it("keeps GraphiQL's own policy at /graphiql", async () => {
    const response = await fetch(`${t.url}/graphiql`);
    expect(response.headers.get('content-security-policy')).toBe(GRAPHIQL_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('per-address request budget (RATE_LIMIT_PER_MINUTE)', () => {
  let t: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: String(BUDGET) } });
    proxied = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: String(BUDGET), TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await t?.close();
    await proxied?.close();
  });

  it('answers past the budget 429 with Retry-After and RATE_LIMITED, on every path but the probes', async () => {
    for (let n = 1; n <= BUDGET; n++) {
      const response = await post(t.url);
      expect({ n, status: response.status }).toEqual({ n, status: 200 });
    }
    const limited = await post(t.url);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    const body = (await limited.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0].message).toContain(`${BUDGET} a minute`);
    // helmet's headers on the refusal too
    expect(limited.headers.get('x-content-type-options')).toBe('nosniff');

    const page = await fetch(`${t.url}/imports/templates/courtyards.csv`);
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await page.json()).toEqual({ error: expect.stringContaining('Too many requests'), code: 'RATE_LIMITED' });

    // load balancers' probes are never counted nor refused
    for (const path of ['/livez', '/readyz', '/healthz']) {
      expect({ path, status: (await fetch(`${t.url}${path}`)).status }).toEqual({ path, status: 200 });
    }
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY trusts the proxy', async () => {
    // not trusted: a forged header does not get a fresh budget
    const spoofed = await post(t.url, { 'x-forwarded-for': '203.0.113.77' });
    expect(spoofed.status).toBe(429);

    // behind a trusted proxy (loopback here): each client address has its own budget
    for (const client of ['198.51.100.1', '198.51.100.2']) {
      for (let n = 1; n <= BUDGET; n++) {
        const response = await post(proxied.url, { 'x-forwarded-for': client });
        expect({ client, n, status: response.status }).toEqual({ client, n, status: 200 });
      }
      expect((await post(proxied.url, { 'x-forwarded-for': client })).status).toBe(429);
    }
  });

  it('fails open when Redis is down, with one warning', async () => {
    const warnings: string[] = [];
    const logger = { info: () => undefined, error: () => undefined, warn: (message: string) => warnings.push(message) };
    const down = await startSiblingApp(t, { logger, env: { redisUrl: `redis://127.0.0.1:${await closedPort()}` } });
    try {
      for (let n = 1; n <= BUDGET + 2; n++) {
        const response = await post(down.url);
        expect({ n, status: response.status }).toEqual({ n, status: 200 });
      }
      expect(warnings.filter((line) => line.startsWith('[rate-limit] Redis failed, address'))).toHaveLength(1);
    } finally {
      await down.close();
    }
  });
});

describe("other users' identities", () => {
  let t: TestApp;
  let d: DistrictFixture;
  beforeAll(async () => {
    t = await startTestApp();
    d = await createDistrictFixture(t.client, 'who');
  });
  afterAll(() => t?.close());

  const userId = async (role: string) =>
    toGlobalId('User', (await t.sql<{ id: string }>(`select id from users where role = $1`, [role]))[0].id);
  const node = async (id: string, token: string) =>
    (await t.client.request(`query($id: ID!) { node(id: $id) { ... on User { id email } } }`, { id }, { token })).data!
      .node;

  it('are read by the district admin, a street officer for its street, and the user themself only', async () => {
    const worker = await userId('COMMUNITY_WORKER');
    const admin = await userId('DISTRICT_ADMIN');
    expect(await node(worker, d.tokens.admin)).toMatchObject({ id: worker, email: expect.stringContaining('@') });
    // the fixture's community worker works in the street officer's street
    expect(await node(worker, d.tokens.streetOfficer)).toMatchObject({ id: worker });
    expect(await node(worker, d.tokens.communityWorker)).toMatchObject({ id: worker });
    expect(await node(admin, d.tokens.streetOfficer)).toBeNull();
    for (const token of [d.tokens.viewer, d.tokens.courtyardCommittee]) {
      expect(await node(worker, token)).toBeNull();
      expect(await node(admin, token)).toBeNull();
    }
  });
});
