import { CourtyardType } from '@xiaoyuan/schema';
import { Field, Float, ID, InputType, Int } from 'type-graphql';

@InputType('CreateStreetInput')
export class CreateStreetInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  code!: string;
}

@InputType('UpdateStreetInput')
export class UpdateStreetInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  code?: string | null;
}

@InputType('CreateCommunityInput')
export class CreateCommunityInput {
  @Field(() => ID)
  streetId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  code!: string;
}

@InputType('UpdateCommunityInput')
export class UpdateCommunityInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  code?: string | null;
}

@InputType('CreateCourtyardInput')
export class CreateCourtyardInput {
  @Field(() => ID)
  communityId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  code!: string;

  @Field(() => CourtyardType)
  type!: CourtyardType;

  @Field(() => Int)
  householdCount!: number;

  @Field(() => String, { nullable: true })
  address?: string | null;
}

@InputType('UpdateCourtyardInput')
export class UpdateCourtyardInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  code?: string | null;

  @Field(() => CourtyardType, { nullable: true })
  type?: CourtyardType | null;

  @Field(() => Int, { nullable: true })
  householdCount?: number | null;

  @Field(() => String, { nullable: true })
  address?: string | null;
}

@InputType('HouseholdInput')
export class HouseholdInput {
  @Field(() => String)
  code!: string;

  @Field(() => Float, { nullable: true })
  areaSqm?: number | null;

  @Field(() => String, { nullable: true })
  contactName?: string | null;

  @Field(() => String, { nullable: true })
  contactPhone?: string | null;
}

@InputType('RegisterHouseholdsInput')
export class RegisterHouseholdsInput {
  @Field(() => ID)
  courtyardId!: string;

  @Field(() => [HouseholdInput])
  households!: HouseholdInput[];
}

@InputType('CourtyardFilter')
export class CourtyardFilter {
  @Field(() => ID, { nullable: true })
  streetId?: string | null;

  @Field(() => ID, { nullable: true })
  communityId?: string | null;

  @Field(() => CourtyardType, { nullable: true })
  type?: CourtyardType | null;

  @Field(() => Boolean, { nullable: true })
  enrolled?: boolean | null;

  @Field(() => String, { nullable: true })
  search?: string | null;
}
