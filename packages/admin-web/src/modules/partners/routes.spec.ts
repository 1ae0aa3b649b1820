import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '@/graphql/generated/graphql';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { openRouteAs } from '@/test-support/open-route';

const openAs = async (role: Role) => String((await openRouteAs('/open-platform?tab=webhooks', role)).name);

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
