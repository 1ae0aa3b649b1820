import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { ApiScope } from '@xiaoyuan/domain';
import { UnitScopedEntity } from './unit-scoped-entity';
import { User } from './user.entity';

/** A partner's API client: hashed secret, scopes (text[]), optionally limited to a unit; revocable. */
@Entity({ tableName: 'api_clients' })
export class ApiClient extends UnitScopedEntity {
  @Property({ type: 'string' })
  name!: string;

  @Property({ type: 'string', hidden: true })
  secretHash!: string;

  @Enum({ items: () => ApiScope, array: true, columnType: 'text[]' })
  scopes!: ApiScope[];

  @ManyToOne(() => User, { fieldName: 'created_by', nullable: true })
  createdBy?: User | null;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
