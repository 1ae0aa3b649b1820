import { Migration } from '@mikro-orm/migrations';

/**
 * Every alert of a (courtyard, KPI), resolved ones included: the alert sync's "has a resolved
 * alert already followed this month?" and a courtyard's alert history are index look-ups, not a
 * scan of the district's alerts (alerts_one_open covers the unresolved ones only).
 */
export class Migration20261202000000AlertCourtyardIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index alerts_courtyard_idx on alerts (tenant_id, courtyard_id, kpi, period);`);
  }
}
