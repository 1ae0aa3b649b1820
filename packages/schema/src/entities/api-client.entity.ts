import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { ApiScope } from '@xiaoyuan/domain';
import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../global-id';
import { NodeInterface } from '../graphql/node.interface';
import { DateTimeScalar } from '../graphql/scalars';
import { UnitScopedEntity } from './unit-scoped-entity';
import { User } from './user.entity';

/**
 * A partner's API client (DOMAIN.md §10): HMAC of its secret, scopes (text[]), optionally limited
 * to a unit; revocable. The secret itself is never stored.
 */
@Entity({ tableName: 'api_clients' })
@ObjectType('ApiClient', { implements: NodeInterface })
export class ApiClient extends UnitScopedEntity {
  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('ApiClient', this.id);
  }

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Property({ type: 'string', hidden: true })
  secretHash!: string;

  @Field(() => [ApiScope])
  @Enum({ items: () => ApiScope, array: true, columnType: 'text[]' })
  scopes!: ApiScope[];

  @ManyToOne(() => User, { fieldName: 'created_by', nullable: true })
  createdBy?: User | null;

  @Field(() => DateTimeScalar)
  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'The last request with its key (to the minute).' })
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
