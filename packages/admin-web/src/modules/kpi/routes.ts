import type { RouteRecordRaw } from 'vue-router';

export const kpiRoutes: RouteRecordRaw[] = [
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('./routes/dashboard-page.vue'),
    meta: { permission: 'viewDashboard' },
  },
  {
    path: 'kpi-targets',
    name: 'kpi-targets',
    component: () => import('./routes/kpi-targets-page.vue'),
    meta: { permission: 'viewKpiTargets' },
  },
];
