import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { OperationDefinitionNode } from 'graphql';
import { vi } from 'vitest';
import type { GraphqlExecutor } from '@/graphql/graphql-client';

type Handler = (variables: Record<string, unknown>) => unknown;

export function operationName(document: TypedDocumentNode<unknown, never>): string {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
  );
  return operation?.name?.value ?? '';
}

/** A GraphQL executor answering by operation name; throws for operations without a handler. */
export function fakeGraphql(handlers: Record<string, Handler>) {
  const calls: { operation: string; variables: Record<string, unknown> }[] = [];
  async function run(document: TypedDocumentNode<unknown, never>, variables: unknown) {
    const operation = operationName(document);
    calls.push({ operation, variables: variables as Record<string, unknown> });
    const handler = handlers[operation];
    if (!handler) throw new Error(`No fake handler for ${operation}`);
    return handler(variables as Record<string, unknown>);
  }
  const executor = {
    query: vi.fn(run),
    mutate: vi.fn(run),
  } as unknown as GraphqlExecutor;
  return { executor, calls };
}
