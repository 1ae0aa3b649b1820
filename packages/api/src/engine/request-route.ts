import type { Request, RequestHandler } from 'express';
import type { GraphQLError } from 'graphql';
import { createRequestContext, type AppServices, type RequestContext } from './context';
import {
  isServiceUnavailableError,
  isStatementTimeout,
  passwordChangeRequired,
  SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
  statementTimeoutError,
} from './errors';
import { badTextError, findBadText } from './input-hygiene';

/** What a REST route answers: sent once its transaction has ended. */
export interface RouteAnswer {
  status: number;
  headers?: Record<string, string>;
  /** a file, or `{ error }` (sent as JSON) */
  body: Buffer | string | { error: string };
}

/**
 * A REST route (the file downloads) run like a GraphQL request: the same request context
 * (`createRequestContext`: token, caller, language, the district's clock) in one transaction
 * scoped to the caller's tenant, ended before the answer is sent. The handler refuses with the
 * same errors as a resolver: UNAUTHENTICATED is 401 with `WWW-Authenticate: Bearer`, FORBIDDEN is
 * 403, BAD_USER_INPUT is 400 (as is a query string or path with bad text: a NUL, a control
 * character, a lone surrogate), a statement past the statement timeout is 503, PostgreSQL or Redis
 * unreachable is 503 with `Retry-After`, each as `{ error: message }`; anything else is logged and
 * is a 500.
 */
export function contextRoute(
  services: AppServices,
  name: string,
  handler: (context: RequestContext, request: Request) => Promise<RouteAnswer>,
): RequestHandler {
  return async (request, response) => {
    const badText = findBadText({ ...request.params, ...request.query }, '');
    if (badText) {
      response
        .status(400)
        .json({ error: badTextError('The parameter', badText.path.slice(1), badText.problem).message });
      return;
    }
    const context = await createRequestContext(services, request);
    let answer: RouteAnswer;
    try {
      await context.beginTransaction();
      // a one-time password must be changed before anything else (issue 10)
      if (context.caller?.kind === 'district' && context.caller.mustChangePassword) throw passwordChangeRequired();
      answer = await handler(context, request);
      await context.endTransaction(true);
    } catch (error) {
      await context.endTransaction(false).catch(() => undefined);
      answer = refusal(error) ?? { status: 500, body: { error: 'Internal server error' } };
      if (answer.status === 500) services.log.error(`[${name}] failed`, error);
    }
    response.status(answer.status);
    if (answer.headers) response.set(answer.headers);
    if (Buffer.isBuffer(answer.body) || typeof answer.body === 'string') response.send(answer.body);
    else response.json(answer.body);
  };
}

function refusal(error: unknown): RouteAnswer | null {
  const code = (error as GraphQLError | null)?.extensions?.code;
  const body = { error: (error as Error).message };
  if (code === 'UNAUTHENTICATED') return { status: 401, headers: { 'WWW-Authenticate': 'Bearer' }, body };
  if (code === 'FORBIDDEN' || code === 'PASSWORD_CHANGE_REQUIRED') return { status: 403, body };
  if (code === 'TIMEOUT' || isStatementTimeout(error)) {
    return { status: 503, body: { error: statementTimeoutError().message } };
  }
  if (code === 'BAD_USER_INPUT') return { status: 400, body };
  if (code === 'SERVICE_UNAVAILABLE' || isServiceUnavailableError(error)) {
    return {
      status: 503,
      headers: { 'Retry-After': String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) },
      body: { error: 'The service is temporarily unavailable: try again shortly' },
    };
  }
  return null;
}
