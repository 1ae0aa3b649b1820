import { District } from '@xiaoyuan/schema';
import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';
import { connectionType } from '../../engine/pagination';

export const DistrictConnection = connectionType('District', District);

@ObjectType('CreateDistrictPayload')
export class CreateDistrictPayload {
  @Field(() => District, { nullable: true })
  district!: District | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
