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
  async communities(@Root() street: Street, @Args(() => PageArgs) args: PageArgs, @Ctx() context: RequestContext) {
    const page = pageOf(args);
    const [{ nodes, hasNextPage }, total] = await Promise.all([
      childPages<Community>(context, 'communities', 'street_id', page).load(street.id),
      childCounts(context, 'communities', 'street_id').load(street.id),
    ]);
    return toConnection(
      nodes,
      hasNextPage,
      total,
      (row) => row.name,
      (row) => row.id,
    );
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
  async courtyards(@Root() community: Community, @Args(() => PageArgs) args: PageArgs, @Ctx() context: RequestContext) {
    const page = pageOf(args);
    const [{ nodes, hasNextPage }, total] = await Promise.all([
      childPages<Courtyard>(context, 'courtyards', 'community_id', page).load(community.id),
      childCounts(context, 'courtyards', 'community_id').load(community.id),
    ]);
    return toConnection(
      nodes,
      hasNextPage,
      total,
      (row) => row.name,
      (row) => row.id,
    );
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
  async households(@Root() courtyard: Courtyard, @Args(() => PageArgs) args: PageArgs, @Ctx() context: RequestContext) {
    const page = pageOf(args);
    const [{ nodes, hasNextPage }, total] = await Promise.all([
      childPages<Household>(context, 'households', 'courtyard_id', page).load(courtyard.id),
      childCounts(context, 'households', 'courtyard_id').load(courtyard.id),
    ]);
    return toConnection(
      nodes,
      hasNextPage,
      total,
      (row) => row.code,
      (row) => row.id,
    );
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
