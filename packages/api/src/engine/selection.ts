import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the field being resolved asks for any of `names` among its own fields (directly, in
 * inline fragments or in named fragments), so a resolver can skip work nobody reads. A field under
 * `@skip`/`@include` counts as asked for: at worst the work is done for nothing.
 */
export function selectsAnyOf(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  const visited = new Set<string>();
  const search = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return names.includes(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return search(selection.selectionSet);
      const name = selection.name.value;
      if (visited.has(name)) return false;
      visited.add(name);
      return search(info.fragments[name]?.selectionSet);
    });
  return info.fieldNodes.some((node) => search(node.selectionSet));
}
