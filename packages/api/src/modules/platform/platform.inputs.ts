import { Field, InputType } from 'type-graphql';

@InputType('CreateDistrictInput')
export class CreateDistrictInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  code!: string;

  /** IANA time zone, `Asia/Shanghai` when left out */
  @Field(() => String, { nullable: true })
  timezone?: string | null;

  @Field(() => String)
  adminEmail!: string;

  @Field(() => String)
  adminPassword!: string;
}
