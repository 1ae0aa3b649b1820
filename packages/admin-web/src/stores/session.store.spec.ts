import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUserFieldsFragment } from '@/graphql/generated/graphql';
import { GraphqlRequestError, setGraphqlExecutor } from '@/graphql/graphql-client';
import { fakeGraphql } from '@/test-support/fake-graphql';
import { TOKEN_EXPIRY_STORAGE_KEY, TOKEN_STORAGE_KEY, useSessionStore } from './session.store';

const admin: SessionUserFieldsFragment = {
  id: 'VXNlcjox',
  email: 'admin@example.test',
  displayName: '区管理员',
  role: 'DISTRICT_ADMIN',
  mustChangePassword: false,
  district: { id: 'RGlzdHJpY3Q6MQ==', name: '示范区', code: 'demo', timezone: 'Asia/Shanghai' },
  scope: null,
};

describe('session store', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });
  afterEach(() => setGraphqlExecutor(null));

  it('hydrates to signed out without asking the server when no token is stored', async () => {
    const { executor, calls } = fakeGraphql({});
    setGraphqlExecutor(executor);
    const session = useSessionStore();
    await session.hydrate();
    expect(session.hydrated).toBe(true);
    expect(session.isAuthenticated).toBe(false);
    expect(calls).toEqual([]);
  });

  it('logs in: keeps the token in localStorage and loads the user', async () => {
    const { executor, calls } = fakeGraphql({
      Login: () => ({
        login: {
          token: 'jwt-1',
          expiresAt: '2999-01-01T00:00:00.000Z',
          user: { id: admin.id, email: admin.email, displayName: admin.displayName, role: admin.role },
          userErrors: [],
        },
      }),
      Me: () => ({ me: admin }),
    });
    setGraphqlExecutor(executor);
    const session = useSessionStore();

    const errors = await session.login('admin@example.test', 'secret-password');

    expect(errors).toEqual([]);
    expect(calls.map((call) => call.operation)).toEqual(['Login', 'Me']);
    expect(calls[0]!.variables).toEqual({ email: 'admin@example.test', password: 'secret-password' });
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('jwt-1');
    expect(session.token).toBe('jwt-1');
    expect(session.user?.district?.name).toBe('示范区');
    expect(session.isAuthenticated).toBe(true);
    expect(session.permissions.createStreet).toBe(true);
  });

  it('returns the server userErrors of a failed login and stores nothing', async () => {
    const userErrors = [{ field: ['input', 'password'], message: '邮箱或密码错误', code: 'WRONG_CREDENTIALS' }];
    const { executor } = fakeGraphql({
      Login: () => ({ login: { token: null, expiresAt: null, user: null, userErrors } }),
    });
    setGraphqlExecutor(executor);
    const session = useSessionStore();

    expect(await session.login('admin@example.test', 'wrong')).toEqual(userErrors);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(session.isAuthenticated).toBe(false);
  });

  it('hydrates a stored token into the signed-in user', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'jwt-2');
    const { executor } = fakeGraphql({ Me: () => ({ me: { ...admin, role: 'VIEWER' } }) });
    setGraphqlExecutor(executor);
    const session = useSessionStore();
    await session.hydrate();
    expect(session.isAuthenticated).toBe(true);
    expect(session.role).toBe('VIEWER');
    expect(session.permissions.writeCourtyards).toBe(false);
  });

  it('dehydrates when the server rejects the stored token', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'stale');
    const { executor } = fakeGraphql({
      Me: () => {
        throw new GraphqlRequestError('Not signed in', 'UNAUTHENTICATED');
      },
    });
    setGraphqlExecutor(executor);
    const session = useSessionStore();
    await session.hydrate();
    expect(session.isAuthenticated).toBe(false);
    expect(session.token).toBeNull();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('keeps the token through a network failure', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'jwt-3');
    const { executor } = fakeGraphql({
      Me: () => {
        throw new GraphqlRequestError('Failed to fetch', 'NETWORK_ERROR');
      },
    });
    setGraphqlExecutor(executor);
    const session = useSessionStore();
    await session.hydrate();
    expect(session.isAuthenticated).toBe(false);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('jwt-3');
  });

  it('drops an expired token without asking the server', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'old');
    localStorage.setItem(TOKEN_EXPIRY_STORAGE_KEY, '2000-01-01T00:00:00.000Z');
    const { executor, calls } = fakeGraphql({});
    setGraphqlExecutor(executor);
    const session = useSessionStore();
    await session.hydrate();
    expect(calls).toEqual([]);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('marks the session as ended when the server refuses the stored token', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'revoked');
    const { executor } = fakeGraphql({
      Me: () => {
        if (session.token === 'revoked') throw new GraphqlRequestError('Not signed in', 'UNAUTHENTICATED');
        return { me: admin };
      },
      Login: () => ({ login: { token: 'jwt-5', expiresAt: null, user: admin, userErrors: [] } }),
    });
    setGraphqlExecutor(executor);
    const session = useSessionStore();
    await session.hydrate();
    expect(session.sessionEnded).toBe(true);
    // a fresh sign-in forgets why the last session ended
    await session.login('admin@example.test', 'secret-password');
    expect(session.sessionEnded).toBe(false);
  });

  it('logout revokes the token on the server first, then dehydrates the store and the storage', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'jwt-4');
    let tokenWhenSigningOut: string | null = null;
    const { executor, calls } = fakeGraphql({
      Me: () => ({ me: admin }),
      SignOut: () => {
        tokenWhenSigningOut = session.token;
        return { signOut: { signedOut: true } };
      },
    });
    setGraphqlExecutor(executor);
    const session = useSessionStore();
    await session.hydrate();
    expect(await session.logout()).toBe(true);
    expect(calls.map((call) => call.operation)).toEqual(['Me', 'SignOut']);
    expect(tokenWhenSigningOut).toBe('jwt-4');
    expect(session.user).toBeNull();
    expect(session.token).toBeNull();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(session.sessionEnded).toBe(false);
  });

  it('logout forgets the local session even when the server cannot be reached, and says so', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'jwt-6');
    const { executor } = fakeGraphql({
      Me: () => ({ me: admin }),
      SignOut: () => {
        throw new GraphqlRequestError('Failed to fetch', 'NETWORK_ERROR');
      },
    });
    setGraphqlExecutor(executor);
    const session = useSessionStore();
    await session.hydrate();
    expect(await session.logout()).toBe(false);
    expect(session.token).toBeNull();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('counts a token the server had ended already as signed out', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'jwt-7');
    const { executor } = fakeGraphql({
      Me: () => ({ me: admin }),
      SignOut: () => {
        throw new GraphqlRequestError('Not signed in', 'UNAUTHENTICATED');
      },
    });
    setGraphqlExecutor(executor);
    const session = useSessionStore();
    await session.hydrate();
    expect(await session.logout()).toBe(true);
    expect(session.isAuthenticated).toBe(false);
  });

  it('changes a one-time password: keeps the new token and leaves the forced change', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'one-time-session');
    const { executor, calls } = fakeGraphql({
      Me: () => ({ me: { ...admin, mustChangePassword: true } }),
      ChangePassword: () => ({
        changePassword: { token: 'jwt-8', expiresAt: '2999-01-01T00:00:00.000Z', user: admin, userErrors: [] },
      }),
    });
    setGraphqlExecutor(executor);
    const session = useSessionStore();
    await session.hydrate();
    expect(session.mustChangePassword).toBe(true);

    expect(await session.changePassword('abcd-efgh-jkmn', 'a-long-new-secret')).toEqual([]);
    expect(calls[1]!.variables).toEqual({
      input: { currentPassword: 'abcd-efgh-jkmn', newPassword: 'a-long-new-secret' },
    });
    expect(session.token).toBe('jwt-8');
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('jwt-8');
    expect(localStorage.getItem(TOKEN_EXPIRY_STORAGE_KEY)).toBe('2999-01-01T00:00:00.000Z');
    expect(session.mustChangePassword).toBe(false);
  });

  it("returns changePassword's userErrors and keeps the session as it was", async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'jwt-9');
    const userErrors = [{ field: ['input', 'newPassword'], message: '该密码过于常见', code: 'INVALID' }];
    const { executor } = fakeGraphql({
      Me: () => ({ me: admin }),
      ChangePassword: () => ({ changePassword: { token: null, expiresAt: null, user: null, userErrors } }),
    });
    setGraphqlExecutor(executor);
    const session = useSessionStore();
    await session.hydrate();
    expect(await session.changePassword('current-password', 'password123')).toEqual(userErrors);
    expect(session.token).toBe('jwt-9');
  });

  it('notes a refusal for want of a new password (PASSWORD_CHANGE_REQUIRED)', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'jwt-10');
    const { executor } = fakeGraphql({ Me: () => ({ me: admin }) });
    setGraphqlExecutor(executor);
    const session = useSessionStore();
    await session.hydrate();
    session.requirePasswordChange();
    expect(session.mustChangePassword).toBe(true);
  });
});
