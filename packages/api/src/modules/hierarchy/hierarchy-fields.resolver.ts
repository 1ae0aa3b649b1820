import {
  Community,
  Courtyard,
  District,
  Household,
  LocalDateScalar,
  maskName,
  maskPhone,
  Street,
} from '@xiaoyuan/schema';
import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { PageArgs, pageOf, toConnection } from '../../engine/pagination';
import { childCounts, childPages, communityById, courtyardById, courtyardFacts, streetById } from './hierarchy.loaders';
import { hierarchyService } from './hierarchy.service';
import {
  CommunityConnection,
  CourtyardConnection,
  HouseholdConnection,
  InstitutionView,
  StreetConnection,
} from './hierarchy.types';

// Fields of the hierarchy's object types that are not columns: relations and lists through the
// request's DataLoaders, facts from rollout and governance tables, personal data by role.

/** A page of a unit's children (by `keyOf`, then id) with their total, through the request's DataLoaders. */
async function childConnection<T extends { id: string }>(
  context: RequestContext,
  kind: 'communities' | 'courtyards' | 'households',
  parentColumn: string,
  parentId: string,
  args: PageArgs,
  keyOf: (row: T) => string,
) {
  const page = pageOf(args);
  const [{ nodes, hasNextPage }, total] = await Promise.all([
    childPages<T>(context, kind, parentColumn, page).load(parentId),
    childCounts(context, kind, parentColumn).load(parentId),
  ]);
  return toConnection(nodes, hasNextPage, total, keyOf, (row) => row.id);
}

@Resolver(() => District)
export class DistrictFieldsResolver {
  @FieldResolver(() => StreetConnection)
  streets(@Root() _district: District, @Args(() => PageArgs) page: PageArgs, @Ctx() context: RequestContext) {
    return hierarchyService.streets(context, pageOf(page));
  }
}

@Resolver(() => Street)
export class StreetFieldsResolver {
  @FieldResolver(() => CommunityConnection)
  communities(@Root() street: Street, @Args(() => PageArgs) args: PageArgs, @Ctx() context: RequestContext) {
    return childConnection<Community>(context, 'communities', 'street_id', street.id, args, (row) => row.name);
  }

  @FieldResolver(() => Int, { description: 'Communities of the street that the caller may read.' })
  communityCount(@Root() street: Street, @Ctx() context: RequestContext) {
    return childCounts(context, 'communities', 'street_id').load(street.id);
  }
}

@Resolver(() => Community)
export class CommunityFieldsResolver {
  @FieldResolver(() => Street)
  street(@Root() community: Community, @Ctx() context: RequestContext) {
    return streetById(context).load(community.street.id);
  }

  @FieldResolver(() => CourtyardConnection)
  courtyards(@Root() community: Community, @Args(() => PageArgs) args: PageArgs, @Ctx() context: RequestContext) {
    return childConnection<Courtyard>(context, 'courtyards', 'community_id', community.id, args, (row) => row.name);
  }

  @FieldResolver(() => Int, { description: 'Courtyards of the community that the caller may read.' })
  courtyardCount(@Root() community: Community, @Ctx() context: RequestContext) {
    return childCounts(context, 'courtyards', 'community_id').load(community.id);
  }
}

@Resolver(() => Courtyard)
export class CourtyardFieldsResolver {
  @FieldResolver(() => Community)
  community(@Root() courtyard: Courtyard, @Ctx() context: RequestContext) {
    return communityById(context).load(courtyard.community.id);
  }

  @FieldResolver(() => Street)
  street(@Root() courtyard: Courtyard, @Ctx() context: RequestContext) {
    return streetById(context).load(courtyard.street.id);
  }

  @FieldResolver(() => HouseholdConnection)
  households(@Root() courtyard: Courtyard, @Args(() => PageArgs) args: PageArgs, @Ctx() context: RequestContext) {
    return childConnection<Household>(context, 'households', 'courtyard_id', courtyard.id, args, (row) => row.code);
  }

  @FieldResolver(() => LocalDateScalar, {
    nullable: true,
    description: 'When the courtyard joined the rollout; null when not enrolled.',
  })
  async enrolledOn(@Root() courtyard: Courtyard, @Ctx() context: RequestContext) {
    return (await courtyardFacts(context).load(courtyard.id)).enrolledOn;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'The rollout batch; null when not enrolled.' })
  async batch(@Root() courtyard: Courtyard, @Ctx() context: RequestContext) {
    return (await courtyardFacts(context).load(courtyard.id)).batch;
  }

  @FieldResolver(() => LocalDateScalar, {
    nullable: true,
    description: 'The latest election of the self-governance committee.',
  })
  async committeeElectedOn(@Root() courtyard: Courtyard, @Ctx() context: RequestContext) {
    return (await courtyardFacts(context).load(courtyard.id)).committeeElectedOn;
  }

  @FieldResolver(() => LocalDateScalar, { nullable: true })
  async demonstrationSince(@Root() courtyard: Courtyard, @Ctx() context: RequestContext) {
    return (await courtyardFacts(context).load(courtyard.id)).demonstrationSince;
  }

  @FieldResolver(() => [InstitutionView])
  async institutions(@Root() courtyard: Courtyard, @Ctx() context: RequestContext) {
    return (await courtyardFacts(context).load(courtyard.id)).institutions;
  }
}

@Resolver(() => Household)
export class HouseholdFieldsResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Masked ("张*") for roles without access to personal data.',
  })
  contactName(@Root() household: Household, @Ctx() context: RequestContext) {
    const name = context.services.cipher.decrypt(household.contactNameEncrypted);
    return context.auth.hasPersonalDataAccess ? name : maskName(name);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Masked ("138****5678") for roles without access to personal data.',
  })
  contactPhone(@Root() household: Household, @Ctx() context: RequestContext) {
    const phone = context.services.cipher.decrypt(household.contactPhoneEncrypted);
    return context.auth.hasPersonalDataAccess ? phone : maskPhone(phone);
  }

  @FieldResolver(() => Courtyard)
  courtyard(@Root() household: Household, @Ctx() context: RequestContext) {
    return courtyardById(context).load(household.courtyard.id);
  }
}
