import { CourtyardType } from '@xiaoyuan/schema';
import { Field, Float, ID, InputType, Int } from 'type-graphql';

// The create and update inputs of the three units are separate GraphQL types; the fields they
// share come from two base input types, which no field takes, so the schema does not show them.

/** The name and code every new unit is given. */
@InputType()
export abstract class NewUnitInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  code!: string;
}

/** A unit by id, with a new name and/or code (null or absent: unchanged). */
@InputType()
export abstract class UnitChangesInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  code?: string | null;
}

@InputType('CreateStreetInput')
export class CreateStreetInput extends NewUnitInput {}

@InputType('UpdateStreetInput')
export class UpdateStreetInput extends UnitChangesInput {}

@InputType('CreateCommunityInput')
export class CreateCommunityInput extends NewUnitInput {
  @Field(() => ID)
  streetId!: string;
}

@InputType('UpdateCommunityInput')
export class UpdateCommunityInput extends UnitChangesInput {}

@InputType('CreateCourtyardInput')
export class CreateCourtyardInput extends NewUnitInput {
  @Field(() => ID)
  communityId!: string;

  @Field(() => CourtyardType)
  type!: CourtyardType;

  @Field(() => Int)
  householdCount!: number;

  @Field(() => String, { nullable: true })
  address?: string | null;
}

@InputType('UpdateCourtyardInput')
export class UpdateCourtyardInput extends UnitChangesInput {
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
