import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CourtyardType } from '@xiaoyuan/domain';
import { toGlobalId } from '../global-id';
import { NodeInterface } from '../graphql/node.interface';
import { Community } from './community.entity';
import { Street } from './street.entity';
import { HierarchyUnitEntity } from './hierarchy-unit-entity';

/**
 * A courtyard (小院). `street` is kept beside `community` so scope filters need no join; the
 * database's composite key (tenant_id, street_id, community_id) keeps the two consistent.
 */
@Entity({ tableName: 'courtyards' })
@Unique({ properties: ['tenantId', 'code'] })
@ObjectType('Courtyard', { implements: NodeInterface })
export class Courtyard extends HierarchyUnitEntity {
  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Courtyard', this.id);
  }

  @ManyToOne(() => Street, { fieldName: 'street_id' })
  street!: Street;

  @ManyToOne(() => Community, { fieldName: 'community_id' })
  community!: Community;

  @Field(() => CourtyardType)
  @Enum({ items: () => CourtyardType })
  type!: CourtyardType;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  address?: string | null;

  /** The census number of households: the denominator of participation. */
  @Field(() => Int)
  @Property({ type: 'integer' })
  householdCount!: number;
}
