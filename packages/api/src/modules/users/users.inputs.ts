import { Role } from '@xiaoyuan/schema';
import { Field, ID, InputType } from 'type-graphql';

/** A new user with a one-time password (`inviteUser`); `createUser` (the contract's) adds the password. */
@InputType('InviteUserInput')
export class InviteUserInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  /** the global id of the street, community or courtyard a scoped role is limited to */
  @Field(() => ID, { nullable: true })
  scopeId?: string | null;
}

@InputType('CreateUserInput')
export class CreateUserInput extends InviteUserInput {
  @Field(() => String, { description: 'Chosen by the admin; it must pass the password policy.' })
  password!: string;
}

@InputType('UserFilter')
export class UserFilter {
  @Field(() => Role, { nullable: true })
  role?: Role | null;

  @Field(() => Boolean, { nullable: true })
  disabled?: boolean | null;

  @Field(() => String, { nullable: true, description: 'A part of the email or the display name.' })
  search?: string | null;
}

@InputType('UpdateUserInput')
export class UpdateUserInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => Role, { nullable: true })
  role?: Role | null;

  /** the unit of the (new) scoped role; may be left out when the role keeps its level and unit */
  @Field(() => ID, { nullable: true })
  scopeId?: string | null;
}

@InputType('SetUserDisabledInput')
export class SetUserDisabledInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Boolean)
  disabled!: boolean;
}

@InputType('UserIdInput')
export class UserIdInput {
  @Field(() => ID)
  id!: string;
}
