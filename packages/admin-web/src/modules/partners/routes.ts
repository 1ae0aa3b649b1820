import type { RouteRecordRaw } from 'vue-router';

export const partnerRoutes: RouteRecordRaw[] = [
  {
    path: 'open-platform',
    name: 'open-platform',
    component: () => import('./routes/open-platform-page.vue'),
    meta: { permission: 'manageApiClients' },
  },
];
