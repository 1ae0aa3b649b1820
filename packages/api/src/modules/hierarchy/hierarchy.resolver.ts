import { District } from '@xiaoyuan/schema';
import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { PageArgs, pageOf } from '../../engine/pagination';
import {
  CourtyardFilter,
  CreateCommunityInput,
  CreateCourtyardInput,
  CreateStreetInput,
  RegisterHouseholdsInput,
  UpdateCommunityInput,
  UpdateCourtyardInput,
  UpdateStreetInput,
} from './hierarchy.inputs';
import { hierarchyService } from './hierarchy.service';
import {
  CourtyardConnection,
  CreateCommunityPayload,
  CreateCourtyardPayload,
  CreateStreetPayload,
  RegisterHouseholdsPayload,
} from './hierarchy.types';

@Resolver()
export class HierarchyResolver {
  @Query(() => District, { nullable: true, description: "The caller's district." })
  district(@Ctx() context: RequestContext): Promise<District | null> {
    return hierarchyService.district(context);
  }

  @Query(() => CourtyardConnection, { description: 'Courtyards the caller may read, by name.' })
  courtyards(
    @Arg('filter', () => CourtyardFilter, { nullable: true }) filter: CourtyardFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() context: RequestContext,
  ) {
    return hierarchyService.courtyards(context, filter, pageOf(page));
  }

  @Mutation(() => CreateStreetPayload)
  createStreet(@Arg('input', () => CreateStreetInput) input: CreateStreetInput, @Ctx() context: RequestContext) {
    return hierarchyService.createStreet(context, input);
  }

  @Mutation(() => CreateStreetPayload)
  updateStreet(@Arg('input', () => UpdateStreetInput) input: UpdateStreetInput, @Ctx() context: RequestContext) {
    return hierarchyService.updateStreet(context, input);
  }

  @Mutation(() => CreateCommunityPayload)
  createCommunity(
    @Arg('input', () => CreateCommunityInput) input: CreateCommunityInput,
    @Ctx() context: RequestContext,
  ) {
    return hierarchyService.createCommunity(context, input);
  }

  @Mutation(() => CreateCommunityPayload)
  updateCommunity(
    @Arg('input', () => UpdateCommunityInput) input: UpdateCommunityInput,
    @Ctx() context: RequestContext,
  ) {
    return hierarchyService.updateCommunity(context, input);
  }

  @Mutation(() => CreateCourtyardPayload)
  createCourtyard(
    @Arg('input', () => CreateCourtyardInput) input: CreateCourtyardInput,
    @Ctx() context: RequestContext,
  ) {
    return hierarchyService.createCourtyard(context, input);
  }

  @Mutation(() => CreateCourtyardPayload)
  updateCourtyard(
    @Arg('input', () => UpdateCourtyardInput) input: UpdateCourtyardInput,
    @Ctx() context: RequestContext,
  ) {
    return hierarchyService.updateCourtyard(context, input);
  }

  @Mutation(() => RegisterHouseholdsPayload, { description: 'All or nothing: one bad household and none is stored.' })
  registerHouseholds(
    @Arg('input', () => RegisterHouseholdsInput) input: RegisterHouseholdsInput,
    @Ctx() context: RequestContext,
  ) {
    return hierarchyService.registerHouseholds(context, input);
  }
}
