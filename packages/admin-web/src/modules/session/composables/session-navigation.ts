import { ElMessage } from 'element-plus';
import type { RouteLocationNormalizedLoaded, Router } from 'vue-router';
import { i18n } from '@/i18n/i18n';
import { homeRouteFor } from '@/stores/permissions';
import { useSessionStore } from '@/stores/session.store';

/**
 * Into the app once signed in (or once the first password is set): the page asked for in
 * `?redirect=` when it is a path of the app (never an absolute URL from the query string), else the
 * role's home. A one-time password's session is led to the change of password first (the router).
 */
export async function enterApp(router: Router, route: RouteLocationNormalizedLoaded): Promise<void> {
  const redirect = typeof route.query.redirect === 'string' ? route.query.redirect : null;
  if (redirect && redirect.startsWith('/') && !redirect.startsWith('//')) await router.replace(redirect);
  else await router.replace({ name: homeRouteFor(useSessionStore().role) });
}

/**
 * Signs out: the server revokes the user's tokens (`signOut`), the local session is forgotten, and
 * the sign-in page opens; when the server could not be reached, a warning says that only this
 * browser is signed out.
 */
export async function signOutAndLeave(router: Router): Promise<void> {
  const revoked = await useSessionStore().logout();
  if (!revoked) ElMessage.warning({ message: i18n.global.t('signIn.signedOutLocally'), duration: 8000 });
  await router.replace({ name: 'sign-in' });
}
