import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { permissionsFor } from '@xiaoyuan/domain';
import type { SessionUserFieldsFragment, UserErrorFieldsFragment } from '@/graphql/generated/graphql';
import { GraphqlRequestError, useGraphql } from '@/graphql/graphql-client';
import { ChangePasswordDocument, LoginDocument, MeDocument, SignOutDocument } from '@/graphql/session.documents';

export const TOKEN_STORAGE_KEY = 'xiaoyuan.token';
export const TOKEN_EXPIRY_STORAGE_KEY = 'xiaoyuan.tokenExpiresAt';

function isExpired(expiresAt: string | null, now = Date.now()): boolean {
  if (!expiresAt) return false;
  const time = Date.parse(expiresAt);
  return Number.isFinite(time) && time <= now;
}

export const useSessionStore = defineStore('session', () => {
  const token = ref<string | null>(null);
  const expiresAt = ref<string | null>(null);
  const user = ref<SessionUserFieldsFragment | null>(null);
  const hydrated = ref(false);
  /** While `signOut` is on its way: a 401 it gets (a session that had ended already) is no news. */
  const signingOut = ref(false);
  /** The server refused the token (signed out elsewhere, disabled, a new role): the sign-in page says so. */
  const sessionEnded = ref(false);

  const isAuthenticated = computed(() => token.value !== null && user.value !== null);
  const role = computed(() => user.value?.role ?? null);
  const permissions = computed(() => permissionsFor(role.value));
  /** Signed in with a one-time password: the app offers only the change of password until it is made. */
  const mustChangePassword = computed(() => user.value?.mustChangePassword === true);

  function keepToken(newToken: string, newExpiresAt: string | null | undefined): void {
    localStorage.setItem(TOKEN_STORAGE_KEY, newToken);
    if (newExpiresAt) localStorage.setItem(TOKEN_EXPIRY_STORAGE_KEY, newExpiresAt);
    else localStorage.removeItem(TOKEN_EXPIRY_STORAGE_KEY);
    token.value = newToken;
    expiresAt.value = newExpiresAt ?? null;
  }

  /** Reads the stored token and loads the signed-in user; called on start-up and after login. */
  async function hydrate(): Promise<void> {
    token.value = localStorage.getItem(TOKEN_STORAGE_KEY);
    expiresAt.value = localStorage.getItem(TOKEN_EXPIRY_STORAGE_KEY);
    if (!token.value || isExpired(expiresAt.value)) {
      dehydrate();
      hydrated.value = true;
      return;
    }
    try {
      const { me } = await useGraphql().query(MeDocument, {});
      if (me) user.value = me;
      else dehydrate();
    } catch (error) {
      // A dead token ends the session; a network failure keeps it for the next attempt.
      if (error instanceof GraphqlRequestError && error.code === 'UNAUTHENTICATED') endSession();
      else user.value = null;
    } finally {
      hydrated.value = true;
    }
  }

  /** Forgets the session: on logout and when the server says the token is no longer valid. */
  function dehydrate(): void {
    token.value = null;
    expiresAt.value = null;
    user.value = null;
    localStorage.removeItem(TOKEN_STORAGE_KEY);
    localStorage.removeItem(TOKEN_EXPIRY_STORAGE_KEY);
  }

  /** The server no longer accepts the token (HTTP 401): forgets it, and remembers why for the sign-in page. */
  function endSession(): void {
    if (token.value !== null) sessionEnded.value = true;
    dehydrate();
  }

  /** Signs in; returns the server's userErrors (empty on success). */
  async function login(email: string, password: string): Promise<UserErrorFieldsFragment[]> {
    const { login: payload } = await useGraphql().mutate(LoginDocument, { email, password });
    if (payload.userErrors.length > 0) return payload.userErrors;
    if (!payload.token) return [{ field: null, message: 'No token', code: 'INVALID' }];
    keepToken(payload.token, payload.expiresAt);
    sessionEnded.value = false;
    await hydrate();
    if (!user.value && payload.user && token.value) user.value = { ...payload.user, district: null, scope: null };
    return [];
  }

  /**
   * The signed-in user's new password; returns the server's userErrors (empty on success). The
   * answer's token continues this session (the server ends the others) and clears a one-time
   * password's `mustChangePassword`.
   */
  async function changePassword(currentPassword: string, newPassword: string): Promise<UserErrorFieldsFragment[]> {
    const { changePassword: payload } = await useGraphql().mutate(ChangePasswordDocument, {
      input: { currentPassword, newPassword },
    });
    if (payload.userErrors.length > 0) return payload.userErrors;
    if (!payload.token) return [{ field: null, message: 'No token', code: 'INVALID' }];
    keepToken(payload.token, payload.expiresAt);
    if (payload.user) user.value = payload.user;
    return [];
  }

  /** The server refused an operation until the one-time password is changed (PASSWORD_CHANGE_REQUIRED). */
  function requirePasswordChange(): void {
    if (user.value) user.value = { ...user.value, mustChangePassword: true };
  }

  /**
   * Signs out: the server ends the user's sessions first (`signOut` revokes every token of the
   * user), then the local session is forgotten whatever the answer. Resolves to whether the server
   * confirmed it (a token it had ended already counts); false when it could not be reached.
   */
  async function logout(): Promise<boolean> {
    let revoked = true;
    if (token.value) {
      signingOut.value = true;
      try {
        await useGraphql().mutate(SignOutDocument, {});
      } catch (error) {
        revoked = error instanceof GraphqlRequestError && error.code === 'UNAUTHENTICATED';
      } finally {
        signingOut.value = false;
      }
    }
    dehydrate();
    sessionEnded.value = false;
    return revoked;
  }

  return {
    token,
    expiresAt,
    user,
    hydrated,
    signingOut,
    sessionEnded,
    isAuthenticated,
    role,
    permissions,
    mustChangePassword,
    hydrate,
    dehydrate,
    endSession,
    login,
    changePassword,
    requirePasswordChange,
    logout,
  };
});
