import { DateTimeScalar, KpiKey, KpiStatus, PeriodScalar } from '@xiaoyuan/schema';
import { Field, Float, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';
import { JobView } from '../jobs/jobs.types';

/**
 * One KPI of one unit for one period (DOMAIN.md §6–§7), from the worker's snapshot; NO_DATA with
 * nulls when none was computed. A value with target null is GREEN: nothing to miss (no plan yet).
 */
@ObjectType('KpiValue')
export class KpiValueView {
  @Field(() => KpiKey)
  key!: KpiKey;

  @Field(() => Float, {
    nullable: true,
    description: 'A fraction 0–1, a score 0–100, days or hours; null when NO_DATA.',
  })
  value!: number | null;

  @Field(() => Float, { nullable: true, description: 'For the median and 90th percentile KPIs: the value itself.' })
  numerator!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'For the median and 90th percentile KPIs: the number of records.',
  })
  denominator!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "The target of the plan's phase (or the district's override); null without a plan.",
  })
  target!: number | null;

  @Field(() => KpiStatus)
  status!: KpiStatus;

  @Field(() => Boolean, { description: 'The period is still open: the figures may change and raise no alerts.' })
  provisional!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the worker computed it; null when never.' })
  computedAt!: Date | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The value of the previous period of the same kind (2026-09 for 2026-10, 2026-Q3, 2025).',
  })
  previousValue!: number | null;

  @Field(() => Float, { nullable: true, description: 'value − previousValue; null unless both have a value.' })
  change!: number | null;
}

/** A point of a KPI's trend. */
@ObjectType('KpiPoint')
export class KpiPointView {
  @Field(() => PeriodScalar)
  period!: string;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Float, { nullable: true })
  target!: number | null;

  @Field(() => KpiStatus)
  status!: KpiStatus;

  @Field(() => Boolean, { description: 'The period is still open.' })
  provisional!: boolean;
}

@ObjectType('RequestKpiRecomputePayload')
export class RequestKpiRecomputePayload {
  @Field(() => JobView, { nullable: true, description: 'Follow it with job(id).' })
  job!: JobView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
