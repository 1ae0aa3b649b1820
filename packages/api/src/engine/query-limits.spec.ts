import { buildSchema, parse, validate } from 'graphql';
import { checkCost, depthLimitRule } from './query-limits';

const schema = buildSchema(`
  type Query { a: A }
  type A { a: A b(first: Int): AConnection! id: ID }
  type AConnection { edges: [AEdge!]! }
  type AEdge { node: A! }
`);

describe('query limits', () => {
  it('limits the depth of selection sets, through fragments too', () => {
    const shallow = parse('{ a { a { id } } }');
    expect(validate(schema, shallow, [depthLimitRule(3)])).toEqual([]);
    const deep = parse('{ a { ...F } } fragment F on A { a { a { id } } }');
    expect(validate(schema, deep, [depthLimitRule(3)])[0].message).toMatch(/4 levels/);
  });

  it('multiplies the cost by first and refuses first out of range', () => {
    const document = parse(
      'query($n: Int) { a { b(first: $n) { edges { node { b(first: 100) { edges { node { id } } } } } } } }',
    );
    const operation = document.definitions[0] as never;
    expect(() => checkCost(document, operation, { n: 10 }, 5000)).not.toThrow();
    expect(() => checkCost(document, operation, { n: 100 }, 5000)).toThrow(/at most 5000/);
    expect(() => checkCost(document, operation, { n: 101 })).toThrow(/between 0 and 100/);
    expect(() => checkCost(document, operation, { n: -1 })).toThrow(/between 0 and 100/);
  });
});
