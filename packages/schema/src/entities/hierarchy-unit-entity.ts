import { Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { TenantEntity } from './tenant-entity';

/**
 * Columns a street, a community and a courtyard share: the code (unique in the district), the
 * name, and when the row was created and last changed. `code` and `name` are GraphQL fields of
 * each unit's type: type-graphql passes an object type's fields on to its subclasses, and no
 * resolver returns this one, so the emitted schema does not show it.
 */
@ObjectType()
export abstract class HierarchyUnitEntity extends TenantEntity {
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
