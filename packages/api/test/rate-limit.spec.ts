import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createDistrictFixture, type DistrictFixture } from './helpers/fixtures';
import { startSiblingApp, startTestApp, type TestApp } from './helpers/test-app';

// The per-client rate limit of partner API keys (DOMAIN.md §10 "Limits", issue 9).

const BUDGET = 5;
const CREATE = `mutation($input: CreateApiClientInput!) {
  createApiClient(input: $input) { apiClient { id } secret userErrors { code } }
}`;
const DISTRICT = `{ district { id } }`;

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('per-client rate limit of API keys', () => {
  let t: TestApp;
  let d: DistrictFixture;
  let sibling: Awaited<ReturnType<typeof startSiblingApp>> | undefined;

  beforeAll(async () => {
    t = await startTestApp({ env: { PARTNER_RATE_LIMIT_PER_MINUTE: String(BUDGET) } });
    d = await createDistrictFixture(t.client, 'rl');
  });
  afterAll(async () => {
    await sibling?.close();
    await t?.close();
  });

  const newKey = async (name: string): Promise<string> => {
    const result = await t.client.request(CREATE, { input: { name, scopes: ['KPI_READ'] } }, { token: d.tokens.admin });
    expect(result.data!.createApiClient.userErrors).toEqual([]);
    return result.data!.createApiClient.secret as string;
  };
  const post = (url: string, token: string) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: DISTRICT }),
    });

  it('answers the request past the budget with 429, Retry-After and RATE_LIMITED, without database work', async () => {
    const key = await newKey('budget');
    for (let n = 1; n <= BUDGET; n++) {
      const response = await post(t.url, key);
      expect({ n, status: response.status }).toEqual({ n, status: 200 });
      expect(((await response.json()) as { data: { district: { id: string } } }).data.district.id).toBe(d.id);
    }
    const fork = jest.spyOn(t.app.services.orm.em, 'fork');
    try {
      const limited = await post(t.url, key);
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const body = (await limited.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(body.errors[0].message).toContain(String(BUDGET));

      // the downloads answer errors as { error }
      const download = await fetch(`${t.url}/reports/2026-10.xlsx`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(download.status).toBe(429);
      expect(download.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await download.json()) as { error: string }).error).toContain(String(BUDGET));

      // no request context, so no transaction and no query
      expect(fork).not.toHaveBeenCalled();
    } finally {
      fork.mockRestore();
    }
  });

  it('never counts a session token', async () => {
    for (let n = 1; n <= BUDGET * 2 + 1; n++) {
      const result = await t.client.request(DISTRICT, {}, { token: d.tokens.viewer });
      expect({ n, status: result.status, errors: result.errors }).toEqual({ n, status: 200, errors: undefined });
    }
  });

  it('gives every client its own budget', async () => {
    const first = await newKey('first');
    const second = await newKey('second');
    for (let n = 1; n <= BUDGET; n++) expect((await post(t.url, first)).status).toBe(200);
    expect((await post(t.url, first)).status).toBe(429);
    for (let n = 1; n <= BUDGET; n++) expect((await post(t.url, second)).status).toBe(200);
    expect((await post(t.url, second)).status).toBe(429);
  });

  it('counts an unknown well-formed key by its hash (401 within the budget, then 429); a malformed one is only 401', async () => {
    const unknown = `xyk_${randomBytes(32).toString('base64url')}`;
    for (let n = 1; n <= BUDGET; n++) expect((await post(t.url, unknown)).status).toBe(401);
    expect((await post(t.url, unknown)).status).toBe(429);
    for (let n = 1; n <= BUDGET + 1; n++) expect((await post(t.url, 'xyk_short')).status).toBe(401);
  });

  it('shares the budget between two API processes on the same Redis and queue prefix', async () => {
    sibling = await startSiblingApp(t);
    const key = await newKey('shared');
    const urls = [t.url, sibling.url];
    const statuses: number[] = [];
    for (let n = 0; n < BUDGET + 2; n++) statuses.push((await post(urls[n % 2], key)).status);
    expect(statuses).toEqual([...Array<number>(BUDGET).fill(200), 429, 429]);
    // either process refuses it from now on
    expect((await post(sibling.url, key)).status).toBe(429);
    expect((await post(t.url, key)).status).toBe(429);
  });

  it('fails open when Redis is down: the request goes on, with one warning', async () => {
    const warnings: string[] = [];
    const logger = { info: () => undefined, error: () => undefined, warn: (message: string) => warnings.push(message) };
    const key = await newKey('redis-down');
    const down = await startSiblingApp(t, { logger, env: { redisUrl: `redis://127.0.0.1:${await closedPort()}` } });
    try {
      for (let n = 1; n <= BUDGET + 2; n++) {
        const response = await post(down.url, key);
        expect({ n, status: response.status }).toEqual({ n, status: 200 });
      }
      expect(warnings.filter((line) => line.startsWith('[rate-limit] Redis failed, partner'))).toHaveLength(1);
    } finally {
      await down.close();
    }
  });
});
