import type { RouteRecordRaw } from 'vue-router';

export const alertRoutes: RouteRecordRaw[] = [
  {
    path: 'alerts',
    name: 'alerts',
    component: () => import('./routes/alert-inbox-page.vue'),
    meta: { permission: 'viewAlerts' },
  },
];
