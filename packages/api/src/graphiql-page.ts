import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { Router } from 'express';

/** The built GraphiQL page (`graphiql/`, `vite build` into `dist/graphiql`), from `src` or `dist` alike. */
export const DEFAULT_GRAPHIQL_DIST = resolve(__dirname, '../dist/graphiql');

/**
 * Everything the page may load comes from this origin: its scripts, styles and Monaco's workers,
 * and its requests go to /graphql. Styles inline (Monaco sets them) and fonts and images as data:
 * URLs; nothing else, so a closed network sees no request leave the API.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GET /graphiql: the partner API's GraphiQL (docs/PARTNERS.md), with its hashed assets under
 * /graphiql/assets. Answers 404 with a hint when the page is not built.
 */
export function graphiqlRouter(distPath = DEFAULT_GRAPHIQL_DIST): Router {
  const router = Router();
  const index = join(distPath, 'index.html');
  router.use((_request, response, next) => {
    response.set({
      'Content-Security-Policy': GRAPHIQL_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    next();
  });
  if (!existsSync(index)) {
    router.get('/{*path}', (_request, response) => {
      response
        .status(404)
        .type('text/plain')
        .send('The GraphiQL page is not built: run `npm run build` (packages/api/dist/graphiql is missing).\n');
    });
    return router;
  }
  // asset names carry their content hash
  router.use(
    '/assets',
    express.static(join(distPath, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  router.get('/', (_request, response) => response.set('Cache-Control', 'no-cache').sendFile(index));
  router.use((_request, response) => response.status(404).type('text/plain').send('Not found\n'));
  return router;
}
