import { ref } from 'vue';
import type { CourtyardType } from '@/graphql/generated/graphql';
import { showRequestError } from '@/utils/request-error-message';
import { loadCommunities, loadCourtyards, loadStreets } from './hierarchy-queries';

export type HierarchyKind = 'street' | 'community' | 'courtyard';

export interface HierarchyTreeNode {
  id: string;
  kind: HierarchyKind;
  name: string;
  code: string;
  /** Children count (communities of a street, courtyards of a community) or households of a courtyard. */
  count: number;
  leaf: boolean;
  streetId: string | null;
  communityId: string | null;
  type: CourtyardType | null;
}

/** Children of one tree node, fetched when it is first expanded. */
export async function loadTreeChildren(parent: HierarchyTreeNode | null): Promise<HierarchyTreeNode[]> {
  if (parent === null) {
    const streets = await loadStreets();
    return streets.map((street) => ({
      id: street.id,
      kind: 'street',
      name: street.name,
      code: street.code,
      count: street.communityCount,
      leaf: street.communityCount === 0,
      streetId: street.id,
      communityId: null,
      type: null,
    }));
  }
  if (parent.kind === 'street') {
    const communities = await loadCommunities(parent.id);
    return communities.map((community) => ({
      id: community.id,
      kind: 'community',
      name: community.name,
      code: community.code,
      count: community.courtyardCount,
      leaf: community.courtyardCount === 0,
      streetId: parent.id,
      communityId: community.id,
      type: null,
    }));
  }
  if (parent.kind === 'community') {
    const courtyards = await loadCourtyards(parent.id);
    return courtyards.map((courtyard) => ({
      id: courtyard.id,
      kind: 'courtyard',
      name: courtyard.name,
      code: courtyard.code,
      count: courtyard.householdCount,
      leaf: true,
      streetId: parent.streetId,
      communityId: parent.id,
      type: courtyard.type,
    }));
  }
  return [];
}

/**
 * State of the lazy tree. After a change the tree is re-mounted (`version` is its key) and
 * re-expands `expandedKeys`, so every open level is fetched again and shows the change.
 */
export function useHierarchyTree() {
  const version = ref(0);
  const expandedKeys = ref<string[]>([]);

  async function load(parent: HierarchyTreeNode | null, resolve: (children: HierarchyTreeNode[]) => void) {
    try {
      resolve(await loadTreeChildren(parent));
    } catch (error) {
      showRequestError(error);
      resolve([]);
    }
  }

  function onExpand(node: HierarchyTreeNode): void {
    if (!expandedKeys.value.includes(node.id)) expandedKeys.value = [...expandedKeys.value, node.id];
  }

  function onCollapse(node: HierarchyTreeNode): void {
    expandedKeys.value = expandedKeys.value.filter((key) => key !== node.id);
  }

  /** Reloads the tree, also opening the given nodes (e.g. the parent of what was just created). */
  function refresh(expand: (string | null | undefined)[] = []): void {
    const keys = new Set(expandedKeys.value);
    for (const key of expand) if (key) keys.add(key);
    expandedKeys.value = [...keys];
    version.value += 1;
  }

  return { version, expandedKeys, load, onExpand, onCollapse, refresh };
}
