import { AlertLevel, AlertStatus, KpiKey, PeriodScalar } from '@xiaoyuan/schema';
import { Field, ID, InputType } from 'type-graphql';

@InputType('AlertFilter')
export class AlertFilter {
  @Field(() => AlertStatus, { nullable: true })
  status?: AlertStatus | null;

  @Field(() => AlertLevel, { nullable: true })
  level?: AlertLevel | null;

  @Field(() => KpiKey, { nullable: true })
  kpi?: KpiKey | null;

  @Field(() => ID, { nullable: true })
  streetId?: string | null;

  @Field(() => ID, { nullable: true })
  communityId?: string | null;

  @Field(() => ID, { nullable: true })
  courtyardId?: string | null;

  @Field(() => PeriodScalar, {
    nullable: true,
    description: 'Alerts following a month of this period (a month, quarter or year).',
  })
  period?: string | null;
}

@InputType('AcknowledgeAlertInput')
export class AcknowledgeAlertInput {
  @Field(() => ID)
  alertId!: string;

  @Field(() => String)
  note!: string;
}

@InputType('ResolveAlertInput')
export class ResolveAlertInput {
  @Field(() => ID)
  alertId!: string;

  @Field(() => String)
  note!: string;
}
