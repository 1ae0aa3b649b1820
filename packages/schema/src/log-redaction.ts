/**
 * What the API's and the worker's logs may say about a failure: never a SQL statement's values
 * (households' names and phones, emails, password hashes, tokens), only the statement's text. Both
 * loggers pass every message through `redactLogText` and every error through `describeError`.
 */

// A SQL string literal ('…', '' inside; E'…' with backslash escapes) and a number not part of a name.
const SQL_STRING = /\b[Ee]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'/g;
const SQL_NUMBER = /(?<![\w$."'])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w"'])/gi;

const SECRETS: [RegExp, string][] = [
  // session tokens (JWT) and partner API keys
  [/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, '[token]'],
  [/\bxyk_[\w-]+/g, '[api key]'],
  [/\bBearer\s+(?!\[token\])[^\s,;]+/gi, 'Bearer [token]'],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[email]'],
  // mainland mobile numbers, with or without +86
  [/(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d{9}(?!\d)/g, '[phone]'],
  [/\b(password|passwd|secret|token)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;]+)/gi, '$1$2[redacted]'],
  // argon2 hashes and PostgreSQL URLs' passwords
  [/\$argon2\w*\$[^\s'",;]+/g, '[password hash]'],
  [/(\w+:\/\/[^:/@\s]+:)[^@\s]+@/g, '$1***@'],
];

/** A SQL statement's text with its literal values replaced by `?`. */
export function redactSql(sql: string): string {
  return sql.replace(SQL_STRING, '?').replace(SQL_NUMBER, '?');
}

/** A log line without emails, phone numbers, tokens, API keys, passwords or connection passwords. */
export function redactLogText(text: string): string {
  return SECRETS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

interface DatabaseErrorFields {
  code?: unknown;
  table?: unknown;
  constraint?: unknown;
  column?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * An error as one log entry: its name, message and stack frames, redacted. A database error
 * (MikroORM's DriverException or pg's, both carrying a SQLSTATE `code`) has the message
 * `<statement with its values> - <PostgreSQL's message>`: it is logged as PostgreSQL's message
 * (a quoted value at its end, e.g. `invalid input syntax for type uuid: "…"`, removed), its code,
 * table, constraint and column, and the statement without its values; pg's `detail` (which names
 * the values of a violated key) and the bound parameters are left out.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return redactLogText(String(error));
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
  const fields = error as Error & DatabaseErrorFields;
  let text: string;
  if (typeof fields.code === 'string' && SQLSTATE.test(fields.code)) {
    // `<statement> - <message>`, then MikroORM's `\n - detail: …` (and hint, where…) lines
    const message = error.message.split(/\n - \w+: /)[0];
    const split = message.lastIndexOf(' - ');
    const statement = split >= 0 ? message.slice(0, split) : null;
    const databaseMessage = (split >= 0 ? message.slice(split + 3) : message).replace(
      /:\s*(".*"|'.*'|\S+)\s*$/s,
      ': [value]',
    );
    const where = (['table', 'constraint', 'column'] as const)
      .filter((name) => typeof fields[name] === 'string')
      .map((name) => `${name} ${fields[name] as string}`);
    text =
      `${error.name}: ${databaseMessage} (SQLSTATE ${fields.code}${where.length ? `, ${where.join(', ')}` : ''})` +
      (statement ? `\n  statement: ${redactSql(statement)}` : '');
  } else {
    text = `${error.name}: ${error.message}`;
  }
  const cause = (error as { cause?: unknown }).cause;
  return redactLogText(
    [text, frames, cause === undefined ? '' : `caused by ${describeError(cause)}`].filter(Boolean).join('\n'),
  );
}
