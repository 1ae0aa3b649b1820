import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  closeRedisConnection,
  migrationsCheck,
  ormConfig,
  PersonalDataCipher,
  postgresCheck,
  probeHandler,
  redisCheck,
  type AddressLookup,
  type AppEnv,
} from '@xiaoyuan/schema';
import express, { type Express } from 'express';
import { Redis } from 'ioredis';
import { ApiClientCache } from './engine/api-client-cache';
import { ApiKeyService } from './engine/api-key.service';
import { createRequestContext, type AppServices, type RequestContext } from './engine/context';
import { createFormatError } from './engine/errors';
import { consoleLogger, type Logger } from './engine/logger';
import { ensurePlatformOperator } from './engine/platform-operator';
import { MAX_TOKENS, queryLimitRules } from './engine/query-limits';
import { QueueRegistry } from './engine/queues';
import {
  LoginThrottle,
  PartnerRateLimiter,
  RequestBudget,
  addressRateLimit,
  partnerRateLimit,
} from './engine/rate-limit';
import { securityHeaders } from './engine/security-headers';
import { TokenService } from './engine/token.service';
import { transactionPlugin } from './engine/transaction.plugin';
import { graphiqlRouter } from './graphiql-page';
import { importTemplatesRouter } from './modules/imports/imports.router';
import { reportsRouter } from './modules/reports/reports.router';
import { buildApiSchema } from './schema';

export interface CreateAppOptions {
  env: AppEnv;
  /** the built admin app; `packages/admin-web/dist` by default */
  adminDistPath?: string;
  /** the built GraphiQL page; `packages/api/dist/graphiql` by default */
  graphiqlDistPath?: string;
  logger?: Logger;
  /** the lifetime of session tokens (tests shorten it) */
  tokenLifetimeSeconds?: number;
  /** resolves a webhook URL's host for the address check in production (tests fix it; default: DNS) */
  webhookAddressLookup?: AddressLookup;
}

