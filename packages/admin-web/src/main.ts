import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import urql from '@urql/vue';
import App from './App.vue';
import { createGraphqlExecutor, createUrqlClient, setGraphqlExecutor } from './graphql/graphql-client';
import { currentLocale, i18n } from './i18n/i18n';
import { createAppRouter } from './router/router';
import { useSessionStore } from './stores/session.store';
import './styles/app.css';

function bootstrap(): void {
  const app = createApp(App);
  const pinia = createPinia();
  app.use(pinia);
  app.use(i18n);
  app.use(ElementPlus);

  const session = useSessionStore(pinia);
  const router = createAppRouter();

  // A token the server no longer accepts (signed out elsewhere, disabled, a new role, a reset
  // password) ends the session and sends the user to sign in, saying why.
  function onUnauthenticated(): void {
    if (session.signingOut) return; // signing out anyway: its own 401 is no news
    const wasSignedIn = session.hydrated && session.isAuthenticated;
    session.endSession(); // the sign-in page says why
    if (!wasSignedIn) return;
    void router.replace({ name: 'sign-in', query: { redirect: router.currentRoute.value.fullPath } });
  }

  // A one-time password's session may do nothing else until the password is changed.
  function onPasswordChangeRequired(): void {
    session.requirePasswordChange();
    const current = router.currentRoute.value;
    if (current.name === 'change-password') return;
    void router.replace({ name: 'change-password', query: { redirect: current.fullPath } });
  }

  const client = createUrqlClient({ getToken: () => session.token, getLocale: currentLocale });
  setGraphqlExecutor(createGraphqlExecutor(client, { onUnauthenticated, onPasswordChangeRequired }));
  app.use(urql, client);
  app.use(router);

  document.documentElement.lang = currentLocale();
  void router.isReady().then(() => app.mount('#app'));
}

bootstrap();
