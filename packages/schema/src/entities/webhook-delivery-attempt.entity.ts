import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars';
import { TenantEntity } from './tenant-entity';
import { WebhookDelivery } from './webhook-delivery.entity';

/** One HTTP attempt of a delivery (append-only): when, how long, the answer or why there was none. */
@Entity({ tableName: 'webhook_delivery_attempts' })
@ObjectType('WebhookDeliveryAttempt')
export class WebhookDeliveryAttempt extends TenantEntity {
  @ManyToOne(() => WebhookDelivery, { fieldName: 'delivery_id' })
  delivery!: WebhookDelivery;

  @Field(() => Int)
  @Property({ type: 'integer' })
  attempt!: number;

  @Field(() => DateTimeScalar)
  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  at: Date = new Date();

  @Field(() => Int)
  @Property({ type: 'integer' })
  durationMs!: number;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status; null when it did not answer." })
  @Property({ type: 'integer', nullable: true })
  responseStatus?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why it failed: TIMEOUT, CONNECTION_FAILED, ADDRESS_NOT_ALLOWED, HTTP_STATUS, ROBOT_ERROR …, with detail.',
  })
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'text', nullable: true })
  responseExcerpt?: string | null;
}
