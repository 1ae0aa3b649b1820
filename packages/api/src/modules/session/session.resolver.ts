import { Community, Courtyard, District, Street } from '@xiaoyuan/schema';
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { PageArgs, pageOf } from '../../engine/pagination';
import { communityById, courtyardById, streetById } from '../hierarchy/hierarchy.loaders';
import { CreateUserInput, LoginInput } from './session.inputs';
import { sessionService } from './session.service';
import { CreateUserPayload, LoginPayload, ScopeUnitUnion, UserConnection, UserView } from './session.types';

@Resolver(() => UserView)
export class SessionResolver {
  @Mutation(() => LoginPayload, {
    description: 'Sign in; send the token as "Authorization: Bearer <token>" (valid 12 hours).',
  })
  login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() context: RequestContext) {
    return sessionService.login(context, input);
  }

  @Query(() => UserView, { nullable: true, description: 'The signed-in user.' })
  me(@Ctx() context: RequestContext) {
    return sessionService.me(context);
  }

  @Mutation(() => CreateUserPayload, {
    description: 'DISTRICT_ADMIN: a user of the district; scopeId names the unit of a scoped role.',
  })
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() context: RequestContext) {
    return sessionService.createUser(context, input);
  }

  @Query(() => UserConnection, { description: "DISTRICT_ADMIN: the district's users, by email." })
  users(@Args(() => PageArgs) page: PageArgs, @Ctx() context: RequestContext) {
    return sessionService.users(context, pageOf(page));
  }

  @FieldResolver(() => District, { nullable: true, description: 'Null for the platform operator.' })
  district(@Root() user: UserView, @Ctx() context: RequestContext) {
    return user.tenantId ? context.em.findOne(District, { id: user.tenantId }) : null;
  }

  @FieldResolver(() => ScopeUnitUnion, { nullable: true, description: 'The unit a scoped role is limited to.' })
  scope(@Root() user: UserView, @Ctx() context: RequestContext): Promise<Street | Community | Courtyard | null> | null {
    const ref = user.scopeRef;
    if (!ref) return null;
    if (ref.kind === 'Street') return streetById(context).load(ref.id);
    if (ref.kind === 'Community') return communityById(context).load(ref.id);
    return courtyardById(context).load(ref.id);
  }
}
