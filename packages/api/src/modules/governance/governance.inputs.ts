import { InstitutionKind, LocalDateScalar } from '@xiaoyuan/schema';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('RecordCommitteeElectionInput')
export class RecordCommitteeElectionInput {
  @Field(() => ID)
  courtyardId!: string;

  @Field(() => LocalDateScalar)
  electedOn!: string;

  @Field(() => Int, { nullable: true, description: 'Members of the elected committee.' })
  memberCount?: number | null;

  @Field(() => Int, { nullable: true, description: 'The "1" of "1+3+N": social workers.' })
  socialWorkerCount?: number | null;

  @Field(() => Int, { nullable: true, description: 'The "3" of "1+3+N": committee members.' })
  committeeMemberCount?: number | null;

  @Field(() => Int, { nullable: true, description: 'The "N" of "1+3+N": volunteers.' })
  volunteerCount?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'A supervisory board (监事会) was set up; false when left out.',
  })
  hasSupervisoryBoard?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'A party group was set up; false when left out.' })
  hasPartyGroup?: boolean | null;
}

@InputType('AdoptInstitutionInput')
export class AdoptInstitutionInput {
  @Field(() => ID)
  courtyardId!: string;

  @Field(() => InstitutionKind)
  kind!: InstitutionKind;

  @Field(() => LocalDateScalar)
  adoptedOn!: string;
}

@InputType('DesignateDemonstrationInput')
export class DesignateDemonstrationInput {
  @Field(() => ID)
  courtyardId!: string;

  @Field(() => LocalDateScalar)
  since!: string;
}
