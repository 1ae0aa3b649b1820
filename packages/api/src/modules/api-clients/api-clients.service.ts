import { randomUUID } from 'node:crypto';
import { ApiClient, fromGlobalId, User } from '@xiaoyuan/schema';
import type { RequestContext } from '../../engine/context';
import { forbidden, UserErrorCode, type UserError } from '../../engine/errors';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { listConnection, type Connection, type Page } from '../../engine/pagination';
import { checkName } from '../../engine/validation';
import { findScopeUnit, scopeUnitColumns } from '../hierarchy/scope-unit';
import type { CreateApiClientInput, RevokeApiClientInput } from './api-clients.inputs';

type CreatePayload = { apiClient: ApiClient | null; secret: string | null; userErrors: UserError[] };
type Payload = { apiClient: ApiClient | null; userErrors: UserError[] };

/**
 * Partner API clients (DOMAIN.md §10), managed by the district admin: the secret is made here,
 * returned once and stored only as its keyed hash (`ApiKeyService`).
 */
export class ApiClientsService {
  async create(context: RequestContext, input: CreateApiClientInput): Promise<CreatePayload> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    if (!context.auth.canManageApiClients) {
      return {
        apiClient: null,
        secret: null,
        userErrors: errors.add(UserErrorCode.FORBIDDEN, ['input'], 'FORBIDDEN').list,
      };
    }
    const name = checkName(errors, ['input', 'name'], input.name);
    const scopes = [...new Set(input.scopes)];
    if (!scopes.length) errors.add(UserErrorCode.INVALID, ['input', 'scopes'], 'EMPTY_LIST');
    const unit = input.scopeId ? await findScopeUnit(context, errors, ['input', 'scopeId'], input.scopeId) : null;
    if (errors.any) return { apiClient: null, secret: null, userErrors: errors.list };

    const { secret, hash } = context.services.apiKeys.generate();
    const id = randomUUID();
    const outcome = await inSavepoint(context, async (em) => {
      persistNew(em, ApiClient, {
        id,
        tenantId: caller.tenantId,
        name,
        secretHash: hash,
        scopes,
        ...scopeUnitColumns(em, unit),
        createdBy: em.getReference(User, caller.id),
      });
    });
    if (!outcome.ok) return { apiClient: null, secret: null, userErrors: outcome.userErrors };
    context.noteAudit('ApiClient', id, { scopes, scopeId: input.scopeId ?? null });
    return { apiClient: await context.em.findOneOrFail(ApiClient, { id }), secret, userErrors: [] };
  }

  async revoke(context: RequestContext, input: RevokeApiClientInput): Promise<Payload> {
    context.requireDistrictCaller();
    const errors = context.userErrors();
    if (!context.auth.canManageApiClients) {
      return { apiClient: null, userErrors: errors.add(UserErrorCode.FORBIDDEN, ['input'], 'FORBIDDEN').list };
    }
    const decoded = fromGlobalId(input.apiClientId);
    const client = decoded?.type === 'ApiClient' ? await context.em.findOne(ApiClient, { id: decoded.id }) : null;
    if (!client) {
      return {
        apiClient: null,
        userErrors: errors.add(UserErrorCode.NOT_FOUND, ['input', 'apiClientId'], 'NOT_FOUND').list,
      };
    }
    if (client.revokedAt) {
      errors.add(UserErrorCode.INVALID, ['input', 'apiClientId'], 'API_CLIENT_REVOKED', client.revokedAt.toISOString());
      return { apiClient: client, userErrors: errors.list };
    }
    const outcome = await inSavepoint(context, async () => {
      client.revokedAt = new Date();
    });
    if (!outcome.ok) return { apiClient: null, userErrors: outcome.userErrors };
    context.noteAudit('ApiClient', client.id);
    return { apiClient: client, userErrors: [] };
  }

  /** The district's clients, revoked ones included, by name. */
  async list(context: RequestContext, page: Page): Promise<Connection<ApiClient>> {
    context.requireDistrictCaller();
    if (!context.auth.canManageApiClients) throw forbidden('Only the district admin manages API clients');
    return listConnection(
      context.em,
      { entity: ApiClient, table: 'api_clients', orderBy: 'name', keyOf: (row) => row.name, where: [], params: [] },
      page,
    );
  }

  /** `node(id)` of a client: the district admin's only. */
  async node(context: RequestContext, id: string): Promise<ApiClient | null> {
    context.requireDistrictCaller();
    if (!context.auth.canManageApiClients) return null;
    return context.em.findOne(ApiClient, { id });
  }
}

export const apiClientsService = new ApiClientsService();
