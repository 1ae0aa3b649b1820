import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../global-id';
import { NodeInterface } from '../graphql/node.interface';
import { Street } from './street.entity';
import { TenantEntity } from './tenant-entity';

/** A community (社区) of a street. */
@Entity({ tableName: 'communities' })
@Unique({ properties: ['tenantId', 'code'] })
@ObjectType('Community', { implements: NodeInterface })
export class Community extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Community', this.id);
  }

  @ManyToOne(() => Street, { fieldName: 'street_id' })
  street!: Street;

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