export interface XiaoyuanApp {
  express: Express;
  services: AppServices;
  redis: Redis;
  /** starts listening (port 0: a free port) and resolves with the base URL */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

export const DEFAULT_ADMIN_DIST = resolve(__dirname, '../../admin-web/dist');

/**
 * The API as an express app: `/graphql` (Apollo), the probes `/livez` and `/readyz` (`/healthz`), the GraphiQL page at `/graphiql`, and
 * the built admin app at `/`.
 * Connects to PostgreSQL as the application role (`env.appDatabaseUrl`) and to Redis, and makes
 * sure the platform operator exists. Tests start it in-process with their own database.
 */
export async function createApp(options: CreateAppOptions): Promise<XiaoyuanApp> {
  const { env } = options;
  const log = options.logger ?? consoleLogger;
  // every statement of the API's connections is cut after DB_STATEMENT_TIMEOUT_MS (a startup parameter
  // of each pooled connection, no statement per request); the worker's own connections set none
  const orm = await MikroORM.init(
    ormConfig(env.appDatabaseUrl, { driverOptions: { connection: { statement_timeout: env.dbStatementTimeoutMs } } }),
  );
  let redisErrorLogged = false;
  // Producers on the request path fail fast when Redis is down instead of queueing commands.
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on('error', (error: Error) => {
    if (!redisErrorLogged) log.warn(`[redis] ${error.message}`);
    redisErrorLogged = true;
  });
  redis.on('ready', () => (redisErrorLogged = false));

  try {
    const outcome = await ensurePlatformOperator(orm, env.platformAdminEmail, env.platformAdminPassword);
    if (outcome === 'created') log.info(`[api] created the platform operator ${env.platformAdminEmail}`);
  } catch (error) {
    redis.disconnect();
    await orm.close(true);
    throw error;
  }

  const services: AppServices = {
    orm,
    tokens: new TokenService(env.jwtSecret, options.tokenLifetimeSeconds),
    apiKeys: new ApiKeyService(env.apiKeyPepper),
    apiClients: new ApiClientCache(),
    cipher: new PersonalDataCipher(env.dataEncryptionKey),
    queues: new QueueRegistry(env.redisUrl, env.queuePrefix, (error) => log.warn(`[queue] ${error.message}`)),
    log,
    loginThrottle: new LoginThrottle(redis, env.queuePrefix, env.loginRateLimitPerAddress, log),
    production: env.production,
    adminAppUrl: env.adminAppUrl,
    webhookAddressLookup: options.webhookAddressLookup,
  };

  const app = express();
  app.disable('x-powered-by');
  // request.ip: the client's address behind TRUST_PROXY's proxies (the address budget counts it)
  app.set('trust proxy', env.trustProxy);
  app.use(securityHeaders());
  const httpServer: Server = createServer(app);
  const apollo = new ApolloServer<RequestContext>({
    schema: await buildApiSchema(),
    csrfPrevention: true,
    // Apollo's own messages through the redacting logger
    logger: {
      debug: () => undefined,
      info: (message: unknown) => log.info(String(message)),
      warn: (message: unknown) => log.warn(String(message)),
      error: (message: unknown) => log.error(String(message)),
    },
    // main.ts handles SIGTERM/SIGINT and closes everything in order
    stopOnTerminationSignals: false,
    introspection: !env.production,
    includeStacktraceInErrorResponses: !env.production,
    // graphql's parser stops past MAX_TOKENS; armor's alias, depth and directive limits, root fields, page size
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: queryLimitRules(),
    formatError: createFormatError({ production: env.production, log: (message, error) => log.error(message, error) }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      transactionPlugin(),
      ApolloServerPluginLandingPageDisabled(),
      // Every answer is the caller's own data and never cached: \`no-store\`, set once per operation.
      // Apollo's cache-control plugin would compute the same from hints on every field it resolves.
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              response.http.headers.set('cache-control', 'no-store');
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // the probes (`/livez`, `/readyz`, `/healthz` its older name), before the request budgets: never counted
  app.use(probeHandler([postgresCheck(orm.em), redisCheck([redis]), migrationsCheck(orm.em)]));

  // every address's budget per minute (after the probes: they are not counted), then partner API
  // keys' (DOMAIN.md §10), both spent before any database work
  app.use(addressRateLimit(new RequestBudget(redis, env.queuePrefix, 'address', env.rateLimitPerMinute, log)));
  const rateLimiter = new PartnerRateLimiter(redis, env.queuePrefix, env.partnerRateLimitPerMinute, log);
  app.use(['/graphql', '/reports', '/imports/templates'], partnerRateLimit(rateLimiter, services.apiKeys));

  app.use(
    '/graphql',
    // startImport carries a file of up to 20 MB as Base64 (about 27 MB)
    express.json({ limit: '30mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createRequestContext(services, req),
    }),
  );

  app.use(importTemplatesRouter(services));
  app.use(reportsRouter(services));
  app.use('/graphiql', graphiqlRouter(options.graphiqlDistPath));

  const dist = options.adminDistPath ?? DEFAULT_ADMIN_DIST;
  const index = join(dist, 'index.html');
  if (existsSync(index)) {
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    // the admin app routes in the browser: every other GET is its index.html
    app.get('/{*path}', (_request, response) => response.sendFile(index));
  } else {
    app.get('/{*path}', (_request, response) => {
      response
        .status(404)
        .type('text/plain')
        .send('The admin app is not built: run `npm run build` (packages/admin-web/dist is missing).\n');
    });
  }

  let closed = false;
  return {
    express: app,
    services,
    redis,
    listen(port = env.port, host?: string) {
      return new Promise((resolveListen, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as AddressInfo;
          resolveListen({ url: `http://127.0.0.1:${address.port}`, port: address.port });
        });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await apollo.stop(); // drains the HTTP server
      if (httpServer.listening) await new Promise<void>((done) => httpServer.close(() => done()));
      await services.queues.close();
      await closeRedisConnection(redis);
      await orm.close(true);
    },
  };
}
