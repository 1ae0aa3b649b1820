import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';

// The GraphiQL page of the API (GET /graphiql): graphiql 5 with React and Monaco's workers bundled
// into static files that the API serves itself, so the page loads nothing from another origin.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/graphiql/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/graphiql', import.meta.url)),
    emptyOutDir: true,
    // Monaco and the GraphQL language service are big; this page is not on any hot path
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      // framer-motion's "use client" directives mean nothing outside React Server Components
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
