import { createServer } from 'node:http';
import Module from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The baseline of `bench:read`: PostGraphile 4.14.1 serving the same database as the application
 * role (`DATABASE_APP_URL`), under the same row-level security: each request's transaction sets
 * `app.tenant_id` from the `x-tenant-id` header (pgSettings), as the API sets it from the caller.
 * It authenticates nobody (the bench's requests name their district), so it does less per request
 * than the API. Queries only: no mutations, no query log. `/healthz` answers once the schema is built.
 */

// PostGraphile 4 needs graphql 15; the workspace's is 16, so npm nests a copy of 15 under each
// package that needs it (postgraphile, graphile-build-pg), and types of one copy are refused by the
// other at execution. In this process, which runs nothing else, every `graphql` is postgraphile's.
const graphql15 = dirname(
  require.resolve('graphql/package.json', { paths: [dirname(require.resolve('postgraphile/package.json'))] }),
);
const moduleInternals = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolveFilename = moduleInternals._resolveFilename;
moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
  const redirected = request === 'graphql' || request.startsWith('graphql/') ? graphql15 + request.slice(7) : request;
  return resolveFilename.call(this, redirected, ...rest);
};
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the redirection above */
const { postgraphile } = require('postgraphile') as typeof import('postgraphile');
const { makePgSmartTagsFromFilePlugin } = require('postgraphile/plugins') as typeof import('postgraphile/plugins');
/* eslint-enable @typescript-eslint/no-require-imports */

const url = process.env.DATABASE_APP_URL;
if (!url) throw new Error('DATABASE_APP_URL is required');

const middleware = postgraphile(url, 'public', {
  graphqlRoute: '/graphql',
  disableDefaultMutations: true,
  disableQueryLog: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  legacyRelations: 'omit',
  retryOnInitFail: false,
  // names for relations whose default names collide (the file beside this one's source)
  appendPlugins: [makePgSmartTagsFromFilePlugin(join(__dirname, '../../bench/postgraphile.tags.json5'))],
  pgSettings: (request) => ({ 'app.tenant_id': String(request.headers['x-tenant-id'] ?? '') }),
});

const server = createServer((request, response) => {
  if (request.url === '/healthz') {
    middleware.getGraphQLSchema().then(
      () => response.writeHead(200).end('ok'),
      (error: Error) => response.writeHead(503).end(error.message),
    );
    return;
  }
  void middleware(request, response);
});
server.listen(Number(process.env.PORT ?? 5678), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
