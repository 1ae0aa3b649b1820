import type { PageInfoFieldsFragment } from './generated/graphql';

/** What every Relay connection the app reads selects: the generated connection types all fit it. */
export interface Connection<Node> {
  totalCount: number;
  pageInfo: PageInfoFieldsFragment;
  edges: { node: Node }[];
}

/** The member of a `node(id)` answer that has the given type. */
export type NodeOfType<Node, Typename extends string> = Extract<NonNullable<Node>, { __typename: Typename }>;

/** The object answering `node(id)` when it has the expected type, else null (unknown id, another type). */
export function nodeOfType<Node extends { __typename: string }, Typename extends Node['__typename']>(
  node: Node | null | undefined,
  typename: Typename,
): NodeOfType<Node, Typename> | null {
  return node?.__typename === typename ? (node as NodeOfType<Node, Typename>) : null;
}
