import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { PageArgs, pageOf } from '../../engine/pagination';
import { CreateDistrictInput } from './platform.inputs';
import { platformService } from './platform.service';
import { CreateDistrictPayload, DistrictConnection } from './platform.types';

@Resolver()
export class PlatformResolver {
  @Mutation(() => CreateDistrictPayload, {
    description: 'PLATFORM_ADMIN: a new district and its first DISTRICT_ADMIN.',
  })
  createDistrict(@Arg('input', () => CreateDistrictInput) input: CreateDistrictInput, @Ctx() context: RequestContext) {
    return platformService.createDistrict(context, input);
  }

  @Query(() => DistrictConnection, { description: 'PLATFORM_ADMIN: every district, by name.' })
  districts(@Args(() => PageArgs) page: PageArgs, @Ctx() context: RequestContext) {
    return platformService.districts(context, pageOf(page));
  }
}
