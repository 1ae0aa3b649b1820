import { Community, Courtyard, District, Street } from '@xiaoyuan/schema';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { communityById, courtyardById, streetById } from '../hierarchy/hierarchy.loaders';
import { ChangePasswordInput, LoginInput } from './session.inputs';
import { sessionService } from './session.service';
import { ChangePasswordPayload, LoginPayload, ScopeUnitUnion, SignOutPayload, UserView } from './session.types';

@Resolver(() => UserView)
export class SessionResolver {
  @Mutation(() => LoginPayload, {
    description:
      'Sign in; send the token as "Authorization: Bearer <token>" (valid 12 hours). One login per request; after 5 failures of an account in 15 minutes (or too many from one address) RATE_LIMITED (HTTP 429) until the window ends.',
  })
  login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() context: RequestContext) {
    return sessionService.login(context, input);
  }

  @Mutation(() => SignOutPayload, {
    description: "Ends the user's sessions: every token of the user, this one included.",
  })
  signOut(@Ctx() context: RequestContext) {
    return sessionService.signOut(context);
  }

  @Mutation(() => ChangePasswordPayload, {
    description:
      "A new password for the signed-in user; the user's other sessions end, the payload's token continues this one.",
  })
  changePassword(@Arg('input', () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() context: RequestContext) {
    return sessionService.changePassword(context, input);
  }

  @Query(() => UserView, { nullable: true, description: 'The signed-in user.' })
  me(@Ctx() context: RequestContext) {
    return sessionService.me(context);
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
