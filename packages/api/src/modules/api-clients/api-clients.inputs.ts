import { ApiScope } from '@xiaoyuan/schema';
import { Field, ID, InputType } from 'type-graphql';

@InputType('CreateApiClientInput')
export class CreateApiClientInput {
  @Field(() => String)
  name!: string;

  @Field(() => [ApiScope])
  scopes!: ApiScope[];

  /** the global id of the street, community or courtyard the client is limited to; none: the district */
  @Field(() => ID, { nullable: true })
  scopeId?: string | null;
}

@InputType('RevokeApiClientInput')
export class RevokeApiClientInput {
  @Field(() => ID)
  apiClientId!: string;
}
