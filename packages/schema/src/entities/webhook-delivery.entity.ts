import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { DeliveryStatus, WebhookEvent } from '@xiaoyuan/domain';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../global-id';
import { NodeInterface } from '../graphql/node.interface';
import { DateTimeScalar } from '../graphql/scalars';
import { Alert } from './alert.entity';
import { TenantEntity } from './tenant-entity';
import { Webhook } from './webhook.entity';

/**
 * One event for one webhook (the outbox row, written with the change that causes it), delivered by
 * the worker: PENDING until an attempt succeeds (SUCCEEDED) or the last one fails (FAILED). The
 * payload is §10's body without `id` and `event`: `{ occurredAt, district, data }`.
 * As a GraphQL type, `body`, `nextAttemptAt` and `attemptLog` are the API's field resolvers.
 */
@Entity({ tableName: 'webhook_deliveries' })
@ObjectType('WebhookDelivery', { implements: NodeInterface })
export class WebhookDelivery extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('WebhookDelivery', this.id);
  }

  @ManyToOne(() => Webhook, { fieldName: 'webhook_id' })
  webhook!: Webhook;

  @Field(() => WebhookEvent)
  @Enum({ items: () => WebhookEvent })
  event!: WebhookEvent;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Field(() => DeliveryStatus)
  @Enum({ items: () => DeliveryStatus, default: DeliveryStatus.PENDING })
  status: DeliveryStatus = DeliveryStatus.PENDING;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @Field(() => DateTimeScalar, { nullable: true })
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  lastAttemptAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last attempt.' })
  @Property({ type: 'integer', nullable: true })
  responseStatus?: number | null;

  /** when the next attempt is due (null: none is) */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true, defaultRaw: 'now()' })
  nextAttemptAt?: Date | null = new Date();

  /** a worker's lease on the row while it posts it */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  claimedUntil?: Date | null;

  /** false for a redelivery by hand: one attempt, no retries */
  @Property({ type: 'boolean', default: true })
  autoRetry: boolean = true;

  @Field(() => Boolean, { description: 'A test event sent from the admin app: its data is an example.' })
  @Property({ type: 'boolean', default: false })
  test: boolean = false;

  @ManyToOne(() => Alert, { fieldName: 'alert_id', nullable: true })
  alert?: Alert | null;

  @Property({ type: 'text', nullable: true })
  period?: string | null;

  @Field(() => DateTimeScalar)
  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
