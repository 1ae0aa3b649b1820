import { randomUUID } from 'node:crypto';
import { ApiClient, Community, Courtyard, fromGlobalId, Street, User } from '@xiaoyuan/schema';
import type { RequestContext } from '../../engine/context';
import { forbidden, UserErrorCode, type UserError } from '../../engine/errors';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { listConnection, type Connection, type Page } from '../../engine/pagination';
import { checkName } from '../../engine/validation';
import type { CreateApiClientInput, RevokeApiClientInput } from './api-clients.inputs';

type CreatePayload = { apiClient: ApiClient | null; secret: string | null; userErrors: UserError[] };
type Payload = { apiClient: ApiClient | null; userErrors: UserError[] };

const UNIT_ENTITIES = { Street, Community, Courtyard } as const;

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
    let unit: Street | Community | Courtyard | null = null;
    if (input.scopeId) {
      const decoded = fromGlobalId(input.scopeId);
      const entity = decoded ? UNIT_ENTITIES[decoded.type as keyof typeof UNIT_ENTITIES] : undefined;
      if (decoded && !entity && ['District', 'Household', 'User'].includes(decoded.type)) {
        errors.add(UserErrorCode.INVALID, ['input', 'scopeId'], 'SCOPE_UNIT_KIND');
      } else {
        // another district's unit is hidden by row-level security: NOT_FOUND, as an unknown id
        unit = entity
          ? ((await context.em.findOne(entity as typeof Street, { id: decoded!.id })) as Street | null)
          : null;
        if (!unit) errors.add(UserErrorCode.NOT_FOUND, ['input', 'scopeId'], 'NOT_FOUND');
      }
    }
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
        street: unit instanceof Street ? em.getReference(Street, unit.id) : null,
        community: unit instanceof Community ? em.getReference(Community, unit.id) : null,
        courtyard: unit instanceof Courtyard ? em.getReference(Courtyard, unit.id) : null,
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
