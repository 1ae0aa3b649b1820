import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DEFAULT_TIMEZONE } from '@xiaoyuan/domain';
import { toGlobalId } from '../global-id';
import { NodeInterface } from '../graphql/node.interface';

/** A district (区): one tenant. `id` is the tenant id of all its data. */
@Entity({ tableName: 'districts' })
@ObjectType('District', { implements: NodeInterface })
export class District {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('District', this.id);
  }

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  code!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  timezone: string = DEFAULT_TIMEZONE;

  @Field(() => Date)
  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
