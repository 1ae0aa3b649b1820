import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '@/graphql/generated/graphql';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { openRouteAs } from '@/test-support/open-route';

const openAs = async (role: Role) => String((await openRouteAs('/users', role)).name);

// 用户管理 is the district admin's and the street officers' (permission manageUsers).
describe('the users route', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    setGraphqlExecutor(null);
    localStorage.clear();
  });

  it.each(['DISTRICT_ADMIN', 'STREET_OFFICER'] as const)('opens for %s', async (role) => {
    expect(await openAs(role)).toBe('users');
  });

  it.each(['COMMUNITY_WORKER', 'COURTYARD_COMMITTEE', 'VIEWER'] as const)('sends %s to its home page', async (role) => {
    expect(await openAs(role)).toBe('dashboard');
  });
});
