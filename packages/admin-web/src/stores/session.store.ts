import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { permissionsFor } from '@xiaoyuan/domain';
import type { SessionUserFieldsFragment, UserErrorFieldsFragment } from '@/graphql/generated/graphql';
import { GraphqlRequestError, useGraphql } from '@/graphql/graphql-client';
import { LoginDocument, MeDocument } from '@/graphql/session.documents';

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

  const isAuthenticated = computed(() => token.value !== null && user.value !== null);
  const role = computed(() => user.value?.role ?? null);
  const permissions = computed(() => permissionsFor(role.value));

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
      if (error instanceof GraphqlRequestError && error.code === 'UNAUTHENTICATED') dehydrate();
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

  /** Signs in; returns the server's userErrors (empty on success). */
  async function login(email: string, password: string): Promise<UserErrorFieldsFragment[]> {
    const { login: payload } = await useGraphql().mutate(LoginDocument, { email, password });
    if (payload.userErrors.length > 0) return payload.userErrors;
    if (!payload.token) return [{ field: null, message: 'No token', code: 'INVALID' }];
    localStorage.setItem(TOKEN_STORAGE_KEY, payload.token);
    if (payload.expiresAt) localStorage.setItem(TOKEN_EXPIRY_STORAGE_KEY, payload.expiresAt);
    else localStorage.removeItem(TOKEN_EXPIRY_STORAGE_KEY);
    await hydrate();
    if (!user.value && payload.user && token.value) user.value = { ...payload.user, district: null, scope: null };
    return [];
  }

  function logout(): void {
    dehydrate();
  }

  return { token, expiresAt, user, hydrated, isAuthenticated, role, permissions, hydrate, dehydrate, login, logout };
});
