import type { RouteRecordRaw } from 'vue-router';

export const sessionRoutes: RouteRecordRaw[] = [
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('./routes/sign-in-page.vue'),
    meta: { public: true },
  },
  {
    // signed in with a one-time password: the router allows nothing else until it is changed
    path: '/change-password',
    name: 'change-password',
    component: () => import('./routes/change-password-page.vue'),
  },
];
