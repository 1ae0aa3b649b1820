import type { EntityManager } from '@mikro-orm/postgresql';

export interface TransactionScope {
  /** the district whose rows the transaction may see and write */
  tenantId?: string | null;
  /** platform operator: may see and create districts, sees no tenant data */
  platform?: boolean;
  /** sign-in: may read the login directory row of this email */
  loginEmail?: string | null;
  /** a partner's request: may read the API client row of this key hash */
  apiKeyHash?: string | null;
}

/**
 * Sets the transaction-local settings that the row-level-security policies read. Must run inside
 * the transaction (`true` = local): a session-level setting would leak to the next user of the
 * pooled connection.
 */
export async function applyScope(em: EntityManager, scope: TransactionScope): Promise<void> {
  await em.execute(
    `select set_config('app.tenant_id', ?, true), set_config('app.platform', ?, true), set_config('app.login_email', ?, true), set_config('app.api_key_hash', ?, true)`,
    [scope.tenantId ?? '', scope.platform ? 'on' : '', scope.loginEmail ?? '', scope.apiKeyHash ?? ''],
  );
}

/** Runs `work` in one transaction of a fork of `em`, scoped to the tenant. */
export async function withTenant<T>(
  em: EntityManager,
  scope: TransactionScope,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const fork = em.fork({ clear: true });
  return fork.transactional(async (tx) => {
    await applyScope(tx, scope);
    return work(tx);
  });
}
