import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { AlertAction, AlertLevel } from '@xiaoyuan/domain';
import { Alert } from './alert.entity';
import { ApiClient } from './api-client.entity';
import { TenantEntity } from './tenant-entity';
import { User } from './user.entity';

/** A change in an alert's life (opened, updated, escalated, acknowledged, resolved), with who and when. Append-only. */
@Entity({ tableName: 'alert_events' })
export class AlertEvent extends TenantEntity {
  @ManyToOne(() => Alert, { fieldName: 'alert_id' })
  alert!: Alert;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  at: Date = new Date();

  @Enum({ items: () => AlertAction })
  action!: AlertAction;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Enum({ items: () => AlertLevel, nullable: true })
  level?: AlertLevel | null;

  @Property({ type: 'string', nullable: true })
  period?: string | null;

  /** null for the system (the worker) and for an API client */
  @ManyToOne(() => User, { fieldName: 'actor_id', nullable: true })
  actor?: User | null;

  /** the partner's API client that acted, instead of a user (at most one of the two) */
  @ManyToOne(() => ApiClient, { fieldName: 'actor_client_id', nullable: true })
  actorClient?: ApiClient | null;
}
