import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestContext } from './context';
import {
  isServiceUnavailableError,
  isStatementTimeout,
  SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
  serviceUnavailable,
  statementTimeoutError,
} from './errors';
import { refuseBadText } from './input-hygiene';
import { checkCost } from './query-limits';
import { checkOneLogin, checkPasswordChange } from './session-guard';

/**
 * One database transaction per GraphQL request, so that field resolvers (which run after the
 * mutation's resolver) see the same snapshot and the same tenant. Opened once the operation is
 * known (errors thrown here reach the client with their code, unlike in `requestDidStart`), scoped
 * to the tenant of the token, committed when the response is sent; rolled back when the request
 * produced no data. Then the request's `onTransactionEnd` callbacks run. Before it opens: bad text,
 * the query limits and one `login` per request. A statement past the statement timeout makes the
 * whole answer one retryable `TIMEOUT` (HTTP 503). While PostgreSQL or Redis is unreachable, a
 * request without data is answered HTTP 503 with `Retry-After` and the code SERVICE_UNAVAILABLE
 * (mapped by `formatError`), never INTERNAL_SERVER_ERROR.
 */
export function transactionPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: context, document, operation, request, schema }) {
          // bad text (NUL, control characters, lone surrogates) never reaches PostgreSQL
          refuseBadText(document, request.variables);
          checkCost(schema, document, operation?.name?.value, request.variables ?? {});
          if (operation) checkOneLogin(document, operation);
          try {
            await context.beginTransaction();
          } catch (error) {
            if (isServiceUnavailableError(error)) {
              context.services.log.warn(`[graphql] PostgreSQL is unreachable: ${(error as Error).message}`);
              throw serviceUnavailable();
            }
            throw error;
          }
          if (operation) checkPasswordChange(context, document, operation);
        },
        async didEncounterErrors({ contextValue: context, errors }) {
          if (errors.some((error) => isStatementTimeout(error.originalError))) context.statementTimedOut = true;
        },
        async willSendResponse({ contextValue: context, response }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : null;
          if (context.statementTimedOut && result) {
            // the transaction is aborted: no partial answer, one retryable error (HTTP 503)
            result.data = null;
            result.errors = [{ message: statementTimeoutError().message, extensions: { code: 'TIMEOUT' } }];
            response.http.status = 503;
          }
          if (context.transactionOpen) await endTransaction(context, result);
          if (result && (result.data === null || result.data === undefined) && unavailable(result.errors)) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS));
          }
        },
      };
    },
  };
}

const unavailable = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) =>
  !!errors?.some((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE');

async function endTransaction(
  context: RequestContext,
  result: { data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] } | null,
): Promise<void> {
  const failed = !result || (!!result.errors?.length && (result.data === null || result.data === undefined));
  try {
    // then e.g. release the jobs that read what this request wrote, now that it is visible
    await context.endTransaction(!failed);
  } catch (error) {
    context.services.log.error('[graphql] the transaction could not be ended', error);
    if (result) {
      result.data = null;
      result.errors = [
        isServiceUnavailableError(error)
          ? {
              message: 'The service is temporarily unavailable: try again shortly',
              extensions: { code: 'SERVICE_UNAVAILABLE' },
            }
          : { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ];
    }
  }
}
