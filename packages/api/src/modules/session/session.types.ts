import {
  Community,
  Courtyard,
  DateTimeScalar,
  NodeInterface,
  Role,
  Street,
  toGlobalId,
  type User,
} from '@xiaoyuan/schema';
import { createUnionType, Field, ID, ObjectType } from 'type-graphql';
import { districtCaller, type ScopeUnit, type UserCaller } from '../../engine/caller';
import { UserError } from '../../engine/errors';
import { connectionType } from '../../engine/pagination';

export const ScopeUnitUnion = createUnionType({
  name: 'ScopeUnit',
  description: 'The unit a scoped role is limited to.',
  types: () => [Street, Community, Courtyard] as const,
});

/** A signed-in person: a district user or the platform operator. */
@ObjectType('User', { implements: NodeInterface })
export class UserView {
  /** the users or platform_users row */
  userId!: string;
  tenantId!: string | null;
  /** the scope unit's row id and kind, resolved by a field resolver */
  scopeRef!: { kind: 'Street' | 'Community' | 'Courtyard'; id: string } | null;
  /** the scope with its ancestors, for `Authorization.canSeeUser` */
  scope!: ScopeUnit | null;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId(this.tenantId ? 'User' : 'PlatformUser', this.userId);
  }

  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => Boolean, { description: 'Disabled by an admin: cannot sign in, its sessions have ended.' })
  disabled = false;

  @Field(() => Boolean, {
    description:
      'Signed in with a one-time password: every operation but changePassword, signOut and me is refused (PASSWORD_CHANGE_REQUIRED) until it is changed.',
  })
  mustChangePassword = false;

  @Field(() => DateTimeScalar, { nullable: true, description: 'The last successful sign-in.' })
  lastSignInAt: Date | null = null;

  /** A district user as stored (its unit populated), with its account's state. */
  static ofUser(user: User): UserView {
    const view = UserView.of(districtCaller(user));
    view.disabled = !!user.disabledAt;
    view.lastSignInAt = user.lastLoginAt ?? null;
    return view;
  }

  static of(caller: UserCaller): UserView {
    const view = new UserView();
    view.userId = caller.id;
    view.tenantId = caller.tenantId;
    view.email = caller.email;
    view.displayName = caller.displayName;
    view.role = caller.role;
    view.mustChangePassword = caller.kind === 'district' && caller.mustChangePassword;
    const scope = caller.scope;
    view.scope = scope;
    view.scopeRef = !scope
      ? null
      : scope.kind === 'Street'
        ? { kind: 'Street', id: scope.streetId }
        : scope.kind === 'Community'
          ? { kind: 'Community', id: scope.communityId }
          : { kind: 'Courtyard', id: scope.courtyardId };
    return view;
  }
}

export const UserConnection = connectionType('User', UserView);

@ObjectType('LoginPayload')
export class LoginPayload {
  @Field(() => String, { nullable: true })
  token!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => UserView, { nullable: true })
  user!: UserView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('ChangePasswordPayload')
export class ChangePasswordPayload extends LoginPayload {}

@ObjectType('SignOutPayload')
export class SignOutPayload {
  @Field(() => Boolean, { description: 'True: every session token of the user is revoked, this one included.' })
  signedOut!: boolean;
}
