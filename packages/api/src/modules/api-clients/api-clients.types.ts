import { ApiClient } from '@xiaoyuan/schema';
import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';
import { connectionType } from '../../engine/pagination';

export const ApiClientConnection = connectionType('ApiClient', ApiClient);

@ObjectType('CreateApiClientPayload')
export class CreateApiClientPayload {
  @Field(() => ApiClient, { nullable: true })
  apiClient!: ApiClient | null;

  @Field(() => String, {
    nullable: true,
    description: 'The key (xyk_…), shown this once: only its hash is stored.',
  })
  secret!: string | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('ApiClientPayload')
export class ApiClientPayload {
  @Field(() => ApiClient, { nullable: true })
  apiClient!: ApiClient | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
