import { Courtyard, Household } from '@xiaoyuan/schema';
import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../engine/context';
import { PageArgs, pageOf } from '../../../engine/pagination';
import { courtyardById } from '../../hierarchy/hierarchy.loaders';
import { householdById } from '../../hierarchy/hierarchy.loaders';
import {
  CreateServiceRequestInput,
  ResolveServiceRequestInput,
  RespondToServiceRequestInput,
} from './service-requests.inputs';
import { serviceRequestsService } from './service-requests.service';
import {
  ServiceRequestConnection,
  ServiceRequestPayload,
  ServiceRequestStatus,
  ServiceRequestView,
} from './service-requests.types';

@Resolver()
export class ServiceRequestsResolver {
  @Mutation(() => ServiceRequestPayload, { description: 'Raise a service request (一键报修).' })
  createServiceRequest(
    @Arg('input', () => CreateServiceRequestInput) input: CreateServiceRequestInput,
    @Ctx() context: RequestContext,
  ) {
    return serviceRequestsService.createServiceRequest(context, input);
  }

  @Mutation(() => ServiceRequestPayload, { description: 'Record the first response, once.' })
  respondToServiceRequest(
    @Arg('input', () => RespondToServiceRequestInput) input: RespondToServiceRequestInput,
    @Ctx() context: RequestContext,
  ) {
    return serviceRequestsService.respondToServiceRequest(context, input);
  }

  @Mutation(() => ServiceRequestPayload, {
    description: 'Record the resolution, once; an unanswered request is answered by it.',
  })
  resolveServiceRequest(
    @Arg('input', () => ResolveServiceRequestInput) input: ResolveServiceRequestInput,
    @Ctx() context: RequestContext,
  ) {
    return serviceRequestsService.resolveServiceRequest(context, input);
  }
}

@Resolver(() => ServiceRequestView)
export class ServiceRequestFieldsResolver {
  @FieldResolver(() => Courtyard)
  courtyard(@Root() request: ServiceRequestView, @Ctx() context: RequestContext) {
    return courtyardById(context).load(request.courtyardId);
  }

  @FieldResolver(() => Household, { nullable: true, description: 'The household that raised it, when known.' })
  household(@Root() request: ServiceRequestView, @Ctx() context: RequestContext) {
    return request.householdId ? householdById(context).load(request.householdId) : null;
  }
}

@Resolver(() => Courtyard)
export class CourtyardServiceRequestsResolver {
  @FieldResolver(() => ServiceRequestConnection, {
    description: 'Service requests of the courtyard, latest raised first.',
  })
  serviceRequests(
    @Root() courtyard: Courtyard,
    @Args(() => PageArgs) args: PageArgs,
    @Arg('status', () => ServiceRequestStatus, { nullable: true }) status: ServiceRequestStatus | null,
    @Ctx() context: RequestContext,
  ) {
    return serviceRequestsService.courtyardServiceRequests(context, courtyard.id, pageOf(args), status ?? null);
  }
}
