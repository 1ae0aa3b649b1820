import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setGraphqlExecutor } from '@/graphql/graphql-client';
import { openRouteAs } from '@/test-support/open-route';

// A session of a one-time password may only change it (the API refuses the rest with
// PASSWORD_CHANGE_REQUIRED): the router leads there from every page, keeping the page asked for.
describe('the change of a one-time password', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    setGraphqlExecutor(null);
    localStorage.clear();
  });

  it('is where a one-time password leads, with the page asked for to come back to', async () => {
    const route = await openRouteAs('/alerts?level=RED', 'COMMUNITY_WORKER', { mustChangePassword: true });
    expect(route.name).toBe('change-password');
    expect(route.query.redirect).toBe('/alerts?level=RED');
  });

  it('stays open for a one-time password', async () => {
    expect((await openRouteAs('/change-password', 'COMMUNITY_WORKER', { mustChangePassword: true })).name).toBe(
      'change-password',
    );
  });

  it('sends a user without a one-time password to its home page (the profile changes passwords)', async () => {
    expect((await openRouteAs('/change-password', 'DISTRICT_ADMIN')).name).toBe('dashboard');
  });
});
