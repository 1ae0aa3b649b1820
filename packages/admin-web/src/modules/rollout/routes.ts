import type { RouteRecordRaw } from 'vue-router';

export const rolloutRoutes: RouteRecordRaw[] = [
  {
    path: 'rollout',
    name: 'rollout',
    component: () => import('./routes/rollout-board-page.vue'),
    meta: { permission: 'viewRollout' },
  },
];
