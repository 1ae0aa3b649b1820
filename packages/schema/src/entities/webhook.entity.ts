import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { WebhookEvent, WebhookFormat } from '@xiaoyuan/domain';
import { UnitScopedEntity } from './unit-scoped-entity';
import { User } from './user.entity';

/**
 * A webhook (DOMAIN.md §10): where a district's events are posted, in §10's signed JSON or a
 * work-chat robot's format (§11); optionally limited to a unit's subtree like an API client. The
 * signing secret is stored AES-256-GCM encrypted (a GENERIC webhook's is generated and shown once;
 * a robot's is the robot's own, optional). Deleted softly: its deliveries stay on record.
 */
@Entity({ tableName: 'webhooks' })
export class Webhook extends UnitScopedEntity {
  @Property({ type: 'text', nullable: true })
  name?: string | null;

  @Property({ type: 'text' })
  url!: string;

  @Enum({ items: () => WebhookFormat, default: WebhookFormat.GENERIC })
  format: WebhookFormat = WebhookFormat.GENERIC;

  @Enum({ items: () => WebhookEvent, array: true, columnType: 'text[]' })
  events!: WebhookEvent[];

  @Property({ type: 'text', hidden: true, fieldName: 'signing_secret_enc', nullable: true })
  signingSecretEncrypted?: string | null;

  @ManyToOne(() => User, { fieldName: 'created_by', nullable: true })
  createdBy?: User | null;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  disabledAt?: Date | null;

  /** why it is disabled: by whom, or after how long failing */
  @Property({ type: 'text', nullable: true })
  disabledReason?: string | null;

  /** the first failed attempt since its last success (null: not failing) */
  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  failingSince?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  deletedAt?: Date | null;
}
