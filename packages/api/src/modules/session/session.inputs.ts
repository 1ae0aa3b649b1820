import { Role } from '@xiaoyuan/schema';
import { Field, ID, InputType } from 'type-graphql';

@InputType('LoginInput')
export class LoginInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;
}

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  /** the global id of the street, community or courtyard a scoped role is limited to */
  @Field(() => ID, { nullable: true })
  scopeId?: string | null;
}
