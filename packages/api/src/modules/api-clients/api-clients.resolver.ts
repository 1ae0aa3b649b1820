import { ApiClient } from '@xiaoyuan/schema';
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { PageArgs, pageOf } from '../../engine/pagination';
import { loadScopeUnit, type ScopeUnitEntity } from '../hierarchy/scope-unit';
import { ScopeUnitUnion } from '../session/session.types';
import { CreateApiClientInput, RevokeApiClientInput } from './api-clients.inputs';
import { apiClientsService } from './api-clients.service';
import { ApiClientConnection, ApiClientPayload, CreateApiClientPayload } from './api-clients.types';

@Resolver(() => ApiClient)
export class ApiClientsResolver {
  @Mutation(() => CreateApiClientPayload, {
    description: 'DISTRICT_ADMIN: a partner API client; its key is in the payload, this once (DOMAIN.md §10).',
  })
  createApiClient(
    @Arg('input', () => CreateApiClientInput) input: CreateApiClientInput,
    @Ctx() context: RequestContext,
  ) {
    return apiClientsService.create(context, input);
  }

  @Mutation(() => ApiClientPayload, { description: "DISTRICT_ADMIN: ends a client's key at once." })
  revokeApiClient(
    @Arg('input', () => RevokeApiClientInput) input: RevokeApiClientInput,
    @Ctx() context: RequestContext,
  ) {
    return apiClientsService.revoke(context, input);
  }

  @Query(() => ApiClientConnection, {
    description: "DISTRICT_ADMIN: the district's API clients, revoked ones included, by name.",
  })
  apiClients(@Args(() => PageArgs) page: PageArgs, @Ctx() context: RequestContext) {
    return apiClientsService.list(context, pageOf(page));
  }

  @FieldResolver(() => ScopeUnitUnion, {
    nullable: true,
    description: 'The unit the client is limited to; null: the district.',
  })
  scope(@Root() client: ApiClient, @Ctx() context: RequestContext): Promise<ScopeUnitEntity | null> | null {
    return loadScopeUnit(context, client);
  }
}
