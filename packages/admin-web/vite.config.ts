import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // The shared domain compiled from its TypeScript source (ESM for the bundle; its dist is CommonJS).
      '@xiaoyuan/domain': fileURLToPath(new URL('../domain/src/index.ts', import.meta.url)),
    },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    port: 5173,
    // The API serves the built app on the same origin; in development we proxy to it.
    proxy: {
      '/graphql': { target: 'http://localhost:4000', changeOrigin: true },
      '/imports/templates': { target: 'http://localhost:4000', changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
    // Mounting Element Plus pages in happy-dom takes seconds on a 2-core machine running every file.
    testTimeout: 20_000,
    // Element Plus imports the CommonJS async-validator as a default export; let Vite
    // transform it (as in the app build) instead of Node, or form validation breaks in tests.
    server: { deps: { inline: ['element-plus'] } },
  },
});
