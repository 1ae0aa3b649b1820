import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isCalendarDate } from '@xiaoyuan/domain';

// The scalars of the partner contract (shared/contract/README.md), shared by every module that
// declares fields with them. Malformed input is a GraphQL error (BAD_USER_INPUT when it comes in
// variables); a value that is well formed but out of range is the service's INVALID userError.

/** True for a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isLocalDate(value: unknown): value is string {
  return typeof value === 'string' && isCalendarDate(value);
}

function stringLiteral(ast: ValueNode, scalar: string): string {
  if (ast.kind !== Kind.STRING) throw new GraphQLError(`${scalar} must be a string`, { nodes: ast });
  return ast.value;
}

/** A local calendar date `YYYY-MM-DD`, kept as that string in JavaScript (never a `Date`). */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A local calendar date, "2026-10-31".',
  serialize(value) {
    if (isLocalDate(value)) return value;
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
    throw new GraphQLError(`Date cannot represent ${JSON.stringify(value)}`);
  },
  parseValue(value) {
    if (!isLocalDate(value))
      throw new GraphQLError(`Date must be a calendar date "YYYY-MM-DD", got ${JSON.stringify(value)}`);
    return value;
  },
  parseLiteral(ast) {
    const value = stringLiteral(ast, 'Date');
    if (!isLocalDate(value))
      throw new GraphQLError(`Date must be a calendar date "YYYY-MM-DD", got "${value}"`, { nodes: ast });
    return value;
  },
});

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError(`DateTime must be an ISO 8601 instant with a time zone, got ${JSON.stringify(value)}`);
  }
  return new Date(value);
}

/** An ISO 8601 instant; a JavaScript `Date` inside, `2026-10-31T08:00:00.000Z` outside. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO 8601 instant, "2026-10-31T08:00:00.000Z".',
  serialize(value) {
    const date =
      value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime()))
      throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
    return date.toISOString();
  },
  parseValue: parseInstant,
  parseLiteral(ast) {
    try {
      return parseInstant(stringLiteral(ast, 'DateTime'));
    } catch (error) {
      throw new GraphQLError((error as Error).message, { nodes: ast });
    }
  },
});

const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;

/** `2026-10` (month), `2026-Q4` (quarter) or `2026` (year), kept as that string. */
export const PeriodScalar = new GraphQLScalarType<string, string>({
  name: 'Period',
  description: 'A reporting period: "2026-10" (month), "2026-Q4" (quarter) or "2026" (year).',
  serialize(value) {
    if (typeof value === 'string' && PERIOD.test(value)) return value;
    throw new GraphQLError(`Period cannot represent ${JSON.stringify(value)}`);
  },
  parseValue(value) {
    if (typeof value !== 'string' || !PERIOD.test(value)) {
      throw new GraphQLError(`Period must be "YYYY-MM", "YYYY-Qn" or "YYYY", got ${JSON.stringify(value)}`);
    }
    return value;
  },
  parseLiteral(ast) {
    const value = stringLiteral(ast, 'Period');
    if (!PERIOD.test(value))
      throw new GraphQLError(`Period must be "YYYY-MM", "YYYY-Qn" or "YYYY", got "${value}"`, { nodes: ast });
    return value;
  },
});

const DECIMAL = /^-?\d{1,15}(\.\d+)?$/;

/**
 * Money in CNY. Outside: an exact decimal string with two decimals, "3000.00". Inside, output
 * values are integer fen (number, bigint or integer string, as stored in `bigint` columns); input
 * values stay the decimal string the caller sent (checked to be a decimal number), so a service can
 * answer "more than two decimals" with an INVALID userError: convert with `moneyToFen`.
 */
export const MoneyScalar = new GraphQLScalarType<string, string>({
  name: 'Money',
  description: 'An exact decimal amount in CNY with two decimals, "3000.00".',
  serialize(value) {
    return fenToMoney(value as number | bigint | string);
  },
  parseValue(value) {
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    if (typeof text !== 'string' || !DECIMAL.test(text))
      throw new GraphQLError(`Money must be a decimal string like "3000.00", got ${JSON.stringify(value)}`);
    return text;
  },
  parseLiteral(ast) {
    const text = ast.kind === Kind.INT || ast.kind === Kind.FLOAT || ast.kind === Kind.STRING ? ast.value : null;
    if (text === null || !DECIMAL.test(text))
      throw new GraphQLError('Money must be a decimal string like "3000.00"', { nodes: ast });
    return text;
  },
});

/** "3000.5" → 300050; null when the amount has more than two decimals. */
export function moneyToFen(value: string): number | null {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return null;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}

/** 300050 → "3000.50" (integer fen as number, bigint or string). */
export function fenToMoney(fen: number | bigint | string): string {
  let amount: bigint;
  try {
    amount = BigInt(fen);
  } catch {
    throw new GraphQLError(`Money cannot represent ${JSON.stringify(String(fen))}`);
  }
  const negative = amount < 0n;
  const absolute = negative ? -amount : amount;
  return `${negative ? '-' : ''}${absolute / 100n}.${(absolute % 100n).toString().padStart(2, '0')}`;
}
