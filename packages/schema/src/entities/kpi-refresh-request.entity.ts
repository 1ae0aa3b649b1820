import { Entity, Property } from '@mikro-orm/core';
import { TenantEntity } from './tenant-entity';

/**
 * A planned KPI refresh in the outbox (`kpi_refresh_requests`): written and read with SQL by
 * `jobs/kpi-refresh-outbox.ts`; mapped so that every tenant table has its entity. Not a GraphQL type.
 */
@Entity({ tableName: 'kpi_refresh_requests' })
export class KpiRefreshRequest extends TenantEntity {
  @Property({ type: 'text' })
  jobName!: string;

  @Property({ type: 'json', columnType: 'jsonb' })
  payload!: unknown;

  @Property({ type: 'text' })
  jobId!: string;

  @Property({ type: 'text' })
  policy!: string;

  @Property({ type: 'json', columnType: 'jsonb' })
  options!: unknown;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  enqueuedAt?: Date | null;
}
