import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository's root (from `packages/api/dist/bench-build`). */
export const ROOT = resolve(__dirname, '../../../..');
/** The admin app's GraphQL documents. */
export const ADMIN_DOCUMENTS = join(ROOT, 'packages/admin-web/src/graphql');

/**
 * An operation of the admin app's documents with the fragments it spreads, as the app sends it:
 * every `graphql(/* GraphQL *\/ `…`)` block of the files (names in ADMIN_DOCUMENTS), fragments
 * added recursively, so the benches follow the app.
 */
export function adminOperation(operation: string, files: string[]): string {
  const blocks = files.flatMap((file) =>
    [...readFileSync(join(ADMIN_DOCUMENTS, file), 'utf8').matchAll(/graphql\(\/\* GraphQL \*\/ `([^`]*)`\)/g)].map(
      (match) => match[1].trim(),
    ),
  );
  const fragments = new Map(
    blocks.flatMap((block) => {
      const name = /^fragment (\w+)/.exec(block)?.[1];
      return name ? [[name, block] as const] : [];
    }),
  );
  const main = blocks.find((block) => new RegExp(`^query ${operation}\\b`).test(block));
  if (!main) throw new Error(`no query ${operation} in ${files.join(', ')} of ${ADMIN_DOCUMENTS}`);
  const included = new Set<string>();
  const pending = [main];
  while (pending.length) {
    for (const [, name] of pending.pop()!.matchAll(/\.\.\.(\w+)/g)) {
      if (included.has(name)) continue;
      if (!fragments.has(name)) throw new Error(`fragment ${name} of ${operation} is not in ${files.join(', ')}`);
      included.add(name);
      pending.push(fragments.get(name)!);
    }
  }
  return [main, ...[...included].map((name) => fragments.get(name)!)].join('\n');
}
