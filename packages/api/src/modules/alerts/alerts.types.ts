import {
  AlertLevel,
  AlertStatus,
  Community,
  DateTimeScalar,
  KpiKey,
  NodeInterface,
  PeriodScalar,
  Street,
  toGlobalId,
} from '@xiaoyuan/schema';
import { createUnionType, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';
import { connectionType } from '../../engine/pagination';

/** An `alerts` row as read by raw SQL (see `ALERT_COLUMNS`). */
export interface AlertRow {
  id: string;
  courtyard_id: string;
  street_id: string;
  community_id: string;
  kpi: KpiKey;
  level: AlertLevel;
  status: AlertStatus;
  period: string;
  value: number | null;
  target: number | null;
  opened_at: Date | string;
  acknowledged_at: Date | string | null;
  resolved_at: Date | string | null;
  /** opened_at in UTC with microseconds: the exact sort key of a page cursor */
  sort_key: string;
}

export const OrgUnitUnion = createUnionType({
  name: 'OrgUnit',
  description:
    "The unit an alert is assigned to: a yellow alert to the courtyard's community, a red one to its street (挂牌督办).",
  types: () => [Street, Community] as const,
});

/**
 * An alert (预警) on one courtyard's KPI, following the most recent closed month in which that KPI
 * has a value (DOMAIN.md §7); at most one unresolved per (courtyard, KPI).
 */
@ObjectType('Alert', { implements: NodeInterface })
export class AlertView {
  alertId!: string;
  courtyardId!: string;
  streetId!: string;
  communityId!: string;
  sortKey!: string;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Alert', this.alertId);
  }

  @Field(() => AlertLevel)
  level!: AlertLevel;

  @Field(() => KpiKey)
  kpi!: KpiKey;

  @Field(() => PeriodScalar, { description: 'The closed month the alert follows.' })
  period!: string;

  @Field(() => Float, { nullable: true, description: "The KPI's value in that month." })
  value!: number | null;

  @Field(() => Float, { nullable: true })
  target!: number | null;

  @Field(() => AlertStatus)
  status!: AlertStatus;

  @Field(() => DateTimeScalar)
  openedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  resolvedAt!: Date | null;

  static of(row: AlertRow): AlertView {
    return Object.assign(new AlertView(), {
      alertId: row.id,
      courtyardId: row.courtyard_id,
      streetId: row.street_id,
      communityId: row.community_id,
      sortKey: row.sort_key,
      level: row.level,
      kpi: row.kpi,
      period: row.period,
      value: row.value,
      target: row.target,
      status: row.status,
      // raw SQL gives timestamps as text
      openedAt: new Date(row.opened_at),
      acknowledgedAt: row.acknowledged_at === null ? null : new Date(row.acknowledged_at),
      resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
    });
  }
}

/** A change in an alert's life, with who (a user, an API client, or null: the system) and when. */
@ObjectType('AlertEvent')
export class AlertEventView {
  actorId!: string | null;
  /** the partner's API client that acted (DOMAIN.md §10), instead of a user */
  actorClientId!: string | null;

  @Field(() => String, { description: 'Who acted: USER, API_CLIENT (a partner, DOMAIN.md §10) or SYSTEM.' })
  get actorKind(): 'USER' | 'API_CLIENT' | 'SYSTEM' {
    return this.actorId ? 'USER' : this.actorClientId ? 'API_CLIENT' : 'SYSTEM';
  }

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String, { description: 'OPENED, UPDATED, ESCALATED, ACKNOWLEDGED or RESOLVED.' })
  action!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => AlertLevel, {
    nullable: true,
    description: 'The level from this event on (opened, updated, escalated).',
  })
  level!: AlertLevel | null;

  @Field(() => PeriodScalar, { nullable: true, description: 'The month the alert followed from this event on.' })
  period!: string | null;
}

export const AlertConnection = connectionType('Alert', AlertView);

@ObjectType('AlertPayload')
export class AlertPayload {
  @Field(() => AlertView, { nullable: true })
  alert!: AlertView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

/** Unresolved alerts of a unit's subtree that the caller sees, for the dashboard. */
@ObjectType('AlertCounts')
export class AlertCountsView {
  @Field(() => Int, { description: 'OPEN alerts.' })
  open!: number;

  @Field(() => Int, { description: 'ACKNOWLEDGED alerts (not resolved yet).' })
  acknowledged!: number;

  @Field(() => Int, { description: 'Unresolved RED alerts.' })
  red!: number;

  @Field(() => Int, { description: 'Unresolved YELLOW alerts.' })
  yellow!: number;
}
