import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * The Relay `Node` interface: every object with a global id (`toGlobalId`) implements it so that
 * `node(id)` can return it. Implementing classes declare their own `id` field (the global id).
 */
@InterfaceType('Node')
export abstract class NodeInterface {
  @Field(() => ID)
  id!: string;
}
