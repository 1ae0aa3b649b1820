import { Entity, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../global-id';
import { NodeInterface } from '../graphql/node.interface';
import { HierarchyUnitEntity } from './hierarchy-unit-entity';

/** A street (街道) of the district. */
@Entity({ tableName: 'streets' })
@Unique({ properties: ['tenantId', 'code'] })
@ObjectType('Street', { implements: NodeInterface })
export class Street extends HierarchyUnitEntity {
  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Street', this.id);
  }
}
