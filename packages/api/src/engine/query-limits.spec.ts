import { buildSchema, parse, specifiedRules, validate, type GraphQLError } from 'graphql';
import { checkCost, queryLimitRules } from './query-limits';

const schema = buildSchema(`
  type Query { a: A heavy(n: Int): [A!]! }
  type A { a: A b(first: Int): AConnection! id: ID }
  type AConnection { edges: [AEdge!]! }
  type AEdge { node: A! }
`);

const limitsOf = (query: string) =>
  validate(schema, parse(query), [...specifiedRules, ...queryLimitRules()]).map((error: GraphQLError) => [
    error.extensions.limit ?? error.extensions.code ?? null,
    error.message,
  ]);
const costError = (query: string, variables: Record<string, unknown> = {}, maxCost?: number) => {
  try {
    checkCost(schema, parse(query), undefined, variables, maxCost);
    return null;
  } catch (error) {
    return [(error as GraphQLError).extensions.limit, (error as GraphQLError).message];
  }
};

describe('query limits', () => {
  it('limits the depth of selection sets, through fragments too', () => {
    const levels = (n: number) => `{ ${'a { '.repeat(n - 1)}id${' }'.repeat(n - 1)} }`;
    expect(limitsOf(levels(12))).toEqual([]);
    expect(limitsOf(levels(13))).toEqual([['depth', 'The query is nested 13 levels deep; at most 12 are allowed']]);
    const throughFragment = `{ a { ...F } } fragment F on A { ${'a { '.repeat(11)}id${' }'.repeat(11)} }`;
    expect(limitsOf(throughFragment)[0]).toEqual(['depth', expect.stringMatching(/13 levels/)]);
  });

  it('caps the aliases of an operation, at every level and through fragments', () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `x${i}: id`).join(' ');
    expect(limitsOf(`{ a { ${aliases(20)} } }`)).toEqual([]);
    expect(limitsOf(`{ a { ...F } } fragment F on A { ${aliases(21)} }`)).toEqual([
      ['aliases', 'The operation has 21 aliases; at most 20 are allowed'],
    ]);
  });

  it('caps the root fields, aliased or repeated', () => {
    expect(limitsOf(`{ ${'a { id } '.repeat(20)} }`)).toEqual([]);
    expect(limitsOf(`{ __typename ${'a { id } '.repeat(21)} }`)).toEqual([
      ['rootFields', 'The operation asks for 21 root fields; at most 20 are allowed: send several requests'],
    ]);
  });

  it('refuses a literal first outside 0–100 before graphql reports its type', () => {
    expect(limitsOf('{ a { b(first: 100) { edges { node { id } } } } }')).toEqual([]);
    for (const first of ['101', '-1', '99999999999', '1.5']) {
      expect(limitsOf(`{ a { b(first: ${first}) { edges { node { id } } } } }`)[0]).toEqual([
        'pageSize',
        `"first" must be a whole number from 0 to 100, got ${first}`,
      ]);
    }
  });

  it('multiplies the cost by first (20 when not given), counts every alias, refuses first out of range', () => {
    const nested =
      'query($n: Int) { a { b(first: $n) { edges { node { b(first: 100) { edges { node { id } } } } } } } }';
    // a, b, then per node: edges, node, b, then per inner node: edges, node
    expect(costError(nested, { n: 10 }, 2500)).toBeNull();
    expect(costError(nested, { n: 20 }, 2500)).toEqual([
      'cost',
      'The query may ask for about 4062 objects; at most 2500 are allowed: ask for smaller pages',
    ]);
    expect(costError(nested.replace('(first: $n)', ''), {}, 2500)?.[1]).toMatch(/about 4062 objects/);
    const aliased = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `x${i}: heavy { b(first: 100) { edges { node { id } } } }`).join(' ')} }`;
    expect(costError(aliased(1), {}, 1000)).toBeNull();
    expect(costError(aliased(5), {}, 1000)?.[1]).toMatch(/about 1010 objects/);
    for (const n of [101, -1]) {
      expect(costError(nested, { n })).toEqual(['pageSize', `"first" must be a whole number from 0 to 100, got ${n}`]);
    }
    // a variable of the wrong type is left to execution, which refuses it before anything runs
    expect(costError(nested, { n: 'ten' })).toBeNull();
  });
});
