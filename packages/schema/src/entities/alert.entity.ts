import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { AlertLevel, AlertStatus, KpiKey } from '@xiaoyuan/domain';
import { Community } from './community.entity';
import { Courtyard } from './courtyard.entity';
import { Street } from './street.entity';
import { TenantEntity } from './tenant-entity';

/**
 * An alert (预警) on one courtyard's KPI; at most one unresolved per (courtyard, KPI). `street` and
 * `community` are the courtyard's, kept for scope filters and assignment (yellow → community, red → street).
 */
@Entity({ tableName: 'alerts' })
export class Alert extends TenantEntity {
  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  @Enum({ items: () => KpiKey })
  kpi!: KpiKey;

  @Enum({ items: () => AlertLevel })
  level!: AlertLevel;

  @Enum({ items: () => AlertStatus, default: AlertStatus.OPEN })
  status: AlertStatus = AlertStatus.OPEN;

  /** the closed month the alert follows, `YYYY-MM` */
  @Property({ type: 'string' })
  period!: string;

  @Property({ type: 'float', runtimeType: 'number', columnType: 'numeric(14,6)', nullable: true })
  value?: number | null;

  @Property({ type: 'float', runtimeType: 'number', columnType: 'numeric(12,4)', nullable: true })
  target?: number | null;

  @ManyToOne(() => Street, { fieldName: 'street_id' })
  street!: Street;

  @ManyToOne(() => Community, { fieldName: 'community_id' })
  community!: Community;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  openedAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  acknowledgedAt?: Date | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;
}
