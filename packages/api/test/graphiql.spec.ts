import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_GRAPHIQL_DIST } from '../src/graphiql-page';
import { createDistrictFixture, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

// The GraphiQL page served by the API itself (issue 9): nothing may come from another origin.

const CREATE_CLIENT = `mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { secret userErrors { code } } }`;

/** Every URL in a src or href attribute of the HTML. */
function attributeUrls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((match) => match[1]);
}

describe('GET /graphiql', () => {
  let t: TestApp;
  let district: DistrictFixture;

  beforeAll(async () => {
    // `npm run build` builds it; build it here when a test run comes first
    if (!existsSync(join(DEFAULT_GRAPHIQL_DIST, 'index.html'))) {
      execFileSync('npx', ['vite', 'build', '--config', 'graphiql/vite.config.mts'], {
        cwd: resolve(__dirname, '..'),
        stdio: 'ignore',
      });
    }
    t = await startTestApp();
    district = await createDistrictFixture(t.client, 'gq');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('serves the page with a policy that admits this origin only', async () => {
    for (const path of ['/graphiql', '/graphiql/']) {
      const response = await fetch(`${t.url}${path}`, { redirect: 'manual' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      // no host, scheme or wildcard beyond 'self', data: and blob:
      expect(csp.replace(/'self'|'none'|'unsafe-inline'|data:|blob:/g, '')).not.toMatch(/[*:]|\.\w/);
      expect(await response.text()).toContain('id="api-key"');
    }
  });

  it('references only same-origin assets, and every one of them is served', async () => {
    const html = await (await fetch(`${t.url}/graphiql`)).text();
    const urls = attributeUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(2); // the entry script and the style sheet at least
    for (const url of urls) {
      expect(url).toMatch(/^\/graphiql\/assets\/[^/]+$/); // a path of this origin: no scheme, no //host
      const response = await fetch(`${t.url}${url}`);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
    }

    // the bundle's own references (chunks, Monaco's workers, fonts) are files of the build too
    const assets = readdirSync(join(DEFAULT_GRAPHIQL_DIST, 'assets'));
    const referenced = new Set<string>();
    for (const file of assets.filter((name) => /\.(js|css)$/.test(name))) {
      const text = readFileSync(join(DEFAULT_GRAPHIQL_DIST, 'assets', file), 'utf8');
      for (const match of text.matchAll(/[\w.-]+-[\w-]{8}\.(?:js|css|ttf|woff2?)/g)) referenced.add(match[0]);
      // nothing is loaded from a CDN
      expect(text).not.toMatch(/(?:unpkg\.com|jsdelivr\.net|esm\.sh|cdnjs|googleapis\.com)/);
    }
    expect([...referenced].some((name) => name.includes('.worker'))).toBe(true);
    for (const name of referenced) {
      expect({ name, built: assets.includes(name) }).toEqual({ name, built: true });
      const response = await fetch(`${t.url}/graphiql/assets/${name}`);
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
    }
  });

  it('answers 404 for anything else under /graphiql', async () => {
    expect((await fetch(`${t.url}/graphiql/assets/nothing.js`)).status).toBe(404);
    expect((await fetch(`${t.url}/graphiql/other`)).status).toBe(404);
  });

  it("runs queries against /graphql with the page's fetcher and an API key", async () => {
    const created = await t.client.request(
      CREATE_CLIENT,
      { input: { name: 'GraphiQL', scopes: ['KPI_READ'] } },
      { token: district.tokens.admin },
    );
    const key = created.data!.createApiClient.secret as string;
    // as the page sends it: @graphiql/toolkit's fetcher with the pasted key as a Bearer header (an ES module's types)
    const { createGraphiQLFetcher } = await import('@graphiql/toolkit');
    const fetcher = createGraphiQLFetcher({ url: `${t.url}/graphql`, fetch, enableIncrementalDelivery: false });
    const run = (headers: Record<string, string>) =>
      fetcher({ query: '{ district { code } }', operationName: null }, { headers, documentAST: undefined }) as Promise<{
        data?: { district: { code: string } };
        errors?: { extensions?: { code?: string } }[];
      }>;
    expect(await run({ Authorization: `Bearer ${key}` })).toEqual({ data: { district: { code: 'gq' } } });
    const revoked = await run({ Authorization: 'Bearer xyk_not-a-key-not-a-key-not-a-key-0000' });
    expect(revoked.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
