import { assignedUnit, ScopeLevel } from '@xiaoyuan/domain';
import { Community, Courtyard, District, Street } from '@xiaoyuan/schema';
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { PageArgs, pageOf } from '../../engine/pagination';
import { communityById, courtyardById, streetById } from '../hierarchy/hierarchy.loaders';
import { UserView } from '../session/session.types';
import { AcknowledgeAlertInput, AlertFilter, ResolveAlertInput } from './alerts.inputs';
import { alertActorById, alertClientNameById, alertCountsOf, alertEventsOf } from './alerts.loaders';
import { alertsService } from './alerts.service';
import {
  AlertConnection,
  AlertCountsView,
  AlertEventView,
  AlertPayload,
  AlertView,
  OrgUnitUnion,
} from './alerts.types';

@Resolver()
export class AlertsResolver {
  @Query(() => AlertConnection, {
    description:
      "Alerts of the caller's subtree (a street officer: its street; a community worker: its community; a courtyard committee: its courtyard), newest first.",
  })
  alerts(
    @Arg('filter', () => AlertFilter, { nullable: true }) filter: AlertFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() context: RequestContext,
  ) {
    return alertsService.alerts(context, filter, pageOf(page));
  }

  @Mutation(() => AlertPayload, {
    description: 'OPEN → ACKNOWLEDGED, with a note: users of the assigned unit or the district admin.',
  })
  acknowledgeAlert(
    @Arg('input', () => AcknowledgeAlertInput) input: AcknowledgeAlertInput,
    @Ctx() context: RequestContext,
  ) {
    return alertsService.acknowledge(context, input);
  }

  @Mutation(() => AlertPayload, {
    description: 'OPEN or ACKNOWLEDGED → RESOLVED, with a note: users of the assigned unit or the district admin.',
  })
  resolveAlert(@Arg('input', () => ResolveAlertInput) input: ResolveAlertInput, @Ctx() context: RequestContext) {
    return alertsService.resolve(context, input);
  }
}

@Resolver(() => AlertView)
export class AlertFieldsResolver {
  @FieldResolver(() => Courtyard)
  courtyard(@Root() alert: AlertView, @Ctx() context: RequestContext) {
    return courtyardById(context).load(alert.courtyardId);
  }

  @FieldResolver(() => Street)
  street(@Root() alert: AlertView, @Ctx() context: RequestContext) {
    return streetById(context).load(alert.streetId);
  }

  @FieldResolver(() => Community)
  community(@Root() alert: AlertView, @Ctx() context: RequestContext) {
    return communityById(context).load(alert.communityId);
  }

  @FieldResolver(() => OrgUnitUnion, { description: "YELLOW: the courtyard's community; RED: its street." })
  assignedTo(@Root() alert: AlertView, @Ctx() context: RequestContext) {
    const unit = assignedUnit(alert);
    return unit.level === ScopeLevel.STREET ? streetById(context).load(unit.id) : communityById(context).load(unit.id);
  }

  @FieldResolver(() => [AlertEventView], { description: 'Every change, oldest first.' })
  history(@Root() alert: AlertView, @Ctx() context: RequestContext) {
    return alertEventsOf(context).load(alert.alertId);
  }
}

@Resolver(() => AlertEventView)
export class AlertEventFieldsResolver {
  @FieldResolver(() => UserView, {
    nullable: true,
    description:
      "The user who acted, for the roles that manage them (the district admin; a street officer: its street's users) and the user themself; null for other readers (see actorName), for the system (the monthly close) and for an API client.",
  })
  async actor(@Root() event: AlertEventView, @Ctx() context: RequestContext) {
    if (!event.actorId) return null;
    const user = await alertActorById(context).load(event.actorId);
    return user && context.auth.canSeeUser({ id: user.userId, scope: user.scope }) ? user : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Who acted, by name: the API client's name, or the user's display name (null for an API client reading: users are not shown to partners); null for the system.",
  })
  async actorName(@Root() event: AlertEventView, @Ctx() context: RequestContext) {
    if (event.actorClientId) return alertClientNameById(context).load(event.actorClientId);
    if (!event.actorId || !context.auth.districtRole) return null;
    return (await alertActorById(context).load(event.actorId))?.displayName ?? null;
  }
}

const COUNTS = { description: 'Unresolved alerts of this unit that the caller sees.' };

@Resolver(() => District)
export class DistrictAlertCountsResolver {
  @FieldResolver(() => AlertCountsView, COUNTS)
  alertCounts(@Root() district: District, @Ctx() context: RequestContext) {
    return alertCountsOf(context, 'District').load(district.id);
  }
}

@Resolver(() => Street)
export class StreetAlertCountsResolver {
  @FieldResolver(() => AlertCountsView, COUNTS)
  alertCounts(@Root() street: Street, @Ctx() context: RequestContext) {
    return alertCountsOf(context, 'Street').load(street.id);
  }
}

@Resolver(() => Community)
export class CommunityAlertCountsResolver {
  @FieldResolver(() => AlertCountsView, COUNTS)
  alertCounts(@Root() community: Community, @Ctx() context: RequestContext) {
    return alertCountsOf(context, 'Community').load(community.id);
  }
}

export const ALERTS_RESOLVERS = [
  AlertsResolver,
  AlertFieldsResolver,
  AlertEventFieldsResolver,
  DistrictAlertCountsResolver,
  StreetAlertCountsResolver,
  CommunityAlertCountsResolver,
] as const;
