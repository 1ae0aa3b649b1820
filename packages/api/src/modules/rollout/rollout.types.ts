import {
  DateTimeScalar,
  LocalDateScalar,
  MilestoneKey,
  MilestoneStatus,
  NodeInterface,
  PhaseKey,
  toGlobalId,
  type Enrollment,
  type RolloutPlan,
} from '@xiaoyuan/schema';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';
import { connectionType } from '../../engine/pagination';
import { UserView } from '../session/session.types';

/** The district's rollout plan (DOMAIN.md §3); phases, milestones and batches are field resolvers. */
@ObjectType('RolloutPlan', { implements: NodeInterface })
export class RolloutPlanView {
  /** the rollout_plans row */
  planId!: string;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('RolloutPlan', this.planId);
  }

  @Field(() => String)
  name!: string;

  @Field(() => LocalDateScalar)
  startsOn!: string;

  @Field(() => Int)
  pilotSize!: number;

  static of(plan: Pick<RolloutPlan, 'id' | 'name' | 'startsOn' | 'pilotSize'>): RolloutPlanView {
    return Object.assign(new RolloutPlanView(), {
      planId: plan.id,
      name: plan.name,
      startsOn: plan.startsOn,
      pilotSize: plan.pilotSize,
    });
  }
}

/** A phase of the plan: its months and the courtyards it targets. */
@ObjectType('Phase')
export class PhaseView {
  planId!: string;

  @Field(() => PhaseKey)
  key!: PhaseKey;

  @Field(() => Int)
  startMonth!: number;

  @Field(() => Int)
  endMonth!: number;

  @Field(() => Int, { description: "The pilot size, or the phase's share of the district's courtyards, rounded up." })
  targetCourtyards!: number;
}

/** A manual confirmation of a milestone, with its note and evidence. */
@ObjectType('MilestoneConfirmation')
export class MilestoneConfirmationView {
  @Field(() => LocalDateScalar)
  metOn!: string;

  @Field(() => String)
  note!: string;

  @Field(() => String, { nullable: true })
  evidenceUrl!: string | null;

  @Field(() => UserView, {
    nullable: true,
    description:
      "The district user who confirmed it, for the roles that manage them (the district admin; a street officer: its street's users) and the user themself; null for other readers, if the account is gone, and for an API client.",
  })
  confirmedBy!: UserView | null;

  @Field(() => DateTimeScalar)
  confirmedAt!: Date;
}

/** A milestone (关键节点) as of a date. */
@ObjectType('Milestone')
export class MilestoneView {
  planId!: string;
  /** the date the milestone was evaluated on */
  asOf!: string;

  @Field(() => MilestoneKey)
  key!: MilestoneKey;

  @Field(() => Int)
  dueMonth!: number;

  @Field(() => LocalDateScalar)
  dueOn!: string;

  @Field(() => MilestoneStatus)
  status!: MilestoneStatus;

  @Field(() => LocalDateScalar, { nullable: true })
  metOn!: string | null;

  @Field(() => Boolean, {
    description: 'Confirmed by hand (with a note and evidence) rather than evaluated from the records.',
  })
  manual!: boolean;
}

/** A numbered batch (第一批, 第二批…) of enrolled courtyards. */
@ObjectType('Batch')
export class BatchView {
  @Field(() => Int)
  number!: number;

  @Field(() => LocalDateScalar, { description: 'The earliest enrolment date of the batch.' })
  enrolledOn!: string;

  @Field(() => Int)
  courtyardCount!: number;
}

/** A courtyard's enrolment in a batch. */
@ObjectType('Enrollment')
export class EnrollmentView {
  /** the enrollments row (cursor tie-breaker) */
  enrollmentId!: string;
  courtyardId!: string;

  @Field(() => Int)
  batch!: number;

  @Field(() => LocalDateScalar)
  enrolledOn!: string;

  static of(enrollment: Enrollment): EnrollmentView {
    return Object.assign(new EnrollmentView(), {
      enrollmentId: enrollment.id,
      courtyardId: enrollment.courtyard.id,
      batch: enrollment.batch,
      enrolledOn: enrollment.enrolledOn,
    });
  }
}

export const EnrollmentConnection = connectionType('Enrollment', EnrollmentView);

@ObjectType('CreateRolloutPlanPayload')
export class CreateRolloutPlanPayload {
  @Field(() => RolloutPlanView, { nullable: true })
  rolloutPlan!: RolloutPlanView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('EnrollCourtyardsPayload')
export class EnrollCourtyardsPayload {
  @Field(() => [EnrollmentView])
  enrollments!: EnrollmentView[];

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('ConfirmMilestonePayload')
export class ConfirmMilestonePayload {
  @Field(() => MilestoneView, { nullable: true })
  milestone!: MilestoneView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
