import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { jobsService } from './jobs.service';
import { JobView } from './jobs.types';

@Resolver()
export class JobsResolver {
  @Query(() => JobView, {
    nullable: true,
    description: "A background job of the caller's district; null for any other id.",
  })
  job(@Arg('id', () => ID) id: string, @Ctx() context: RequestContext): Promise<JobView | null> {
    return jobsService.job(context, id);
  }
}
