import { Entity, Enum, Property, Unique, type Opt } from '@mikro-orm/core';
import { Role } from '@xiaoyuan/domain';
import { UnitScopedEntity } from './unit-scoped-entity';

/**
 * A district's user. A scoped role names its unit: a street officer its street, a community worker
 * its community, a courtyard committee its courtyard (a database check enforces it). The GraphQL
 * `User` type is built by the API, since the platform operator is a `User` too.
 */
@Entity({ tableName: 'users' })
@Unique({ properties: ['tenantId', 'email'] })
export class User extends UnitScopedEntity {
  /** lower-cased; unique across districts through `user_logins` */
  @Property({ type: 'string' })
  email!: string;

  @Property({ type: 'string', hidden: true })
  passwordHash!: string;

  @Property({ type: 'string' })
  displayName!: string;

  @Enum({ items: () => Role })
  role!: Role;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  disabledAt?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /** carried by every session token; a token of an older version is refused (sign-out, password, disable, role) */
  @Property({ type: 'integer', default: 0 })
  tokenVersion: Opt<number> = 0;

  /** the password is a one-time password set by an admin: nothing but changing it until then */
  @Property({ type: 'boolean', default: false })
  mustChangePassword: Opt<boolean> = false;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  lastLoginAt?: Date | null;
}
