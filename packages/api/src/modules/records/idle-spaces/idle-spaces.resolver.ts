import { Courtyard, IdleSpaceStatus } from '@xiaoyuan/schema';
import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../engine/context';
import { PageArgs, pageOf } from '../../../engine/pagination';
import { courtyardById } from '../../hierarchy/hierarchy.loaders';
import { ChangeIdleSpaceStatusInput, RegisterIdleSpaceInput } from './idle-spaces.inputs';
import { idleSpaceHistory } from './idle-spaces.loaders';
import { idleSpacesService } from './idle-spaces.service';
import { IdleSpaceConnection, IdleSpacePayload, IdleSpaceStatusChangeView, IdleSpaceView } from './idle-spaces.types';

@Resolver()
export class IdleSpacesResolver {
  @Mutation(() => IdleSpacePayload, { description: 'Registers a space, IDLE from registeredOn.' })
  registerIdleSpace(
    @Arg('input', () => RegisterIdleSpaceInput) input: RegisterIdleSpaceInput,
    @Ctx() context: RequestContext,
  ) {
    return idleSpacesService.registerIdleSpace(context, input);
  }

  @Mutation(() => IdleSpacePayload, { description: 'Appends a dated status change to the history.' })
  changeIdleSpaceStatus(
    @Arg('input', () => ChangeIdleSpaceStatusInput) input: ChangeIdleSpaceStatusInput,
    @Ctx() context: RequestContext,
  ) {
    return idleSpacesService.changeIdleSpaceStatus(context, input);
  }
}

@Resolver(() => IdleSpaceView)
export class IdleSpaceFieldsResolver {
  @FieldResolver(() => IdleSpaceStatus, { description: 'The status of the latest change.' })
  async status(@Root() space: IdleSpaceView, @Ctx() context: RequestContext) {
    const history = await idleSpaceHistory(context).load(space.rowId);
    return history.length ? history[history.length - 1].status : IdleSpaceStatus.IDLE;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The new use of the latest change while UTILIZED; null otherwise.',
  })
  async currentUse(@Root() space: IdleSpaceView, @Ctx() context: RequestContext) {
    const history = await idleSpaceHistory(context).load(space.rowId);
    const latest = history[history.length - 1];
    return latest?.status === IdleSpaceStatus.UTILIZED ? latest.newUse : null;
  }

  @FieldResolver(() => [IdleSpaceStatusChangeView], { description: 'Every status change, oldest first.' })
  history(@Root() space: IdleSpaceView, @Ctx() context: RequestContext) {
    return idleSpaceHistory(context).load(space.rowId);
  }

  @FieldResolver(() => Courtyard)
  courtyard(@Root() space: IdleSpaceView, @Ctx() context: RequestContext) {
    return courtyardById(context).load(space.courtyardId);
  }
}

@Resolver(() => Courtyard)
export class CourtyardIdleSpacesResolver {
  @FieldResolver(() => IdleSpaceConnection, { description: 'Idle spaces of the courtyard, by name.' })
  idleSpaces(@Root() courtyard: Courtyard, @Args(() => PageArgs) args: PageArgs, @Ctx() context: RequestContext) {
    return idleSpacesService.courtyardIdleSpaces(context, courtyard.id, pageOf(args));
  }
}
