import { defineConfig, type Options } from '@mikro-orm/postgresql';
import * as entities from '../entities';

export const ENTITIES = Object.values(entities).filter((value) => typeof value === 'function');

/**
 * MikroORM options for the API and the worker, connected as the application role. The caller
 * forks an EntityManager per request or job and sets the tenant in its transaction
 * (`withTenant`); the global context is never used.
 */
export function ormConfig(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    pool: { min: 0, max: 10 },
    // statements without their values: never the 'query-params' namespace (personal data, hashes)
    debug: process.env.MIKRO_ORM_DEBUG === 'true' ? ['query', 'info', 'discovery'] : false,
    ...overrides,
  });
}
