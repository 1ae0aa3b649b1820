import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Client, CombinedError, fetchExchange, type AnyVariables } from '@urql/vue';

/** A failure the user cannot fix from a form: network trouble or a GraphQL error. */
export class GraphqlRequestError extends Error {
  constructor(
    message: string,
    /** `extensions.code` of the first GraphQL error, e.g. UNAUTHENTICATED, FORBIDDEN. */
    readonly code: string | null,
    /** The rest of its extensions, e.g. `retryAfterSeconds` of RATE_LIMITED. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'GraphqlRequestError';
  }
}

/** What the stores and composables need from GraphQL; a fake implements it in tests. */
export interface GraphqlExecutor {
  query<Result, Variables extends AnyVariables>(
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables,
  ): Promise<Result>;
  mutate<Result, Variables extends AnyVariables>(
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables,
  ): Promise<Result>;
}

export interface GraphqlClientOptions {
  url?: string;
  getToken: () => string | null;
  getLocale: () => string;
  /** The token is no longer accepted (HTTP 401): signed out, disabled, or its role changed. */
  onUnauthenticated: () => void;
  /** The session signed in with a one-time password, which must be changed first. */
  onPasswordChangeRequired: () => void;
}

export function createUrqlClient(options: Pick<GraphqlClientOptions, 'url' | 'getToken' | 'getLocale'>): Client {
  return new Client({
    url: options.url ?? '/graphql',
    // Apollo's CSRF prevention refuses urql's default GET for queries.
    preferGetMethod: false,
    // No document cache: an admin app should always show what the server holds now.
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
    fetchOptions: () => {
      const headers: Record<string, string> = { 'Accept-Language': options.getLocale() };
      const token = options.getToken();
      if (token) headers.Authorization = `Bearer ${token}`;
      return { headers };
    },
  });
}

export function toRequestError(error: CombinedError): GraphqlRequestError {
  const first = error.graphQLErrors[0];
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : null;
    return new GraphqlRequestError(first.message, code, first.extensions ?? {});
  }
  return new GraphqlRequestError(error.networkError?.message ?? error.message, 'NETWORK_ERROR');
}

export function createGraphqlExecutor(
  client: Client,
  options: Pick<GraphqlClientOptions, 'onUnauthenticated' | 'onPasswordChangeRequired'>,
) {
  async function unwrap<Result>(promise: Promise<{ data?: Result; error?: CombinedError }>): Promise<Result> {
    const result = await promise;
    if (result.error) {
      const error = toRequestError(result.error);
      if (error.code === 'UNAUTHENTICATED') options.onUnauthenticated();
      if (error.code === 'PASSWORD_CHANGE_REQUIRED') options.onPasswordChangeRequired();
      throw error;
    }
    if (!result.data) throw new GraphqlRequestError('Empty response', null);
    return result.data;
  }
  const executor: GraphqlExecutor = {
    query: (document, variables) => unwrap(client.query(document, variables).toPromise()),
    mutate: (document, variables) => unwrap(client.mutation(document, variables).toPromise()),
  };
  return executor;
}

let activeExecutor: GraphqlExecutor | null = null;

export function setGraphqlExecutor(executor: GraphqlExecutor | null): void {
  activeExecutor = executor;
}

export function useGraphql(): GraphqlExecutor {
  if (!activeExecutor) throw new Error('GraphQL executor is not set up (setGraphqlExecutor)');
  return activeExecutor;
}
