import { NodeInterface } from '@xiaoyuan/schema';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { nodeService } from './node.service';

@Resolver()
export class NodeResolver {
  @Query(() => NodeInterface, {
    nullable: true,
    description: 'Any object by global id; null outside what the caller may read.',
  })
  node(@Arg('id', () => ID) id: string, @Ctx() context: RequestContext) {
    return nodeService.node(context, id);
  }
}
