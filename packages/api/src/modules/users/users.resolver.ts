import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { PageArgs, pageOf } from '../../engine/pagination';
import { UserConnection } from '../session/session.types';
import {
  CreateUserInput,
  InviteUserInput,
  SetUserDisabledInput,
  UpdateUserInput,
  UserFilter,
  UserIdInput,
} from './users.inputs';
import { usersService } from './users.service';
import { CreateUserPayload, InviteUserPayload, ResetUserPasswordPayload, UserPayload } from './users.types';

/** 用户管理: the district admin manages every user, a street officer its street's workers and committees. */
@Resolver()
export class UsersResolver {
  @Query(() => UserConnection, {
    description:
      "The users the caller manages, by email: the district admin the district's, a street officer its street's community workers and courtyard committees.",
  })
  users(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => UserFilter, { nullable: true }) filter: UserFilter | null,
    @Ctx() context: RequestContext,
  ) {
    return usersService.users(context, pageOf(page), filter ?? {});
  }

  @Mutation(() => CreateUserPayload, {
    description: 'A user of the district with the password the admin chose; scopeId names the unit of a scoped role.',
  })
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() context: RequestContext) {
    return usersService.createUser(context, input, input.password);
  }

  @Mutation(() => InviteUserPayload, {
    description:
      'A user of the district with a one-time password, shown once in the payload, that the user must change at first sign-in.',
  })
  inviteUser(@Arg('input', () => InviteUserInput) input: InviteUserInput, @Ctx() context: RequestContext) {
    return usersService.createUser(context, input, null);
  }

  @Mutation(() => UserPayload, { description: "A user's name, role or unit; a new role or unit ends its sessions." })
  updateUser(@Arg('input', () => UpdateUserInput) input: UpdateUserInput, @Ctx() context: RequestContext) {
    return usersService.updateUser(context, input);
  }

  @Mutation(() => UserPayload, { description: 'Disable (its sessions end at once) or enable a user.' })
  setUserDisabled(
    @Arg('input', () => SetUserDisabledInput) input: SetUserDisabledInput,
    @Ctx() context: RequestContext,
  ) {
    return usersService.setUserDisabled(context, input);
  }

  @Mutation(() => ResetUserPasswordPayload, {
    description: 'A new one-time password (shown once) that the user must change at sign-in; its sessions end.',
  })
  resetUserPassword(@Arg('input', () => UserIdInput) input: UserIdInput, @Ctx() context: RequestContext) {
    return usersService.resetUserPassword(context, input);
  }
}
