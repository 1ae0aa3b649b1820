import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  print,
  specifiedRules,
  typeFromAST,
  validate,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '@xiaoyuan/schema';
import { Client } from 'pg';
import { MAX_COST, MAX_TOKENS, queryCost, queryLimitRules } from '../src/engine/query-limits';
import { createDistrictFixture, type DistrictFixture } from './helpers/fixtures';
import { startSiblingApp, startTestApp, type TestApp } from './helpers/test-app';

const aliases = (count: number, field: string) =>
  `{ ${Array.from({ length: count }, (_, index) => `a${index}: ${field}`).join(' ')} }`;
const HEAVY = `courtyards(first: 100) { totalCount edges { node { households(first: 100) { totalCount } } } }`;

describe('query limits', () => {
  let t: TestApp;
  let d: DistrictFixture;

  beforeAll(async () => {
    t = await startTestApp();
    d = await createDistrictFixture(t.client, 'ql');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses 1,000 aliases of a heavy field before anything runs, while { me } still answers within a second', async () => {
    const knex = t.app.services.orm.em.getConnection().getKnex();
    let statements = 0;
    const count = () => statements++;
    knex.on('query', count);
    // graphql's parser stops the heavy field's aliases past 5,000 tokens; short aliases meet the alias cap
    const attacks = [
      ...Array.from({ length: 5 }, () => t.client.request(aliases(1000, HEAVY), {}, { token: d.tokens.admin })),
      t.client.request(`{ district ${aliases(1000, 'name')} }`, {}, { token: d.tokens.admin }),
    ];
    const started = Date.now();
    const me = await t.client.request(`{ me { email } }`, {}, { token: d.tokens.viewer });
    const meMilliseconds = Date.now() - started;
    const refused = await Promise.all(attacks);
    knex.off('query', count);
    expect(me.errors).toBeUndefined();
    expect(me.data!.me.email).toBe('viewer@ql.test');
    expect(meMilliseconds).toBeLessThan(1000);
    for (const result of refused) {
      expect(result.status).toBe(400);
      expect(result.data ?? null).toBeNull();
    }
    for (const result of refused.slice(0, 5)) {
      expect(result.errors![0]).toMatchObject({
        message: 'Syntax Error: Document contains more that 5000 tokens. Parsing aborted.',
        extensions: { code: 'BAD_USER_INPUT', limit: 'tokens' },
      });
    }
    expect(refused[5].errors![0]).toMatchObject({
      message: 'The operation has 1000 aliases; at most 20 are allowed',
      extensions: { code: 'BAD_USER_INPUT', limit: 'aliases' },
    });
    // the { me } request's own statements only (begin, scope, caller, me, commit): none of the attacks'
    expect(statements).toBeLessThanOrEqual(7);
  });

  it('refuses too many root fields, even unaliased repeats, and too many tokens', async () => {
    const repeated = await t.client.request(`{ ${'me { email } '.repeat(21)} }`, {}, { token: d.tokens.admin });
    expect(repeated.status).toBe(400);
    expect(repeated.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'rootFields' });
    expect(repeated.errors![0].message).toBe(
      'The operation asks for 21 root fields; at most 20 are allowed: send several requests',
    );
    const tokens = await t.client.request(`{ me { ${'email '.repeat(6000)} } }`, {}, { token: d.tokens.admin });
    expect(tokens.status).toBe(400);
    expect(tokens.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'tokens' });
  });

  it('counts first through variables and every alias in the cost', async () => {
    const NESTED = `query($first: Int) { district { streets(first: $first) { edges { node { communities(first: $first) {
      edges { node { courtyards(first: $first) { edges { node { households(first: $first) { totalCount } } } } } } } } } } } }`;
    const costly = await t.client.request(NESTED, { first: 100 }, { token: d.tokens.admin });
    expect(costly.status).toBe(400);
    expect(costly.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost' });
    expect(costly.errors![0].message).toBe(
      'The query may ask for about 3030302 objects; at most 3000000 are allowed: ask for smaller pages',
    );
    const small = await t.client.request(NESTED, { first: 10 }, { token: d.tokens.admin });
    expect(small.errors).toBeUndefined();
    // one DistrictTree-sized subtree passes; twenty aliases of it are twenty times the cost
    const tree = `district { streets(first: 100) { edges { node { communities(first: 100) { edges { node {
      courtyards(first: 100) { edges { node { id } } } } } } } } } }`;
    expect((await t.client.request(`{ ${tree} }`, {}, { token: d.tokens.admin })).errors).toBeUndefined();
    const twice = await t.client.request(aliases(2, tree), {}, { token: d.tokens.admin });
    expect(twice.status).toBe(400);
    expect(twice.errors![0].extensions?.limit).toBe('cost');
  });

  it('answers first outside 0–100 with BAD_USER_INPUT and HTTP 400, signed in or not', async () => {
    const VARIABLE = `query($first: Int) { courtyards(first: $first) { totalCount } }`;
    for (const token of [d.tokens.admin, null]) {
      for (const first of [101, -1, 1_000_000, 1e12, 1.5, '20']) {
        const result = await t.client.request(VARIABLE, { first }, { token });
        expect([first, result.status, result.errors?.[0].extensions?.code]).toEqual([first, 400, 'BAD_USER_INPUT']);
        expect(result.data ?? null).toBeNull();
      }
      for (const first of ['101', '-5', '99999999999', '1.5', '"20"']) {
        const result = await t.client.request(`{ courtyards(first: ${first}) { totalCount } }`, {}, { token });
        expect([first, result.status, result.errors?.[0].extensions?.code]).toEqual([first, 400, 'BAD_USER_INPUT']);
        expect(result.errors?.[0].message).toBe(`"first" must be a whole number from 0 to 100, got ${first}`);
      }
    }
    const nested = await t.client.request(
      `query($id: ID!) { node(id: $id) { ... on Courtyard { households(first: 500) { totalCount } } } }`,
      { id: d.courtyards[0] },
    );
    expect([nested.status, nested.errors?.[0].extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
    const unauthenticated = await t.client.request(VARIABLE, { first: 100 });
    expect(unauthenticated.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('turns a statement past DB_STATEMENT_TIMEOUT_MS into a retryable TIMEOUT with HTTP 503', async () => {
    const timeoutOf = async (orm: MikroORM) =>
      (await orm.em.getConnection().execute<{ statement_timeout: string }[]>('show statement_timeout'))[0]
        .statement_timeout;
    // the API's connections have it (15 s by default); the worker's (ormConfig alone) none
    expect(await timeoutOf(t.app.services.orm)).toBe('15s');
    const workerOrm = await MikroORM.init(ormConfig(t.env.appDatabaseUrl, { ensureDatabase: false }));
    expect(await timeoutOf(workerOrm)).toBe('0');
    await workerOrm.close(true);
    const sibling = await startSiblingApp(t, { env: { dbStatementTimeoutMs: 300 } });
    expect(await timeoutOf(sibling.app.services.orm)).toBe('300ms');
    const locker = new Client({ connectionString: t.env.databaseUrl });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table streets in access exclusive mode');
      const started = Date.now();
      const result = await sibling.client.request(
        `{ me { email } district { streets { totalCount } } }`,
        {},
        { token: d.tokens.admin },
      );
      const elapsed = Date.now() - started;
      expect(result.status).toBe(503);
      expect(result.data ?? null).toBeNull();
      expect(result.errors).toEqual([
        {
          message: 'The database did not answer in time: try again later, or ask for less (smaller pages)',
          extensions: { code: 'TIMEOUT' },
        },
      ]);
      expect(elapsed).toBeGreaterThanOrEqual(300);
      // the downloads too: 503 with the same message
      await locker.query('lock table kpi_snapshots in access exclusive mode');
      const report = await fetch(`${sibling.url}/reports/2026.xlsx`, {
        headers: { authorization: `Bearer ${d.tokens.admin}` },
      });
      expect([report.status, await report.json()]).toEqual([
        503,
        { error: 'The database did not answer in time: try again later, or ask for less (smaller pages)' },
      ]);
      await locker.query('rollback');
      const again = await sibling.client.request(
        `{ district { streets { totalCount } } }`,
        {},
        { token: d.tokens.admin },
      );
      expect(again.errors).toBeUndefined();
      expect(again.data!.district.streets.totalCount).toBe(2);
    } finally {
      await locker.end();
      await sibling.close();
    }
  });
});

describe('suggestions', () => {
  const TYPO = `{ districtt { id } }`;
  const ENUM = `query($key: KpiKey!) { kpiTrend(scopeId: "x", key: $key, from: "2026-01", to: "2026-02") { value } }`;
  const messagesOf = async (t: TestApp) =>
    [
      ...((await t.client.request(TYPO)).errors ?? []),
      ...((await t.client.request(ENUM, { key: 'PARTICIPATION_RAT' })).errors ?? []),
    ].map((error) => error.message);

  it('are given in development and never in production', async () => {
    const development = await startTestApp();
    const production = await startTestApp({ env: { NODE_ENV: 'production', API_KEY_PEPPER: 'p'.repeat(48) } });
    try {
      expect(await messagesOf(development)).toEqual([
        'Cannot query field "districtt" on type "Query". Did you mean "district" or "districts"?',
        'Variable "$key" got invalid value "PARTICIPATION_RAT"; Value "PARTICIPATION_RAT" does not exist in "KpiKey" enum. Did you mean the enum value "PARTICIPATION_RATE" or "YOUTH_PARTICIPATION_RATE"?',
      ]);
      expect(await messagesOf(production)).toEqual([
        'Cannot query field "districtt" on type "Query".',
        'Variable "$key" got invalid value "PARTICIPATION_RAT"; Value "PARTICIPATION_RAT" does not exist in "KpiKey" enum.',
      ]);
    } finally {
      await production.close();
      await development.close();
    }
  });
});

describe('the admin app and the partner contract within the query limits', () => {
  const root = join(__dirname, '../../..');
  const schema = buildSchema(readFileSync(join(root, 'packages/schema/schema.graphql'), 'utf8'));
  const folder = join(root, 'packages/admin-web/src/graphql');
  // the documents as the admin app sends them: each `graphql(/* GraphQL */ `…`)` of its *.documents.ts
  const sources = readdirSync(folder)
    .filter((file) => file.endsWith('.documents.ts'))
    .flatMap((file) =>
      [...readFileSync(join(folder, file), 'utf8').matchAll(/graphql\(\/\* GraphQL \*\/ `([^`]*)`\)/g)].map(
        (match) => match[1],
      ),
    );
  const contract = join(root, '../shared/contract');
  const contractSources = (() => {
    try {
      return readdirSync(contract)
        .filter((file) => /^\d\d-.*\.graphql$/.test(file))
        .map((file) => readFileSync(join(contract, file), 'utf8'));
    } catch {
      return [];
    }
  })();

  function operationsOf(texts: string[]): [string, DocumentNode][] {
    const definitions = texts.flatMap((text) => parse(text).definitions);
    const fragments = new Map(
      definitions
        .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
        .map((fragment) => [fragment.name.value, fragment]),
    );
    return definitions
      .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => {
        const used = new Map<string, FragmentDefinitionNode>();
        const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
          visit(node, {
            FragmentSpread(spread) {
              const fragment = fragments.get(spread.name.value);
              if (fragment && !used.has(spread.name.value)) {
                used.set(spread.name.value, fragment);
                collect(fragment);
              }
            },
          });
        collect(operation);
        return [operation.name!.value, { kind: Kind.DOCUMENT, definitions: [operation, ...used.values()] }];
      });
  }

  /** Realistic values: every page at the largest size the app asks for (100), every required variable filled. */
  function sample(type: GraphQLInputType, name: string, schemaOf: GraphQLSchema): unknown {
    if (isNonNullType(type)) return sample(type.ofType, name, schemaOf);
    if (isListType(type)) return [sample(type.ofType, name, schemaOf)];
    const named = getNamedType(type);
    if (isEnumType(named)) return named.getValues()[0].value;
    if (isInputObjectType(named)) {
      return Object.fromEntries(
        Object.values(named.getFields())
          .filter((field) => isNonNullType(field.type))
          .map((field) => [field.name, sample(field.type, field.name, schemaOf)]),
      );
    }
    const scalars: Record<string, unknown> = {
      Int: name === 'first' ? 100 : 1,
      Float: 1,
      Boolean: true,
      String: 'x',
      ID: 'Q291cnR5YXJkOng=',
      Date: '2026-10-01',
      DateTime: '2026-10-01T00:00:00.000Z',
      Period: '2026-10',
      Money: '1.00',
    };
    return scalars[named.name] ?? 'x';
  }

  function variablesOf(document: DocumentNode): Record<string, unknown> {
    const operation = document.definitions[0] as OperationDefinitionNode;
    return Object.fromEntries(
      (operation.variableDefinitions ?? []).map((definition) => [
        definition.variable.name.value,
        sample(
          typeFromAST(schema, definition.type as never) as GraphQLInputType,
          definition.variable.name.value,
          schema,
        ),
      ]),
    );
  }

  const adminOperations = operationsOf(sources);
  const contractOperations = operationsOf(contractSources);

  it('finds the documents', () => {
    expect(adminOperations.length).toBeGreaterThan(40);
    expect(adminOperations.map(([name]) => name)).toEqual(expect.arrayContaining(['Dashboard', 'KpiTrends']));
  });

  it.each([...adminOperations, ...contractOperations])('%s passes every limit', (_name, document) => {
    expect(() => parse(print(document), { maxTokens: MAX_TOKENS })).not.toThrow();
    const rules = [...specifiedRules, ...queryLimitRules()];
    expect(validate(schema, document, rules).map((error) => error.message)).toEqual([]);
    const cost = queryCost(schema, document, undefined, variablesOf(document));
    expect(cost).not.toBeNull();
    expect(cost).toBeLessThanOrEqual(MAX_COST);
  });
});
