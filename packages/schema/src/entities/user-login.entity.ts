import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** The directory that keeps emails unique across districts and finds a user's district at sign-in. */
@Entity({ tableName: 'user_logins' })
export class UserLogin {
  @PrimaryKey({ type: 'string' })
  email!: string;

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  userId!: string;
}
