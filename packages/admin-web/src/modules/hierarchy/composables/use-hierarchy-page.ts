import { storeToRefs } from 'pinia';
import { reactive } from 'vue';
import { useRouter } from 'vue-router';
import { useSessionStore } from '@/stores/session.store';
import type { CommunityFormValues } from './use-community-form';
import type { CourtyardFormValues } from './use-courtyard-form';
import { useHierarchyTree, type HierarchyTreeNode } from './use-hierarchy-tree';
import type { StreetFormValues } from './use-street-form';

interface DialogState<Values> {
  visible: boolean;
  initial: Values | null;
}

/** The hierarchy page: the tree and the create/edit dialogs opened from it. */
export function useHierarchyPage() {
  const router = useRouter();
  const { permissions } = storeToRefs(useSessionStore());
  const tree = useHierarchyTree();

  const streetDialog = reactive<DialogState<StreetFormValues>>({ visible: false, initial: null });
  const communityDialog = reactive<DialogState<CommunityFormValues>>({ visible: false, initial: null });
  const courtyardDialog = reactive<DialogState<CourtyardFormValues>>({ visible: false, initial: null });

  function openStreet(node?: HierarchyTreeNode): void {
    streetDialog.initial = node ? { id: node.id, name: node.name, code: node.code } : null;
    streetDialog.visible = true;
  }

  function openCommunity(options: { street?: HierarchyTreeNode; edit?: HierarchyTreeNode } = {}): void {
    const { street, edit } = options;
    communityDialog.initial = edit
      ? { id: edit.id, streetId: edit.streetId, name: edit.name, code: edit.code }
      : { streetId: street?.id ?? null };
    communityDialog.visible = true;
  }

  function openCourtyard(options: { community?: HierarchyTreeNode; edit?: HierarchyTreeNode } = {}): void {
    const { community, edit } = options;
    courtyardDialog.initial = edit
      ? {
          id: edit.id,
          streetId: edit.streetId,
          communityId: edit.communityId,
          name: edit.name,
          code: edit.code,
          type: edit.type,
          householdCount: edit.count,
        }
      : { streetId: community?.streetId ?? null, communityId: community?.id ?? null };
    courtyardDialog.visible = true;
  }

  function onStreetSaved(): void {
    tree.refresh();
  }

  function onCommunitySaved(community: { street: { id: string } }): void {
    tree.refresh([community.street.id]);
  }

  function onCourtyardSaved(courtyard: { community: { id: string } }, streetId: string): void {
    tree.refresh([streetId, courtyard.community.id]);
  }

  function viewCourtyard(node: HierarchyTreeNode): void {
    void router.push({ name: 'courtyard-detail', params: { id: node.id } });
  }

  return {
    permissions,
    tree,
    streetDialog,
    communityDialog,
    courtyardDialog,
    openStreet,
    openCommunity,
    openCourtyard,
    onStreetSaved,
    onCommunitySaved,
    onCourtyardSaved,
    viewCourtyard,
  };
}
