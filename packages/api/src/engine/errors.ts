import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { Field, ObjectType } from 'type-graphql';
import { translate, type Locale, type MessageKey } from './i18n';
import { QueueUnavailableError } from './queues';

/** Codes of userErrors (reference.graphql lists those partners rely on). */
export enum UserErrorCode {
  INVALID = 'INVALID',
  NOT_FOUND = 'NOT_FOUND',
  DUPLICATE = 'DUPLICATE',
  FORBIDDEN = 'FORBIDDEN',
  UNKNOWN_HOUSEHOLD = 'UNKNOWN_HOUSEHOLD',
  ALREADY_VOTED = 'ALREADY_VOTED',
  VOTING_CLOSED = 'VOTING_CLOSED',
  ALREADY_ENROLLED = 'ALREADY_ENROLLED',
  WRONG_CREDENTIALS = 'WRONG_CREDENTIALS',
  /** a service the mutation needs (the job queue) is down: nothing was stored, try again later */
  UNAVAILABLE = 'UNAVAILABLE',
}

/** A business rule the caller can fix, returned in the payload's `userErrors`. */
@ObjectType('UserError')
export class UserError {
  /** path into the input, e.g. ["input", "households", "3", "code"] */
  @Field(() => [String], { nullable: true })
  field!: string[] | null;

  @Field(() => String)
  message!: string;

  @Field(() => String)
  code!: string;
}

/** Collects userErrors of one mutation, with messages in the request's language. */
export class UserErrors {
  readonly list: UserError[] = [];

  constructor(private readonly locale: Locale) {}

  add(code: UserErrorCode, field: (string | number)[] | null, message: MessageKey, value?: string | number): this {
    this.list.push({ code, field: field ? field.map(String) : null, message: translate(this.locale, message, value) });
    return this;
  }

  get any(): boolean {
    return this.list.length > 0;
  }
}

/** Thrown inside a mutation's savepoint to undo its writes and answer with userErrors. */
export class UserErrorsThrown extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((error) => error.code).join(', '));
  }
}

export type GraphqlErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'SERVICE_UNAVAILABLE'
  | 'TIMEOUT'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'INTERNAL_SERVER_ERROR';

/** A GraphQL error with its code (HTTP status stays 200, as GraphQL clients expect). */
export function graphqlError(code: GraphqlErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export const unauthenticated = (message = 'Sign in first: send a valid token as "Authorization: Bearer <token>"') =>
  graphqlError('UNAUTHENTICATED', message);
/** An unknown, malformed or revoked API key: HTTP 401 (DOMAIN.md §10), not the 200 of other GraphQL errors. */
export const unauthenticatedApiKey = () =>
  new GraphQLError('The API key is not valid or has been revoked', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } },
  });
/**
 * A session token that no longer stands (its user is gone or disabled, or its token version is
 * stale: signed out, new password, role or unit changed): HTTP 401, like an unknown API key.
 */
export const sessionEnded = (message: string) =>
  new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } },
  });
/** Too many failed sign-ins (of the account, or from the address): HTTP 429 with `Retry-After`. */
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new GraphQLError(message, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
/** Signed in with a one-time password: only changePassword, signOut and me until it is changed. */
export const passwordChangeRequired = () =>
  graphqlError(
    'PASSWORD_CHANGE_REQUIRED',
    'This account signed in with a one-time password: change it first (changePassword)',
  );
export const forbidden = (message = 'Outside your role or scope') => graphqlError('FORBIDDEN', message);
export const badUserInput = (message: string) => graphqlError('BAD_USER_INPUT', message);

/** PostgreSQL error codes we turn into userErrors. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_CHECK_VIOLATION = '23514';
/** query_canceled: past `statement_timeout` (or cancelled by an operator) */
export const PG_QUERY_CANCELED = '57014';

export function postgresErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** A statement of the request ran past the request's `statement_timeout` (DB_STATEMENT_TIMEOUT_MS). */
export function isStatementTimeout(error: unknown): boolean {
  return postgresErrorCode(error) === PG_QUERY_CANCELED;
}

/** What a request whose statement timed out answers, with HTTP 503: retryable, or ask for less. */
export function statementTimeoutError(): GraphQLError {
  return new GraphQLError('The database did not answer in time: try again later, or ask for less (smaller pages)', {
    extensions: { code: 'TIMEOUT', http: { status: 503 } },
  });
}

/** Seconds a client is asked to wait (`Retry-After`) while PostgreSQL or Redis is unreachable. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * SERVICE_UNAVAILABLE with HTTP 503 and `Retry-After`: PostgreSQL or Redis cannot be reached, or
 * the pool found no connection in time. Nothing the caller sent is wrong: the same request later
 * will do.
 */
export const serviceUnavailable = (message = 'The service is temporarily unavailable: try again shortly') =>
  new GraphQLError(message, {
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      http: {
        status: 503,
        headers: new Map([['retry-after', String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS)]]),
      },
    },
  });

