import { createRouter, createWebHistory, type RouterHistory } from 'vue-router';
import type { Permissions } from '@xiaoyuan/domain';
import AppLayout from '@/modules/shell/components/app-layout.vue';
import { alertRoutes } from '@/modules/alerts/routes';
import { districtRoutes } from '@/modules/districts/routes';
import { hierarchyRoutes } from '@/modules/hierarchy/routes';
import { importRoutes } from '@/modules/imports/routes';
import { kpiRoutes } from '@/modules/kpi/routes';
import { partnerRoutes } from '@/modules/partners/routes';
import { rolloutRoutes } from '@/modules/rollout/routes';
import { sessionRoutes } from '@/modules/session/routes';
import { userRoutes } from '@/modules/users/routes';
import { homeRouteFor } from '@/stores/permissions';
import { useSessionStore } from '@/stores/session.store';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** The permission a role needs to open the page. */
    permission?: keyof Permissions;
    /** The side-menu entry to highlight when the page itself is not in the menu. */
    menu?: string;
  }
}

export function createAppRouter(history: RouterHistory = createWebHistory()) {
  const router = createRouter({
    history,
    routes: [
      ...sessionRoutes,
      {
        path: '/',
        component: AppLayout,
        children: [
          { path: '', name: 'home', redirect: () => ({ name: homeRouteFor(useSessionStore().role) }) },
          ...districtRoutes,
          ...kpiRoutes,
          ...alertRoutes,
          ...hierarchyRoutes,
          ...rolloutRoutes,
          ...importRoutes,
          ...userRoutes,
          ...partnerRoutes,
        ],
      },
      { path: '/:pathMatch(.*)*', redirect: '/' },
    ],
  });

  router.beforeEach(async (to) => {
    const session = useSessionStore();
    if (!session.hydrated) await session.hydrate();
    if (to.meta.public) return session.isAuthenticated ? { name: homeRouteFor(session.role) } : true;
    const redirect = to.fullPath === '/' ? {} : { redirect: to.fullPath };
    if (!session.isAuthenticated) return { name: 'sign-in', query: redirect };
    // a one-time password is changed before anything else; the page is only for that
    if (session.mustChangePassword)
      return to.name === 'change-password' ? true : { name: 'change-password', query: redirect };
    if (to.name === 'change-password') return { name: homeRouteFor(session.role) };
    const permission = to.meta.permission;
    if (permission && !session.permissions[permission]) return { name: homeRouteFor(session.role) };
    return true;
  });

  return router;
}
