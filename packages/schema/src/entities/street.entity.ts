import { Entity, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../global-id';
import { NodeInterface } from '../graphql/node.interface';
import { TenantEntity } from './tenant-entity';

/** A street (街道) of the district. */
@Entity({ tableName: 'streets' })
@Unique({ properties: ['tenantId', 'code'] })
@ObjectType('Street', { implements: NodeInterface })
export class Street extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Street', this.id);
  }

  @Field(() => String)
  @Property({ type: 'string' })
  code!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
