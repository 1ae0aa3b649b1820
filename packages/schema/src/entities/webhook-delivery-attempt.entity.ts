import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { TenantEntity } from './tenant-entity';
import { WebhookDelivery } from './webhook-delivery.entity';

/** One HTTP attempt of a delivery (append-only): when, how long, the answer or why there was none. */
@Entity({ tableName: 'webhook_delivery_attempts' })
export class WebhookDeliveryAttempt extends TenantEntity {
  @ManyToOne(() => WebhookDelivery, { fieldName: 'delivery_id' })
  delivery!: WebhookDelivery;

  @Property({ type: 'integer' })
  attempt!: number;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  at: Date = new Date();

  @Property({ type: 'integer' })
  durationMs!: number;

  @Property({ type: 'integer', nullable: true })
  responseStatus?: number | null;

  /** TIMEOUT, CONNECTION_FAILED, ADDRESS_NOT_ALLOWED, HTTP_STATUS, ROBOT_ERROR …, with detail */
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'text', nullable: true })
  responseExcerpt?: string | null;
}
