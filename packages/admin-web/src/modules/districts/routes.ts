import type { RouteRecordRaw } from 'vue-router';

export const districtRoutes: RouteRecordRaw[] = [
  {
    path: 'districts',
    name: 'districts',
    component: () => import('./routes/district-list-page.vue'),
    meta: { permission: 'viewDistricts' },
  },
];
