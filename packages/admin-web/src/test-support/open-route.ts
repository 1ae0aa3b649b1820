import { createMemoryHistory, type RouteLocationNormalizedLoaded } from 'vue-router';
import type { Role, SessionUserFieldsFragment } from '@/graphql/generated/graphql';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { createAppRouter } from '@/router/router';
import { TOKEN_STORAGE_KEY } from '@/stores/session.store';
import { fakeGraphql } from './fake-graphql';

/**
 * Opens `path` in the app's router as a signed-in user of `role` (a stored token, `me` answered by
 * a fake), and returns where the router's guard lets it land. Needs an active Pinia.
 */
export async function openRouteAs(
  path: string,
  role: Role,
  me: Partial<SessionUserFieldsFragment> = {},
): Promise<RouteLocationNormalizedLoaded> {
  localStorage.setItem(TOKEN_STORAGE_KEY, 'token');
  const user = {
    id: 'U1',
    email: 'u@example.test',
    displayName: 'U',
    mustChangePassword: false,
    district: null,
    scope: null,
  };
  const { executor } = fakeGraphql({ Me: () => ({ me: { ...user, role, ...me } }) });
  setGraphqlExecutor(executor);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  return router.currentRoute.value;
}
