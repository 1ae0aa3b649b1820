// PostgreSQL array literals passed as ONE bound parameter (`= any(?::uuid[])`,
// `unnest(?::text[])`): knex expands a JavaScript array in raw bindings into a list of parameters,
// which those expressions cannot take. The API and the worker build every such parameter here.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A text array literal, `{"a","b\"c",NULL}`: every element quoted and escaped, null and undefined
 * as NULL. Also for numeric and date arrays: PostgreSQL casts the quoted elements.
 */
export function textArray(values: readonly unknown[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) literal += ',';
    const value = values[i];
    literal += value === null || value === undefined ? 'NULL' : `"${String(value).replace(/[\\"]/g, '\\$&')}"`;
  }
  return literal + '}';
}

/** A uuid[] literal; throws on anything that is not a uuid. */
export function uuidArray(ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return `{${ids.join(',')}}`;
}

/** An int[] literal; throws on anything that is not an integer. */
export function intArray(values: readonly number[]): string {
  for (const value of values) if (!Number.isInteger(value)) throw new Error(`not an integer: ${value}`);
  return `{${values.join(',')}}`;
}
