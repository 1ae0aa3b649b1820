import { Entity, ManyToOne, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../global-id';
import { NodeInterface } from '../graphql/node.interface';
import { Street } from './street.entity';
import { HierarchyUnitEntity } from './hierarchy-unit-entity';

/** A community (社区) of a street. */
@Entity({ tableName: 'communities' })
@Unique({ properties: ['tenantId', 'code'] })
@ObjectType('Community', { implements: NodeInterface })
export class Community extends HierarchyUnitEntity {
  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Community', this.id);
  }

  @ManyToOne(() => Street, { fieldName: 'street_id' })
  street!: Street;
}
