import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';

/** A platform operator: creates districts, sees none of their data. */
@Entity({ tableName: 'platform_users' })
export class PlatformUser {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'string', unique: true })
  email!: string;

  @Property({ type: 'string', hidden: true })
  passwordHash!: string;

  @Property({ type: 'string' })
  displayName!: string;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /** carried by every session token of the operator; signing out or a new password bumps it */
  @Property({ type: 'integer', default: 0 })
  tokenVersion: Opt<number> = 0;
}
