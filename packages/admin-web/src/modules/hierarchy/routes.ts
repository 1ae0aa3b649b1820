import type { RouteRecordRaw } from 'vue-router';

export const hierarchyRoutes: RouteRecordRaw[] = [
  {
    path: 'hierarchy',
    name: 'hierarchy',
    component: () => import('./routes/hierarchy-page.vue'),
    meta: { permission: 'viewHierarchy' },
  },
  {
    path: 'courtyards',
    name: 'courtyards',
    component: () => import('./routes/courtyard-list-page.vue'),
    meta: { permission: 'viewHierarchy' },
  },
  {
    path: 'courtyards/:id',
    name: 'courtyard-detail',
    component: () => import('./routes/courtyard-detail-page.vue'),
    meta: { permission: 'viewHierarchy', menu: 'courtyards' },
  },
];
