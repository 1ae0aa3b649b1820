import { intArray, textArray, uuidArray } from './sql-literals';

describe('SQL array literals', () => {
  it('quotes and escapes text, with NULL for null', () => {
    expect(textArray([])).toBe('{}');
    expect(textArray(['a', 'b c', 'say "hi"', 'back\\slash', null, 7])).toBe(
      '{"a","b c","say \\"hi\\"","back\\\\slash",NULL,"7"}',
    );
  });

  it('keeps commas, empty strings and the word NULL as text', () => {
    expect(textArray(['a', 'b,c', 'd"e', 'f\\g', null, 3, '', 'NULL'])).toBe(
      '{"a","b,c","d\\"e","f\\\\g",NULL,"3","","NULL"}',
    );
  });

  it('checks uuids and integers', () => {
    const id = '0b6f3f5e-8a4c-4c55-9d3e-2f1a6b7c8d9e';
    expect(uuidArray([id, id])).toBe(`{${id},${id}}`);
    expect(() => uuidArray(['nope'])).toThrow('not a uuid');
    expect(intArray([1, -2])).toBe('{1,-2}');
    expect(() => intArray([1.5])).toThrow('not an integer');
  });
});
