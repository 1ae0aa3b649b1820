import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import type { Role } from '@/graphql/generated/graphql';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { createAppRouter } from '@/router/router';
import { TOKEN_STORAGE_KEY } from '@/stores/session.store';
import { fakeGraphql } from '@/test-support/fake-graphql';

async function openAs(role: Role): Promise<string> {
  localStorage.setItem(TOKEN_STORAGE_KEY, 'token');
  const { executor } = fakeGraphql({
    Me: () => ({ me: { id: 'U1', email: 'u@example.test', displayName: 'U', role, district: null, scope: null } }),
  });
  setGraphqlExecutor(executor);
  const router = createAppRouter(createMemoryHistory());
  await router.push('/open-platform?tab=webhooks');
  return String(router.currentRoute.value.name);
}

// 开放平台 is the district admin's (permission manageApiClients of the domain's role matrix).
describe('the open platform route', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    setGraphqlExecutor(null);
    localStorage.clear();
  });

  it('opens for the district admin', async () => {
    expect(await openAs('DISTRICT_ADMIN')).toBe('open-platform');
  });

  it.each(['STREET_OFFICER', 'COMMUNITY_WORKER', 'COURTYARD_COMMITTEE', 'VIEWER'] as const)(
    'sends %s to its home page',
    async (role) => {
      expect(await openAs(role)).toBe('dashboard');
    },
  );

  it('sends the platform operator to the districts', async () => {
    expect(await openAs('PLATFORM_ADMIN')).toBe('districts');
  });
});
