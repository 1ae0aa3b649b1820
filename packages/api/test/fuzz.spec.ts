import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
} from 'graphql';
import { toGlobalId } from '@xiaoyuan/schema';
import { createDistrictFixture, platformToken, rowId, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

// A bounded, deterministic fuzz of every query and mutation of the emitted schema: valid-shaped
// arguments with hostile values, sent as every role, an API client with every scope and one with
// none, and no token. No answer may be an HTTP 5xx or carry INTERNAL_SERVER_ERROR.

const SEED = 20261207;
const ROUNDS = 4; // every operation × every caller, ROUNDS times: 60 × 9 × 4 = 2,160 requests
const CONCURRENCY = 6;

/** mulberry32: a small seeded PRNG, so a failure replays with the same requests */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    int: (below: number) => Math.floor(next() * below),
  };
}
type Random = ReturnType<typeof prng>;

const schema = buildSchema(readFileSync(join(__dirname, '../../schema/schema.graphql'), 'utf8'));

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\t\n',
  'a\u0000b',
  '\u0000',
  'x\uD800',
  '\uDC00',
  'bell\u0007',
  'x'.repeat(100_000),
  '小'.repeat(5_000),
  '😀'.repeat(300),
  "'; drop table users; --",
  '%_\\',
  '../../etc/passwd',
  'null',
  '-1',
  '1e309',
  'NaN',
  '2026-13-45',
  'http://127.0.0.1:6379/',
  'https://example.com/hook',
  'admin@fuzz-a.test',
  'not-an-email',
  '\u202e\u200b',
];
const PLAIN_STRINGS = ['小院议事', 'fuzz', 'A-1', '1-101', 'correct-horse-battery', '2026-10-31', 'fuzz@example.com'];
const HOSTILE_INTS = [0, 1, -1, 2, 100, 101, 1000, 2_147_483_647, -2_147_483_648, 2 ** 31, 2 ** 53, 1.5, -0.5];
const HOSTILE_FLOATS = [0, -1, 0.1, 1.005, 1e-10, 1e308, -1e308, 99_999_999.99, 2 ** 53, 12345.678];
const DATES = ['2026-10-31', '2026-01-01', '2026-02-30', '0000-01-01', '9999-12-31', '1900-01-01', '2026-1-1'];
const DATE_TIMES = [
  '2026-10-31T08:00:00Z',
  '2026-10-31T08:00:00+08:00',
  '9999-12-31T23:59:59Z',
  '0001-01-01T00:00:00Z',
];
const PERIODS = ['2026-10', '2026-Q4', '2026', '0000', '9999-12', '1970-01', '2026-Q5', '2026-00'];
const MONEY = ['3000.00', '0.01', '0', '-1', '1.234', '99999999.99', '100000000.01', '999999999999999', '1e3', 'abc'];

interface Caller {
  name: string;
  token: string | null;
}

/** Ids the values are drawn from: the district's own, another district's, other types', malformed. */
function idPool(a: DistrictFixture, b: DistrictFixture): string[] {
  return [
    a.id,
    ...a.streets,
    ...a.communities,
    ...a.courtyards,
    ...a.households,
    b.id,
    b.streets[0],
    b.courtyards[0],
    b.households[0],
    rowId(a.courtyards[0]),
    toGlobalId('Courtyard', randomUUID()),
    toGlobalId('Courtyard', 'not-a-uuid'),
    Buffer.from('Nope:123').toString('base64'),
    Buffer.from(`Courtyard:${rowId(a.courtyards[0])}\u0000`).toString('base64'),
    'not base64 !!',
    '',
    'x'.repeat(10_000),
    '\u0000',
  ];
}

class ValueMaker {
  constructor(
    private readonly random: Random,
    private readonly ids: string[],
    /** chance of a hostile value at each leaf */
    private readonly hostility: number,
  ) {}

