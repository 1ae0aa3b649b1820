import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { DeliveryStatus, WebhookEvent } from '@xiaoyuan/domain';
import { TenantEntity } from './tenant-entity';
import { Webhook } from './webhook.entity';

/** One event delivered (or being delivered) to a webhook, with its attempts. */
@Entity({ tableName: 'webhook_deliveries' })
export class WebhookDelivery extends TenantEntity {
  @ManyToOne(() => Webhook, { fieldName: 'webhook_id' })
  webhook!: Webhook;

  @Enum({ items: () => WebhookEvent })
  event!: WebhookEvent;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Enum({ items: () => DeliveryStatus, default: DeliveryStatus.PENDING })
  status: DeliveryStatus = DeliveryStatus.PENDING;

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  lastAttemptAt?: Date | null;

  /** the HTTP status of the last attempt */
  @Property({ type: 'integer', nullable: true })
  responseStatus?: number | null;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
