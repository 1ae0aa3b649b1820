import { Courtyard, LocalDateScalar } from '@xiaoyuan/schema';
import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { PageArgs, pageOf } from '../../engine/pagination';
import { courtyardById } from '../hierarchy/hierarchy.loaders';
import { ConfirmMilestoneInput, CreateRolloutPlanInput, EnrollCourtyardsInput } from './rollout.inputs';
import { rolloutService } from './rollout.service';
import {
  BatchView,
  ConfirmMilestonePayload,
  CreateRolloutPlanPayload,
  EnrollCourtyardsPayload,
  EnrollmentConnection,
  EnrollmentView,
  MilestoneConfirmationView,
  MilestoneView,
  PhaseView,
  RolloutPlanView,
} from './rollout.types';

const AS_OF = { nullable: true, description: "Defaults to today in the district's time zone." } as const;

@Resolver()
export class RolloutResolver {
  @Query(() => RolloutPlanView, {
    nullable: true,
    description: "The district's active rollout plan; null before one is created.",
  })
  rolloutPlan(@Ctx() context: RequestContext) {
    return rolloutService.rolloutPlan(context);
  }

  @Mutation(() => CreateRolloutPlanPayload, { description: 'District admin only; one active plan per district.' })
  createRolloutPlan(
    @Arg('input', () => CreateRolloutPlanInput) input: CreateRolloutPlanInput,
    @Ctx() context: RequestContext,
  ) {
    return rolloutService.createRolloutPlan(context, input);
  }

  @Mutation(() => EnrollCourtyardsPayload, {
    description: 'District admin only. All or nothing: one courtyard that cannot be enrolled and none is.',
  })
  enrollCourtyards(
    @Arg('input', () => EnrollCourtyardsInput) input: EnrollCourtyardsInput,
    @Ctx() context: RequestContext,
  ) {
    return rolloutService.enrollCourtyards(context, input);
  }

  @Mutation(() => ConfirmMilestonePayload, {
    description: 'District admin only; manual milestones only. Returns the milestone as of today.',
  })
  confirmMilestone(
    @Arg('input', () => ConfirmMilestoneInput) input: ConfirmMilestoneInput,
    @Ctx() context: RequestContext,
  ) {
    return rolloutService.confirmMilestone(context, input);
  }
}

@Resolver(() => RolloutPlanView)
export class RolloutPlanFieldsResolver {
  @FieldResolver(() => PhaseView, {
    nullable: true,
    description: 'The phase of the month containing asOf; null before the plan starts.',
  })
  currentPhase(
    @Root() plan: RolloutPlanView,
    @Arg('asOf', () => LocalDateScalar, AS_OF) asOf: string | null,
    @Ctx() context: RequestContext,
  ) {
    return rolloutService.currentPhase(context, plan, asOf);
  }

  @FieldResolver(() => [PhaseView])
  phases(@Root() plan: RolloutPlanView, @Ctx() context: RequestContext) {
    return rolloutService.phases(context, plan);
  }

  @FieldResolver(() => [MilestoneView], { description: 'The twelve milestones with their status as of asOf.' })
  milestones(
    @Root() plan: RolloutPlanView,
    @Arg('asOf', () => LocalDateScalar, AS_OF) asOf: string | null,
    @Ctx() context: RequestContext,
  ) {
    return rolloutService.milestones(context, plan, asOf);
  }

  @FieldResolver(() => [BatchView], { description: 'The batches so far, in order (district-wide counts).' })
  batches(@Root() plan: RolloutPlanView, @Ctx() context: RequestContext) {
    return rolloutService.batches(context, plan);
  }

  @FieldResolver(() => EnrollmentConnection, {
    description: 'Enrolments of courtyards the caller may read, by enrolment date; optionally of one batch.',
  })
  enrollments(
    @Root() plan: RolloutPlanView,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('batch', () => Int, { nullable: true }) batch: number | null,
    @Ctx() context: RequestContext,
  ) {
    return rolloutService.enrollments(context, plan, pageOf(page), batch);
  }
}

@Resolver(() => PhaseView)
export class PhaseFieldsResolver {
  @FieldResolver(() => Int, { description: 'Courtyards of the plan enrolled on or before asOf (district-wide).' })
  enrolledCourtyards(
    @Root() phase: PhaseView,
    @Arg('asOf', () => LocalDateScalar, AS_OF) asOf: string | null,
    @Ctx() context: RequestContext,
  ) {
    return rolloutService.enrolledCourtyards(context, phase, asOf);
  }
}

@Resolver(() => MilestoneView)
export class MilestoneFieldsResolver {
  @FieldResolver(() => MilestoneConfirmationView, {
    nullable: true,
    description: "The confirmation behind a manual milestone's metOn; null otherwise.",
  })
  confirmation(@Root() milestone: MilestoneView, @Ctx() context: RequestContext) {
    return rolloutService.confirmation(context, milestone);
  }
}

@Resolver(() => EnrollmentView)
export class EnrollmentFieldsResolver {
  @FieldResolver(() => Courtyard)
  courtyard(@Root() enrollment: EnrollmentView, @Ctx() context: RequestContext) {
    return courtyardById(context).load(enrollment.courtyardId);
  }
}