  value(type: GraphQLInputType, depth = 0): unknown {
    const { random } = this;
    if (isNonNullType(type)) {
      // null where non-null, now and then
      if (random.chance(this.hostility / 20)) return null;
      return this.value(type.ofType, depth);
    }
    if (isListType(type)) {
      if (depth > 3) return [];
      const roll = random.next();
      // empty, a few, or many (bad) items
      const length = roll < 0.15 ? 0 : roll < 0.9 - this.hostility / 4 ? 1 + random.int(3) : 200 + random.int(1_000);
      const item = this.value(type.ofType, depth + 1);
      return Array.from({ length }, (_, index) => (index < 5 ? this.value(type.ofType, depth + 1) : item));
    }
    if (isInputObjectType(type)) {
      if (depth > 4) return {};
      const result: Record<string, unknown> = {};
      for (const field of Object.values(type.getFields())) {
        const required = isNonNullType(field.type);
        // a missing required field, now and then
        if (required && random.chance(this.hostility / 20)) continue;
        if (!required && random.chance(0.5)) continue;
        result[field.name] = this.value(field.type, depth + 1);
      }
      return result;
    }
    if (isEnumType(type)) {
      if (random.chance(this.hostility / 4)) return random.pick(['NOT_A_VALUE', '', 'admin', 42]);
      return random.pick(type.getValues()).value ?? random.pick(type.getValues()).name;
    }
    const hostile = random.chance(this.hostility);
    switch (type.name) {
      case 'ID':
        return hostile && random.chance(0.5) ? random.pick(HOSTILE_STRINGS) : random.pick(this.ids);
      case 'String':
        return hostile ? random.pick(HOSTILE_STRINGS) : random.pick(PLAIN_STRINGS);
      case 'Int':
        return hostile ? random.pick(HOSTILE_INTS) : random.int(50);
      case 'Float':
        return hostile ? random.pick(HOSTILE_FLOATS) : random.int(500) / 4;
      case 'Boolean':
        return hostile && random.chance(0.3) ? 'true' : random.chance(0.5);
      case 'Date':
        return hostile ? random.pick([...DATES, ...HOSTILE_STRINGS]) : DATES[random.int(2)];
      case 'DateTime':
        return hostile ? random.pick([...DATE_TIMES, ...HOSTILE_STRINGS]) : DATE_TIMES[random.int(2)];
      case 'Period':
        return hostile ? random.pick([...PERIODS, ...HOSTILE_STRINGS]) : PERIODS[random.int(3)];
      case 'Money':
        return hostile ? random.pick([...MONEY, ...HOSTILE_STRINGS]) : MONEY[random.int(2)];
      default:
        return random.pick([...HOSTILE_STRINGS, ...PLAIN_STRINGS]);
    }
  }
}

