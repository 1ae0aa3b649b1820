import { QUEUES } from '@xiaoyuan/schema';
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { PageArgs, pageOf } from '../../engine/pagination';
import { jobsService } from '../jobs/jobs.service';
import { JobView } from '../jobs/jobs.types';
import { StartImportInput } from './imports.inputs';
import { importsService } from './imports.service';
import { ImportConnection, ImportRowErrorView, ImportView, StartImportPayload } from './imports.types';

@Resolver(() => ImportView)
export class ImportsResolver {
  @Mutation(() => StartImportPayload, {
    description:
      'Uploads a file of courtyards, households or attendance; the worker stores all of its rows or, with any bad row, none.',
  })
  startImport(@Arg('input', () => StartImportInput) input: StartImportInput, @Ctx() context: RequestContext) {
    return importsService.startImport(context, input);
  }

  @Query(() => ImportConnection, { description: "The district's uploads, newest first." })
  imports(@Args(() => PageArgs) page: PageArgs, @Ctx() context: RequestContext) {
    return importsService.imports(context, pageOf(page));
  }

  @FieldResolver(() => [ImportRowErrorView], { description: 'Every problem found (FAILED imports), by row.' })
  errors(@Root() view: ImportView, @Ctx() context: RequestContext): Promise<ImportRowErrorView[]> {
    return importsService.errors(context, view);
  }

  @FieldResolver(() => JobView, {
    nullable: true,
    description: 'The job processing the file; null once the queue has let it go (or Redis is down).',
  })
  job(@Root() view: ImportView, @Ctx() context: RequestContext): Promise<JobView | null> {
    return jobsService.loader(context, QUEUES.imports).load(view.importId);
  }
}
