import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { WebhookEvent, WebhookFormat } from '@xiaoyuan/domain';
import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../global-id';
import { NodeInterface } from '../graphql/node.interface';
import { DateTimeScalar } from '../graphql/scalars';
import { UnitScopedEntity } from './unit-scoped-entity';
import { User } from './user.entity';

/**
 * A webhook (DOMAIN.md §10): where a district's events are posted, in §10's signed JSON or a
 * work-chat robot's format (§11); optionally limited to a unit's subtree like an API client. The
 * signing secret is stored AES-256-GCM encrypted (a GENERIC webhook's is generated and shown once;
 * a robot's is the robot's own, optional). Deleted softly: its deliveries stay on record.
 * As a GraphQL type, `url` (masked for robots), `scope` and `deliveries` are the API's field resolvers.
 */
@Entity({ tableName: 'webhooks' })
@ObjectType('Webhook', { implements: NodeInterface })
export class Webhook extends UnitScopedEntity {
  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Webhook', this.id);
  }

  @Field(() => String, { nullable: true, description: 'An optional label (1–100 characters).' })
  @Property({ type: 'text', nullable: true })
  name?: string | null;

  @Property({ type: 'text' })
  url!: string;

  @Field(() => WebhookFormat)
  @Enum({ items: () => WebhookFormat, default: WebhookFormat.GENERIC })
  format: WebhookFormat = WebhookFormat.GENERIC;

  @Field(() => [WebhookEvent])
  @Enum({ items: () => WebhookEvent, array: true, columnType: 'text[]' })
  events!: WebhookEvent[];

  @Property({ type: 'text', hidden: true, fieldName: 'signing_secret_enc', nullable: true })
  signingSecretEncrypted?: string | null;

  @ManyToOne(() => User, { fieldName: 'created_by', nullable: true })
  createdBy?: User | null;

  @Field(() => DateTimeScalar)
  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  disabledAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it is disabled: by whom, or after how long failing.' })
  @Property({ type: 'text', nullable: true })
  disabledReason?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'The first failed attempt since the last success; null: healthy.',
  })
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  failingSince?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  deletedAt?: Date | null;

  @Field(() => Boolean, { description: 'Not disabled: its events are delivered.' })
  get enabled(): boolean {
    return !this.disabledAt;
  }

  @Field(() => Boolean, {
    description: 'Whether deliveries are signed (GENERIC always; a robot when its secret was given).',
  })
  get hasSigningSecret(): boolean {
    return !!this.signingSecretEncrypted;
  }
}