/** Leaf fields (and objects without required arguments) down to `depth`: enough to run the field resolvers. */
function selection(type: GraphQLNamedType, depth: number): string {
  if (isLeafType(type)) return '';
  if (isUnionType(type)) {
    return `{ __typename ${type
      .getTypes()
      .map((member) => `... on ${member.name} { ${leafFields(member)} }`)
      .join(' ')} }`;
  }
  if (!isObjectType(type) && !isInterfaceType(type)) return '';
  const parts = ['__typename'];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.args.some((argument) => isNonNullType(argument.type))) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (depth > 0) parts.push(`${field.name} ${selection(named, depth - 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

function leafFields(type: GraphQLObjectType): string {
  return [
    '__typename',
    ...Object.values(type.getFields())
      .filter((field) => isLeafType(getNamedType(field.type)) && !field.args.length)
      .map((field) => field.name),
  ].join(' ');
}

interface Operation {
  name: string;
  document: string;
  field: GraphQLField<unknown, unknown>;
}

function operations(): Operation[] {
  const result: Operation[] = [];
  for (const [kind, root] of [
    ['query', schema.getQueryType()!],
    ['mutation', schema.getMutationType()!],
  ] as const) {
    for (const field of Object.values(root.getFields()) as GraphQLField<unknown, unknown>[]) {
      const variables = field.args.map((argument) => `$${argument.name}: ${argument.type.toString()}`).join(', ');
      const args = field.args.map((argument) => `${argument.name}: $${argument.name}`).join(', ');
      const document =
        `${kind} Fuzz${variables ? `(${variables})` : ''} ` +
        `{ ${field.name}${args ? `(${args})` : ''} ${selection(getNamedType(field.type), 2)} }`;
      result.push({ name: `${kind} ${field.name}`, document, field });
    }
  }
  return result;
}

interface Failure {
  caller: string;
  operation: string;
  status: number;
  variables: string;
  errors: string;
}

function truncated(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'string' && item.length > 80 ? `${item.slice(0, 40)}…(${item.length} chars)` : item,
  );
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}

describe('schema-driven fuzz of every operation', () => {
  let t: TestApp;
  let callers: Caller[];
  let ids: string[];
  const serverErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      // the server's side of an INTERNAL_SERVER_ERROR, printed with the failures
      logger: {
        info: () => undefined,
        warn: () => undefined,
        error: (message, error) => serverErrors.push(`${message} ${(error as Error)?.stack ?? String(error)}`),
      },
      env: { PARTNER_RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_PER_MINUTE: '1000000' },
    });
    const a = await createDistrictFixture(t.client, 'fuzz-a');
    const b = await createDistrictFixture(t.client, 'fuzz-b');
    ids = idPool(a, b);
    const apiKey = async (name: string, scopes: string[]) => {
      const result = await t.client.request(
        `mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { apiClient { id } secret userErrors { code } } }`,
        { input: { name, scopes: scopes.length ? scopes : ['KPI_READ'] } },
        { token: a.tokens.admin },
      );
      const payload = result.data?.createApiClient;
      if (!payload?.secret) throw new Error(`createApiClient failed: ${JSON.stringify(result)}`);
      // a client without any scope cannot be created through the API: take its scopes away
      if (!scopes.length)
        await t.sql(`update api_clients set scopes = '{}' where id = $1`, [rowId(payload.apiClient.id)]);
      return payload.secret as string;
    };
    callers = [
      { name: 'district admin', token: a.tokens.admin },
      { name: 'viewer', token: a.tokens.viewer },
      { name: 'street officer', token: a.tokens.streetOfficer },
      { name: 'community worker', token: a.tokens.communityWorker },
      { name: 'courtyard committee', token: a.tokens.courtyardCommittee },
      { name: 'platform admin', token: await platformToken(t.client) },
      {
        name: 'API client (every scope)',
        token: await apiKey('fuzz all', ['ALERTS_READ', 'ALERTS_WRITE', 'KPI_READ', 'RECORDS_READ', 'RECORDS_WRITE']),
      },
      { name: 'API client (no scope)', token: await apiKey('fuzz none', []) },
      { name: 'no token', token: null },
    ];
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const ENDS_SESSIONS = /^mutation (signOut|changePassword|setUserDisabled|resetUserPassword|updateUser)$/;

  it('answers ≥ 2,000 hostile requests without a 5xx or INTERNAL_SERVER_ERROR', async () => {
    const random = prng(SEED);
    const cases: { caller: Caller; operation: Operation; variables: Record<string, unknown> }[] = [];
    const all = operations();
    for (let round = 0; round < ROUNDS; round++) {
      // round 0: mostly plausible values (reach the resolvers); then more and more hostile ones
      const maker = new ValueMaker(random, ids, [0.1, 0.3, 0.6, 0.9][round]);
      for (const operation of all) {
        for (const caller of callers) {
          const variables: Record<string, unknown> = {};
          for (const argument of operation.field.args) {
            if (!isNonNullType(argument.type) && random.chance(0.3)) continue;
            variables[argument.name] = maker.value(argument.type);
          }
          cases.push({ caller, operation, variables });
        }
      }
    }

    const failures: Failure[] = [];
    let sent = 0;
    /** answers with data: the request got past validation into the resolvers */
    let resolved = 0;
    const worker = async () => {
      for (let next = cases.shift(); next; next = cases.shift()) {
        const { caller, operation, variables } = next;
        const response = await fetch(`${t.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}),
          },
          body: JSON.stringify({ query: operation.document, variables }),
        });
        sent += 1;
        const text = await response.text();
        let errors: { extensions?: { code?: string } }[] = [];
        try {
          const body = JSON.parse(text) as { data?: unknown; errors?: typeof errors };
          errors = body.errors ?? [];
          if (body.data) resolved += 1;
        } catch {
          errors = [{ extensions: { code: `not JSON: ${text.slice(0, 200)}` } }];
        }
        const internal = errors.some((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR');
        if (response.status >= 500 || internal) {
          failures.push({
            caller: caller.name,
            operation: operation.name,
            status: response.status,
            variables: truncated(variables),
            errors: truncated(errors),
          });
        }
      }
    };
    // operations that end sessions (the caller's own, or a user's whose token a caller holds) run
    // last, so that they do not sign the fuzz's callers out before the rest is sent
    const endingSessions = cases.filter((each) => ENDS_SESSIONS.test(each.operation.name));
    cases.splice(0, cases.length, ...cases.filter((each) => !ENDS_SESSIONS.test(each.operation.name)));
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    cases.push(...endingSessions);
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    if (failures.length) {
      const report = failures
        .slice(0, 25)
        .map(
          (failure) =>
            `${failure.operation} as ${failure.caller}: HTTP ${failure.status}\n  variables ${failure.variables}\n  errors ${failure.errors}`,
        )
        .join('\n');
      const logged = [...new Set(serverErrors.map((error) => error.slice(0, 1_500)))].slice(0, 10).join('\n');
      throw new Error(`${failures.length} of ${sent} requests failed:\n${report}\nserver errors:\n${logged}`);
    }
    expect(sent).toBeGreaterThanOrEqual(2_000);
    // hostile, but not only refused at the door: a good share reaches the resolvers
    expect(resolved).toBeGreaterThanOrEqual(sent / 4);
  }, 240_000);
});
