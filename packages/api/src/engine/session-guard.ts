import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { RequestContext } from './context';
import { badUserInput, passwordChangeRequired } from './errors';

/** What a user signed in with a one-time password may still do until it is changed. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['changePassword', 'signOut', 'me', '__typename']);

/** The names of an operation's root fields, through inline fragments and fragment spreads. */
export function rootFieldNames(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  );
  const names: string[] = [];
  const seen = new Set<string>();
  const visit = (selections: SelectionSetNode) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return names;
}

/**
 * One `login` per request (issue 10: a request of 1,000 aliased logins tried 1,000 passwords):
 * refused before anything runs, whatever the aliases or fragments.
 */
export function checkOneLogin(document: DocumentNode, operation: OperationDefinitionNode): void {
  if (operation.operation !== 'mutation') return;
  const logins = rootFieldNames(document, operation).filter((name) => name === 'login').length;
  if (logins > 1) throw badUserInput(`One login per request: this one has ${logins}`);
}

/**
 * A user signed in with a one-time password may only change it, sign out and read `me`: anything
 * else is PASSWORD_CHANGE_REQUIRED until `changePassword` (checked once the caller is loaded).
 */
export function checkPasswordChange(
  context: RequestContext,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): void {
  const caller = context.caller;
  if (caller?.kind !== 'district' || !caller.mustChangePassword) return;
  if (rootFieldNames(document, operation).some((name) => !ALLOWED_BEFORE_PASSWORD_CHANGE.has(name)))
    throw passwordChangeRequired();
}
