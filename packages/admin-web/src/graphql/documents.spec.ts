// @vitest-environment node
/// <reference types="node" />
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { buildSchema, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';

// Every document the app sends, validated against the schema the API emits
// (packages/schema/schema.graphql), so that a renamed or missing field fails here and not in
// the browser.
const schemaPath = fileURLToPath(new URL('../../../schema/schema.graphql', import.meta.url));
const modules = import.meta.glob<Record<string, unknown>>('./*.documents.ts', { eager: true });

function isDocument(value: unknown): value is TypedDocumentNode<unknown, never> {
  return typeof value === 'object' && value !== null && (value as DocumentNode).kind === 'Document';
}

describe.skipIf(!existsSync(schemaPath))('GraphQL documents', () => {
  const schema = buildSchema(readFileSync(schemaPath, 'utf8'));
  const documents = Object.entries(modules).flatMap(([file, exports]) =>
    Object.entries(exports)
      .filter(([, value]) => isDocument(value))
      .map(([name, value]) => [`${file.replace('./', '')} ${name}`, value as DocumentNode] as const),
  );

  it('finds the documents', () => {
    expect(documents.length).toBeGreaterThan(40);
  });

  it.each(documents)('%s is valid against the emitted schema', (_name, document) => {
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  });
});
