import { Courtyard, DisputeStatus } from '@xiaoyuan/schema';
import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../engine/context';
import { PageArgs, pageOf } from '../../../engine/pagination';
import { courtyardById } from '../../hierarchy/hierarchy.loaders';
import { RegisterDisputeInput, ResolveDisputeInput } from './disputes.inputs';
import { disputesService } from './disputes.service';
import { DisputeConnection, DisputePayload, DisputeView } from './disputes.types';

@Resolver()
export class DisputesResolver {
  @Mutation(() => DisputePayload)
  registerDispute(
    @Arg('input', () => RegisterDisputeInput) input: RegisterDisputeInput,
    @Ctx() context: RequestContext,
  ) {
    return disputesService.registerDispute(context, input);
  }

  @Mutation(() => DisputePayload, { description: 'Once: resolving a resolved dispute is INVALID.' })
  resolveDispute(@Arg('input', () => ResolveDisputeInput) input: ResolveDisputeInput, @Ctx() context: RequestContext) {
    return disputesService.resolveDispute(context, input);
  }
}

@Resolver(() => DisputeView)
export class DisputeFieldsResolver {
  @FieldResolver(() => Courtyard)
  courtyard(@Root() dispute: DisputeView, @Ctx() context: RequestContext) {
    return courtyardById(context).load(dispute.courtyardId);
  }
}

@Resolver(() => Courtyard)
export class CourtyardDisputesResolver {
  @FieldResolver(() => DisputeConnection, { description: 'Disputes of the courtyard, latest reported first.' })
  disputes(
    @Root() courtyard: Courtyard,
    @Args(() => PageArgs) args: PageArgs,
    @Arg('status', () => DisputeStatus, { nullable: true }) status: DisputeStatus | null,
    @Ctx() context: RequestContext,
  ) {
    return disputesService.courtyardDisputes(context, courtyard.id, pageOf(args), status ?? null);
  }
}
