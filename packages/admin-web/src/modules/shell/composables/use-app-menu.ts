import {
  Aim,
  Bell,
  Connection,
  DataLine,
  House,
  Odometer,
  OfficeBuilding,
  Share,
  Upload,
  User,
} from '@element-plus/icons-vue';
import { storeToRefs } from 'pinia';
import { computed, markRaw, ref, type Component } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { Permissions } from '@xiaoyuan/domain';
import { signOutAndLeave } from '@/modules/session/composables/session-navigation';
import { useSessionStore } from '@/stores/session.store';

export interface MenuItem {
  name: string;
  labelKey: string;
  icon: Component;
  permission: keyof Permissions;
}

const MENU: MenuItem[] = [
  { name: 'districts', labelKey: 'menu.districts', icon: markRaw(OfficeBuilding), permission: 'viewDistricts' },
  { name: 'dashboard', labelKey: 'menu.dashboard', icon: markRaw(Odometer), permission: 'viewDashboard' },
  { name: 'alerts', labelKey: 'menu.alerts', icon: markRaw(Bell), permission: 'viewAlerts' },
  { name: 'hierarchy', labelKey: 'menu.hierarchy', icon: markRaw(Share), permission: 'viewHierarchy' },
  { name: 'courtyards', labelKey: 'menu.courtyards', icon: markRaw(House), permission: 'viewHierarchy' },
  { name: 'rollout', labelKey: 'menu.rollout', icon: markRaw(DataLine), permission: 'viewRollout' },
  { name: 'kpi-targets', labelKey: 'menu.kpiTargets', icon: markRaw(Aim), permission: 'viewKpiTargets' },
  { name: 'imports', labelKey: 'menu.imports', icon: markRaw(Upload), permission: 'importData' },
  { name: 'users', labelKey: 'menu.users', icon: markRaw(User), permission: 'manageUsers' },
  { name: 'open-platform', labelKey: 'menu.openPlatform', icon: markRaw(Connection), permission: 'manageApiClients' },
];

/** The side menu and the header's session controls (个人信息, sign-out); the menu follows the signed-in role. */
export function useAppMenu() {
  const session = useSessionStore();
  const { user, permissions } = storeToRefs(session);
  const route = useRoute();
  const router = useRouter();

  const items = computed(() => MENU.filter((item) => permissions.value[item.permission]));
  const activeName = computed(() => String(route.meta.menu ?? route.name ?? ''));

  function navigate(name: string): void {
    void router.push({ name });
  }

  const profileVisible = ref(false);

  return {
    user,
    items,
    activeName,
    navigate,
    profileVisible,
    openProfile: () => (profileVisible.value = true),
    signOut: () => signOutAndLeave(router),
  };
}
