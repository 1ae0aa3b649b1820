import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@xiaoyuan/schema';
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

/** Nested selection sets an operation may have; the contract's DistrictTree has 10. */
export const MAX_DEPTH = 12;
/**
 * Objects a query may ask for at most, counting each connection's `first` (default 20) as a
 * multiplier of what is below it: DistrictTree with `first: 100` at every level is about 2·10⁶.
 */
export const MAX_COST = 3_000_000;

type Fragments = Record<string, FragmentDefinitionNode>;

/**
 * A query over a limit: BAD_USER_INPUT with HTTP 400, like the depth limit's validation error.
 * `checkCost` runs before execution (the transaction plugin's `didResolveOperation`), where Apollo
 * would otherwise answer an error without an HTTP status as 500.
 */
function queryLimitError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

function selectionDepth(
  selectionSet: SelectionSetNode | undefined,
  fragments: Fragments,
  visited: Set<string>,
): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      deepest = Math.max(
        deepest,
        selection.selectionSet ? 1 + selectionDepth(selection.selectionSet, fragments, visited) : 0,
      );
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, fragments, visited));
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || visited.has(fragment.name.value)) continue; // unknown/cyclic: other rules report it
      visited.add(fragment.name.value);
      deepest = Math.max(deepest, selectionDepth(fragment.selectionSet, fragments, visited));
      visited.delete(fragment.name.value);
    }
  }
  return deepest;
}

/** A validation rule: operations nested deeper than `maxDepth` selection sets are refused. */
export function depthLimitRule(maxDepth = MAX_DEPTH) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments: Fragments = {};
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    return {
      OperationDefinition(operation) {
        const depth = 1 + selectionDepth(operation.selectionSet, fragments, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`The query is nested ${depth} levels deep; at most ${maxDepth} are allowed`, {
              nodes: [operation],
              // Apollo reports validation errors as GRAPHQL_VALIDATION_FAILED; formatError turns `limit` into BAD_USER_INPUT
              extensions: { code: 'BAD_USER_INPUT', limit: 'depth' },
            }),
          );
        }
      },
    };
  };
}

function argumentValue(value: ValueNode, variables: Record<string, unknown>): unknown {
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.NULL) return null;
  return undefined;
}

/**
 * Estimated cost of an operation with its variables: every object field costs its multiplier, and
 * a field taking `first` multiplies what lies below it by `first`. Also refuses `first` outside
 * 0–100 before anything runs. Runs where the variables are known (the transaction plugin).
 */
export function checkCost(
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  variables: Record<string, unknown>,
  maxCost = MAX_COST,
): void {
  if (!operation) return;
  const fragments: Fragments = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const cost = (selectionSet: SelectionSetNode, multiplier: number, visited: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += cost(selection.selectionSet, multiplier, visited);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (!fragment || visited.has(fragment.name.value)) continue;
        visited.add(fragment.name.value);
        total += cost(fragment.selectionSet, multiplier, visited);
        visited.delete(fragment.name.value);
      } else if (selection.selectionSet) {
        const firstArgument = selection.arguments?.find((argument) => argument.name.value === 'first');
        let factor = 1;
        if (firstArgument) {
          const first = argumentValue(firstArgument.value, variables) ?? DEFAULT_PAGE_SIZE;
          if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
            throw queryLimitError(`"first" must be between 0 and ${MAX_PAGE_SIZE}, got ${JSON.stringify(first)}`);
          }
          factor = first;
        } else if (
          selection.selectionSet.selections.some((child) => child.kind === Kind.FIELD && child.name.value === 'edges')
        ) {
          factor = DEFAULT_PAGE_SIZE;
        }
        total += multiplier + cost(selection.selectionSet, multiplier * factor, visited);
      }
    }
    return total;
  };
  const total = cost(operation.selectionSet, 1, new Set());
  if (total > maxCost) {
    throw queryLimitError(
      `The query may ask for about ${total} objects; at most ${maxCost} are allowed: ask for smaller pages`,
    );
  }
}
