import { ApolloArmor } from '@escape.tech/graphql-armor';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@xiaoyuan/schema';
import {
  GraphQLError,
  isLeafType,
  print,
  getNamedType,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** Nested selection sets an operation may have; the contract's DistrictTree has 10. */
export const MAX_DEPTH = 12;
/**
 * Objects a query may ask for at most, counting each connection's `first` (default 20) as a
 * multiplier of what is below it, and every alias on its own: DistrictTree with `first: 100` at
 * every level is about 2·10⁶.
 */
export const MAX_COST = 3_000_000;
/** Aliases in one operation, at every level (the admin app's KpiTrends has 10). */
export const MAX_ALIASES = 20;
/** Fields at the root of one operation, each its own resolver and statements. */
export const MAX_ROOT_FIELDS = 20;
export const MAX_DIRECTIVES = 50;
/** Lexical tokens of a document (graphql's own parser stops past them): the admin app's largest has about 600. */
export const MAX_TOKENS = 5000;

export type QueryLimit = 'aliases' | 'rootFields' | 'depth' | 'directives' | 'tokens' | 'cost' | 'pageSize';

/**
 * A query over a limit: BAD_USER_INPUT with HTTP 400 and `extensions.limit` naming the limit. From a
 * validation rule Apollo reports it as GRAPHQL_VALIDATION_FAILED; `formatError` turns an error with
 * `limit` back into BAD_USER_INPUT.
 */
export function queryLimitError(limit: QueryLimit, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', limit, http: { status: 400 } } });
}

const pageSizeMessage = (value: unknown) =>
  `"first" must be a whole number from 0 to ${MAX_PAGE_SIZE}, got ${typeof value === 'string' ? value : JSON.stringify(value)}`;

/** graphql-armor's rules report through our error, so that every limit answers alike. */
function reportAs(limit: QueryLimit, describe: (armorMessage: string) => string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(queryLimitError(limit, describe(error.message))),
    ],
  };
}
const found = (message: string) => /found (\d+)/.exec(message)?.[1] ?? '?';

/** Root fields of each operation (through fragments), `__typename` aside. */
export function rootFieldsRule(maxRootFields = MAX_ROOT_FIELDS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const count = (selectionSet: SelectionSetNode, visited: Set<string>): number => {
      let total = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value !== '__typename') total += 1;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          total += count(selection.selectionSet, visited);
        } else {
          const fragment = context.getFragment(selection.name.value);
          if (!fragment || visited.has(fragment.name.value)) continue; // unknown/cyclic: other rules report it
          visited.add(fragment.name.value);
          total += count(fragment.selectionSet, visited);
          visited.delete(fragment.name.value);
        }
      }
      return total;
    };
    return {
      OperationDefinition(operation) {
        const fields = count(operation.selectionSet, new Set());
        if (fields > maxRootFields) {
          context.reportError(
            queryLimitError(
              'rootFields',
              `The operation asks for ${fields} root fields; at most ${maxRootFields} are allowed: send several requests`,
            ),
          );
        }
      },
    };
  };
}

/**
 * A literal `first` outside 0–100 (a huge or fractional one included) is refused like one given
 * through a variable (`checkCost`), as BAD_USER_INPUT, before graphql's own "Int cannot represent".
 */
export function pageSizeLiteralRule(): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Argument(argument) {
      if (argument.name.value !== 'first') return;
      const { value } = argument;
      if (value.kind === Kind.VARIABLE || value.kind === Kind.NULL) return;
      const number = value.kind === Kind.INT ? Number(value.value) : NaN;
      if (!(Number.isSafeInteger(number) && number >= 0 && number <= MAX_PAGE_SIZE)) {
        context.reportError(queryLimitError('pageSize', pageSizeMessage(print(value))));
      }
    },
  });
}

/**
 * The validation rules of `/graphql`: graphql-armor's alias, depth and directive limits, the root
 * fields and the literal page size. (The token limit is graphql's parser option, `MAX_TOKENS`; the
 * cost needs the variables and is `checkCost`.)
 */
export function queryLimitRules(): ValidationRule[] {
  const armor = new ApolloArmor({
    maxAliases: {
      n: MAX_ALIASES,
      ...reportAs(
        'aliases',
        (message) => `The operation has ${found(message)} aliases; at most ${MAX_ALIASES} are allowed`,
      ),
    },
    maxDepth: {
      n: MAX_DEPTH,
      flattenFragments: true,
      ...reportAs(
        'depth',
        (message) => `The query is nested ${found(message)} levels deep; at most ${MAX_DEPTH} are allowed`,
      ),
    },
    maxDirectives: {
      n: MAX_DIRECTIVES,
      ...reportAs(
        'directives',
        (message) => `The operation has ${found(message)} directives; at most ${MAX_DIRECTIVES} are allowed`,
      ),
    },
    // counted with the variables by checkCost (armor's cost knows only literal `first`)
    costLimit: { enabled: false },
    // graphql's parser stops at MAX_TOKENS itself (ApolloServer's parseOptions)
    maxTokens: { enabled: false },
    // formatError strips every kind of suggestion (armor's mask misses enum values)
    blockFieldSuggestion: { enabled: false },
  });
  return [...armor.protect().validationRules, rootFieldsRule(), pageSizeLiteralRule()];
}

/**
 * graphql-query-complexity's estimator of objects: a field of an object type costs 1, a leaf 0; a
 * field taking `first` multiplies what lies below it by `first` (20 when not given) and refuses a
 * value outside 0–100. Each alias is a field of its own and is counted on its own.
 */
const objectsEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (isLeafType(getNamedType(field.type))) return 0;
  if (!field.args.some((argument) => argument.name === 'first')) return 1 + childComplexity;
  const first: unknown = args.first ?? DEFAULT_PAGE_SIZE;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw queryLimitError('pageSize', pageSizeMessage(first));
  }
  return 1 + first * childComplexity;
};

/**
 * The estimated cost of an operation with its variables (`objectsEstimator`); null when a variable or
 * argument does not fit its type (execution refuses it before any resolver runs). Throws a limit
 * error for a `first` outside 0–100 or a document of more fields than graphql-query-complexity walks.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number | null {
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [objectsEstimator] });
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.limit) throw error;
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      throw queryLimitError('cost', 'The query has too many fields: ask for less in one request');
    }
    return null;
  }
}

/**
 * Refuses an operation whose estimated cost with its variables is over `maxCost`, or a `first`
 * outside 0–100. Runs before execution, where the variables are known (the transaction plugin's
 * `didResolveOperation`, before the transaction begins).
 */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  maxCost = MAX_COST,
): void {
  const cost = queryCost(schema, document, operationName, variables);
  if (cost !== null && cost > maxCost) {
    throw queryLimitError(
      'cost',
      `The query may ask for about ${cost} objects; at most ${maxCost} are allowed: ask for smaller pages`,
    );
  }
}
