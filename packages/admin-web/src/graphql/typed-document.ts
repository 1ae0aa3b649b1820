import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';

/** Parses a GraphQL document once and attaches its hand-written result and variable types. */
export function typedDocument<Result, Variables extends Record<string, unknown> = Record<string, never>>(
  source: string,
): TypedDocumentNode<Result, Variables> {
  return parse(source) as TypedDocumentNode<Result, Variables>;
}
