// @vitest-environment node
/// <reference types="node" />
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';

// Every document the app sends, validated against the schema the API emits
// (packages/schema/schema.graphql), so that a renamed or missing field fails here and not in
// the browser. (`npm run typecheck` regenerates the types from the same file first.) Fragment-only
// documents are not sent on their own: they are checked inside the operations that use them.
const schemaPath = fileURLToPath(new URL('../../../schema/schema.graphql', import.meta.url));
const modules = import.meta.glob<Record<string, unknown>>('./*.documents.ts', { eager: true });

function isOperation(value: unknown): value is DocumentNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as DocumentNode).kind === 'Document' &&
    (value as DocumentNode).definitions.some((definition) => definition.kind === 'OperationDefinition')
  );
}

describe.skipIf(!existsSync(schemaPath))('GraphQL documents', () => {
  const schema = buildSchema(readFileSync(schemaPath, 'utf8'));
  const documents = Object.entries(modules).flatMap(([file, exports]) =>
    Object.entries(exports)
      .filter(([, value]) => isOperation(value))
      .map(([name, value]) => [`${file.replace('./', '')} ${name}`, value as DocumentNode] as const),
  );

  it('finds the documents', () => {
    expect(documents.length).toBeGreaterThan(40);
  });

  it.each(documents)('%s is valid against the emitted schema', (_name, document) => {
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  });
});
