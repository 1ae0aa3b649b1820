import { createFormatError } from './errors';

describe('formatError', () => {
  it('masks unexpected errors and logs them', () => {
    const logged: unknown[] = [];
    const format = createFormatError({ production: true, log: (_message, error) => logged.push(error) });
    const secret = new Error('connection to 10.0.0.5 refused');
    const result = format(
      { message: secret.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } },
      { originalError: secret },
    );
    expect(result).toEqual({
      message: 'Internal server error',
      locations: undefined,
      path: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logged).toEqual([secret]);
  });

  it("reports graphql-js's abort after too many bad variable values as BAD_USER_INPUT", () => {
    const logged: unknown[] = [];
    const format = createFormatError({ production: true, log: (_message, error) => logged.push(error) });
    const message = 'Too many errors processing variables, error limit reached. Execution aborted.';
    expect(format({ message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, null)).toEqual({
      message,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(logged).toEqual([]);
  });

  it('keeps known codes, without stack traces in production', () => {
    const format = createFormatError({ production: true, log: () => undefined });
    expect(
      format({ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED', stacktrace: ['at x'] } }, null),
    ).toEqual({
      message: 'Sign in first',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(
      format({ message: 'too deep', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' } }, null)
        .extensions?.code,
    ).toBe('BAD_USER_INPUT');
  });
});
