import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the reads of alerts (measured with EXPLAIN ANALYZE at L, 24,000 open alerts, as the
 * application role; BENCHMARKS.md, issue 11):
 * - `alerts_unresolved_idx`: the alert counts of the district, its streets and communities (open,
 *   acknowledged, red, yellow of the unresolved) are index-only scans, 53 → 4 ms for the district;
 * - `alerts_inbox_idx`: the inbox by status, newest first, reads its page from the index (24 →
 *   0.1 ms), and its count by status is index-only (32 → 2 ms);
 * - `alert_events_alert_idx`: an alert's history in order is an index look-up, not a scan of the
 *   district's events (7 → 0.2 ms for a page of 20 alerts).
 */
export class Migration20261209010000AlertReadIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index alerts_unresolved_idx on alerts (tenant_id, street_id, community_id, level, status)
      where status <> 'RESOLVED';`);
    this.addSql(`create index alerts_inbox_idx on alerts (tenant_id, status, opened_at desc, id desc);`);
    this.addSql(`create index alert_events_alert_idx on alert_events (tenant_id, alert_id, at, id);`);
  }
}
