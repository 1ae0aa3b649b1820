import type { RouteRecordRaw } from 'vue-router';

export const userRoutes: RouteRecordRaw[] = [
  {
    path: 'users',
    name: 'users',
    component: () => import('./routes/users-page.vue'),
    meta: { permission: 'manageUsers' },
  },
];
