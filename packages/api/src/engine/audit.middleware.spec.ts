import { ApiScope } from '@xiaoyuan/schema';
import { recordAudit } from './audit.middleware';
import type { Caller } from './caller';
import type { RequestContext } from './context';

/** A context whose statements are captured instead of run. */
function contextOf(caller: Caller) {
  const statements: { sql: string; params: unknown[] }[] = [];
  const context = {
    caller,
    audit: { targetType: 'Activity', targetId: 'a1', detail: {}, handled: false },
    em: { execute: async (sql: string, params: unknown[]) => statements.push({ sql, params }) },
  } as unknown as RequestContext;
  return { context, statements };
}

describe('recordAudit', () => {
  it("writes an API client's mutation with the client as the actor (actor_kind API_CLIENT)", async () => {
    const { context, statements } = contextOf({
      kind: 'client',
      id: 'k1',
      tenantId: 't1',
      name: 'partner',
      scopes: [ApiScope.RECORDS_WRITE],
      scope: null,
    });
    await recordAudit(context, 'recordActivity', { ok: true });
    expect(statements).toHaveLength(1);
    expect(statements[0].sql).toContain('insert into audit_log');
    expect(statements[0].params.slice(0, 4)).toEqual(['t1', 'API_CLIENT', 'k1', 'recordActivity']);
  });

  it("writes a district user's mutation as USER", async () => {
    const { context, statements } = contextOf({
      kind: 'district',
      id: 'u1',
      tenantId: 't1',
      email: 'a@b.c',
      displayName: 'a',
      role: 'DISTRICT_ADMIN' as never,
      mustChangePassword: false,
      scope: null,
    });
    await recordAudit(context, 'createStreet', { ok: true });
    expect(statements[0].params.slice(0, 4)).toEqual(['t1', 'USER', 'u1', 'createStreet']);
  });
});
