import { Entity, Enum, Property } from '@mikro-orm/core';
import { WebhookEvent } from '@xiaoyuan/domain';
import { TenantEntity } from './tenant-entity';

/** A partner's webhook: URL, subscribed events (text[]) and the AES-256-GCM encrypted signing secret. */
@Entity({ tableName: 'webhooks' })
export class Webhook extends TenantEntity {
  @Property({ type: 'text' })
  url!: string;

  @Enum({ items: () => WebhookEvent, array: true, columnType: 'text[]' })
  events!: WebhookEvent[];

  @Property({ type: 'text', hidden: true, fieldName: 'signing_secret_enc' })
  signingSecretEncrypted!: string;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  disabledAt?: Date | null;
}