// connection-level failures of the network, PostgreSQL and the pools
const UNREACHABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);
// SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
const UNREACHABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNREACHABLE_NAMES = new Set(['ConnectionException', 'KnexTimeoutError', 'MaxRetriesPerRequestError']);
const UNREACHABLE_MESSAGES = [
  /^Connection terminated/, // pg: the server went away or the connect timed out
  /^Client has encountered a connection error and is not queryable/, // pg
  /^Knex: Timeout acquiring a connection/, // the pool waited in vain
  /^Connection is closed\.?$/, // ioredis
  /enableOfflineQueue options is false/, // ioredis without an offline queue
];

/**
 * True when `error` (or what it wraps: GraphQL's `originalError`, a `cause`) says PostgreSQL or
 * Redis is unreachable rather than that the request is wrong.
 */
export function isServiceUnavailableError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof QueueUnavailableError) return true;
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNREACHABLE_NETWORK_CODES.has(code) || UNREACHABLE_SQLSTATES.has(code)))
      return true;
    // SQLSTATE class 08: connection exception
    if (typeof code === 'string' && /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (typeof name === 'string' && UNREACHABLE_NAMES.has(name)) return true;
    if (typeof message === 'string' && UNREACHABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = (current as { originalError?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}

const KNOWN_CODES = new Set([
  'TIMEOUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'SERVICE_UNAVAILABLE',
  'RATE_LIMITED',
  'PASSWORD_CHANGE_REQUIRED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/** graphql's suggestions of fields, arguments, types and enum values, at the end of a message */
const SUGGESTION = / ?Did you mean [^\n]*\?$/;
const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables';

/**
 * Apollo's formatError: known codes pass through (without stack traces in production); anything
 * else is an unexpected failure, logged with its stack and masked for the caller.
 */
export function createFormatError(options: { production: boolean; log: (message: string, error: unknown) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (formatted.message.startsWith(TOO_MANY_VARIABLE_ERRORS)) {
      // graphql-js stops coercing variables after 50 errors (e.g. a list of many bad items) with an
      // error of its own, without a code (so Apollo's INTERNAL_SERVER_ERROR): the caller's input
      formatted = { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    }
    if (formatted.extensions?.code !== 'SERVICE_UNAVAILABLE' && isServiceUnavailableError(error)) {
      // retryable: the response's status becomes 503 with Retry-After (`serviceUnavailablePlugin`)
      options.log('[graphql] a service is unreachable', (error as { originalError?: unknown })?.originalError ?? error);
      formatted = {
        message: 'The service is temporarily unavailable: try again shortly',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    if (formatted.extensions?.limit) {
      // a query limit reported by validation: the caller must send a smaller query
      formatted = { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    } else if (
      formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' &&
      /Document contains more th(?:an|at) \d+ tokens/.test(formatted.message)
    ) {
      formatted = { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT', limit: 'tokens' } };
    } else if (isStatementTimeout((error as { originalError?: unknown })?.originalError)) {
      formatted = { ...formatted, message: statementTimeoutError().message, extensions: { code: 'TIMEOUT' } };
    }
    if (options.production && SUGGESTION.test(formatted.message)) {
      // no "Did you mean …" in production: it would tell the schema to someone without introspection
      formatted = { ...formatted, message: formatted.message.replace(SUGGESTION, '') };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && KNOWN_CODES.has(code)) {
      if (!options.production) return formatted;
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    options.log('[graphql] unexpected error', (error as { originalError?: unknown })?.originalError ?? error);
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
