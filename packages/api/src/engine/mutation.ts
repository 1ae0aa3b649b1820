import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from './context';
import {
  PG_CHECK_VIOLATION,
  PG_UNIQUE_VIOLATION,
  postgresErrorCode,
  UserErrorCode,
  UserErrorsThrown,
  type UserError,
} from './errors';
import { translate } from './i18n';

export type MutationOutcome<T> = { ok: true; value: T } | { ok: false; userErrors: UserError[] };

/**
 * Runs a mutation's writes in a savepoint of the request's transaction: when they fail (a
 * `UserErrorsThrown`, or a unique/check violation that validation could not foresee, e.g. a
 * concurrent insert) nothing of them stays, and the caller gets userErrors. Services validate
 * first; this is the safety net.
 */
export async function inSavepoint<T>(
  context: RequestContext,
  work: (em: EntityManager) => Promise<T>,
  fieldOf: (constraint: string | undefined) => string[] | null = () => null,
): Promise<MutationOutcome<T>> {
  try {
    const value = await context.em.transactional(async (em) => {
      const result = await work(em as EntityManager);
      await em.flush();
      return result;
    });
    return { ok: true, value };
  } catch (error) {
    if (error instanceof UserErrorsThrown) return { ok: false, userErrors: error.errors };
    const code = postgresErrorCode(error);
    const constraint = (error as { constraint?: string }).constraint;
    if (code === PG_UNIQUE_VIOLATION) {
      return {
        ok: false,
        userErrors: [
          {
            code: UserErrorCode.DUPLICATE,
            field: fieldOf(constraint),
            message: translate(context.locale, 'DUPLICATE'),
          },
        ],
      };
    }
    if (code === PG_CHECK_VIOLATION) {
      return {
        ok: false,
        userErrors: [
          { code: UserErrorCode.INVALID, field: fieldOf(constraint), message: translate(context.locale, 'INVALID') },
        ],
      };
    }
    throw error;
  }
}

/** A new entity with the given values, persisted in `em` (flushed with the savepoint). */
export function persistNew<T extends object>(em: EntityManager, entity: new () => T, data: Partial<T>): T {
  const instance = Object.assign(new entity(), data);
  em.persist(instance);
  return instance;
}
