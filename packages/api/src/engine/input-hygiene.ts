import { badCharacter, type BadCharacter } from '@xiaoyuan/schema';
import { GraphQLError, Kind, visit, type ASTNode, type DocumentNode } from 'graphql';

// The rule (NUL, control characters but tab and line ends, lone surrogates) is @xiaoyuan/domain's.

const DESCRIPTIONS: Record<BadCharacter, string> = {
  NUL: 'a NUL character (\\u0000)',
  CONTROL_CHARACTER: 'a control character (only tab, line feed and carriage return are allowed)',
  LONE_SURROGATE: 'a lone UTF-16 surrogate (not Unicode text)',
};

/** BAD_USER_INPUT, HTTP 400, naming where the text was (`field`: e.g. `$input.email`, `login.input.email`). */
export function badTextError(what: string, field: string, problem: BadCharacter): GraphQLError {
  return new GraphQLError(`${what} ${field} contains ${DESCRIPTIONS[problem]}`, {
    extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } },
  });
}

/** The first bad text in a JSON value (object keys included), with its path, e.g. `$input.households[3].name`. */
export function findBadText(value: unknown, path: string): { path: string; problem: BadCharacter } | null {
  if (typeof value === 'string') {
    const problem = badCharacter(value);
    return problem ? { path, problem } : null;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findBadText(value[index], `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = badCharacter(key);
      if (keyProblem) return { path: `${path} (a key)`, problem: keyProblem };
      const found = findBadText(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** The first bad string literal of a document, named by its arguments and input fields (`login.input.email`). */
function findBadLiteral(document: DocumentNode): { path: string; problem: BadCharacter } | null {
  let found: { path: string; problem: BadCharacter } | null = null;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      const problem = badCharacter(node.value);
      if (!problem || found) return;
      const names = ([...ancestors, parent] as readonly (ASTNode | readonly ASTNode[] | undefined)[])
        .filter((ancestor): ancestor is ASTNode => ancestor !== undefined && !Array.isArray(ancestor))
        .flatMap((ancestor) =>
          ancestor.kind === Kind.FIELD || ancestor.kind === Kind.ARGUMENT || ancestor.kind === Kind.OBJECT_FIELD
            ? [ancestor.name.value]
            : [],
        );
      found = { path: names.join('.') || 'a string literal', problem };
    },
  });
  return found;
}

/**
 * Refuses a GraphQL request whose variables or string literals hold bad text (see above): every
 * String, ID and custom scalar argument of every operation at once. Called by the transaction
 * plugin before it opens the transaction (Apollo runs plugins' `didResolveOperation` hooks
 * concurrently, so a hook of its own could not stop the transaction from opening).
 */
export function refuseBadText(document: DocumentNode, variables: Record<string, unknown> | undefined): void {
  const inVariables = findBadText(variables ?? {}, '$');
  if (inVariables) throw badTextError('The variable', inVariables.path.replace(/^\$\./, '$'), inVariables.problem);
  const inLiterals = findBadLiteral(document);
  if (inLiterals) throw badTextError('The argument', inLiterals.path, inLiterals.problem);
}
