import { Courtyard, DateTimeScalar, LocalDateScalar } from '@xiaoyuan/schema';
import { Field, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';

/** A committee election (自治委员会选举) of a courtyard and its "1+3+N" staffing. */
@ObjectType('CommitteeElection')
export class CommitteeElectionView {
  @Field(() => LocalDateScalar)
  electedOn!: string;

  @Field(() => Int, { nullable: true })
  memberCount!: number | null;

  @Field(() => Int, { nullable: true })
  socialWorkerCount!: number | null;

  @Field(() => Int, { nullable: true })
  committeeMemberCount!: number | null;

  @Field(() => Int, { nullable: true })
  volunteerCount!: number | null;

  @Field(() => Boolean)
  hasSupervisoryBoard!: boolean;

  @Field(() => Boolean)
  hasPartyGroup!: boolean;

  @Field(() => DateTimeScalar)
  recordedAt!: Date;
}

@ObjectType('CourtyardPayload')
export class CourtyardPayload {
  @Field(() => Courtyard, { nullable: true })
  courtyard!: Courtyard | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
