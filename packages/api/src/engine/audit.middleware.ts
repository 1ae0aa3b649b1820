import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { Caller } from './caller';
import type { RequestContext } from './context';
import type { UserError } from './errors';

/**
 * Every mutation leaves an audit entry in its request's transaction: who, when, which district,
 * which operation, on what, and whether it succeeded (with its userErrors' codes). District users
 * and API clients (`actor_kind` API_CLIENT) write to `audit_log`, the platform operator to
 * `platform_audit_log`. Sign-in, where the caller is
 * known only inside the mutation, writes its own entry (`audit.handled`). Put around every
 * mutation by `auditMutations`.
 */
export const AuditMiddleware: MiddlewareFn<RequestContext> = async ({ context, info }, next) => {
  context.audit = { targetType: null, targetId: null, detail: {}, handled: false };
  const result = (await next()) as { userErrors?: UserError[] } | null;
  if (!context.audit.handled) {
    const errors = result?.userErrors ?? [];
    await recordAudit(context, info.fieldName, {
      ok: errors.length === 0,
      ...(errors.length ? { userErrors: errors.map((error) => error.code) } : {}),
    });
  }
  return result;
};

/**
 * Puts AuditMiddleware around every mutation's resolver, and only there: a query's fields (tens of
 * thousands in a district's KPI tree) run without a middleware of their own.
 */
export function auditMutations(schema: GraphQLSchema): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (root, args, context: RequestContext, info) =>
      AuditMiddleware({ root, args, context, info }, async () => resolve(root, args, context, info));
  }
  return schema;
}

type AuditActorKind = 'USER' | 'PLATFORM_ADMIN' | 'API_CLIENT';

/** `audit_log.actor_kind` of each kind of caller: a partner's client is its own actor (DOMAIN.md §10). */
const ACTOR_KIND: Record<Caller['kind'], AuditActorKind> = {
  district: 'USER',
  platform: 'PLATFORM_ADMIN',
  client: 'API_CLIENT',
};

export async function recordAudit(
  context: RequestContext,
  operation: string,
  outcome: Record<string, unknown>,
  actor: { kind: AuditActorKind; id: string; tenantId: string | null } | null = null,
): Promise<void> {
  const caller =
    actor ??
    (context.caller
      ? { kind: ACTOR_KIND[context.caller.kind], id: context.caller.id, tenantId: context.caller.tenantId }
      : null);
  if (!caller) return; // no district known: nothing to attach the entry to
  const detail = JSON.stringify({ ...context.audit.detail, ...outcome });
  if (caller.kind === 'PLATFORM_ADMIN') {
    await context.em.execute(
      `insert into platform_audit_log (actor_id, operation, target_type, target_id, detail) values (?, ?, ?, ?, ?::jsonb)`,
      [caller.id, operation, context.audit.targetType, context.audit.targetId, detail],
    );
    return;
  }
  await context.em.execute(
    `insert into audit_log (tenant_id, actor_kind, actor_id, operation, target_type, target_id, detail) values (?, ?, ?, ?, ?, ?, ?::jsonb)`,
    [caller.tenantId, caller.kind, caller.id, operation, context.audit.targetType, context.audit.targetId, detail],
  );
}
