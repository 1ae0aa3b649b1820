import { Migration } from '@mikro-orm/migrations';

/**
 * Range indexes of the KPI engine's roll-up statement: a period's records (and its courtyard
 * snapshots) of the whole district are read by one index range scan on the period, then joined to
 * the member courtyards of each scope, instead of one index probe per member courtyard. The
 * included columns are what the pooled median and 90th percentile read.
 */
export class Migration20261201010000KpiRangeIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index disputes_resolved_idx on disputes (tenant_id, resolved_on) include (courtyard_id, reported_on) where resolved_on is not null;`,
    );
    this.addSql(
      `create index service_requests_created_idx on service_requests (tenant_id, created_at) include (courtyard_id, first_response_at) where first_response_at is not null;`,
    );
    // key columns never change on an upsert, so the engine's updates stay HOT
    this.addSql(`create index kpi_snapshots_period_idx on kpi_snapshots (tenant_id, period, scope_level, kpi);`);
  }
}
