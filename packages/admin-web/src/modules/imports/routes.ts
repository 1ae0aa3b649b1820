import type { RouteRecordRaw } from 'vue-router';

export const importRoutes: RouteRecordRaw[] = [
  {
    path: 'imports',
    name: 'imports',
    component: () => import('./routes/import-page.vue'),
    meta: { permission: 'importData' },
  },
];
