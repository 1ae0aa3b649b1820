import { Community, Courtyard, Household, InstitutionKind, LocalDateScalar, Street } from '@xiaoyuan/schema';
import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';
import { connectionType } from '../../engine/pagination';

export const StreetConnection = connectionType('Street', Street);
export const CommunityConnection = connectionType('Community', Community);
export const CourtyardConnection = connectionType('Courtyard', Courtyard);
export const HouseholdConnection = connectionType('Household', Household);

/** An institution (制度) the courtyard adopted. */
@ObjectType('Institution')
export class InstitutionView {
  @Field(() => InstitutionKind)
  kind!: InstitutionKind;

  @Field(() => LocalDateScalar)
  adoptedOn!: string;
}

@ObjectType('CreateStreetPayload')
export class CreateStreetPayload {
  @Field(() => Street, { nullable: true })
  street!: Street | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('CreateCommunityPayload')
export class CreateCommunityPayload {
  @Field(() => Community, { nullable: true })
  community!: Community | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('CreateCourtyardPayload')
export class CreateCourtyardPayload {
  @Field(() => Courtyard, { nullable: true })
  courtyard!: Courtyard | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('RegisterHouseholdsPayload')
export class RegisterHouseholdsPayload {
  @Field(() => [Household])
  households!: Household[];

  @Field(() => [UserError])
  userErrors!: UserError[];
}
