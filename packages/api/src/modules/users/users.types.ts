import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';
import { UserView } from '../session/session.types';

@ObjectType('CreateUserPayload')
export class CreateUserPayload {
  @Field(() => UserView, { nullable: true })
  user!: UserView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('InviteUserPayload')
export class InviteUserPayload extends CreateUserPayload {
  @Field(() => String, {
    nullable: true,
    description: 'The one-time password, shown this once; the user must change it at first sign-in.',
  })
  oneTimePassword!: string | null;
}

@ObjectType('UserPayload')
export class UserPayload {
  @Field(() => UserView, { nullable: true })
  user!: UserView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('ResetUserPasswordPayload')
export class ResetUserPasswordPayload {
  @Field(() => UserView, { nullable: true })
  user!: UserView | null;

  @Field(() => String, { nullable: true, description: 'The new one-time password, shown this once.' })
  oneTimePassword!: string | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
