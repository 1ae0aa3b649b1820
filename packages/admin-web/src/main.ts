import ElementPlus, { ElMessage } from 'element-plus';
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

  // A token the server no longer accepts ends the session and sends the user to sign in.
  function onUnauthenticated(): void {
    const wasSignedIn = session.hydrated && session.isAuthenticated;
    session.dehydrate();
    if (!wasSignedIn) return;
    ElMessage.warning({ message: i18n.global.t('errors.unauthenticated'), grouping: true });
    void router.replace({ name: 'sign-in', query: { redirect: router.currentRoute.value.fullPath } });
  }

  const client = createUrqlClient({ getToken: () => session.token, getLocale: currentLocale, onUnauthenticated });
  setGraphqlExecutor(createGraphqlExecutor(client, { onUnauthenticated }));
  app.use(urql, client);
  app.use(router);

  document.documentElement.lang = currentLocale();
  void router.isReady().then(() => app.mount('#app'));
}

bootstrap();
