import { Migration } from '@mikro-orm/migrations';

/** Indexes the KPI engine reads each courtyard's records through (one index lookup per courtyard). */
export class Migration20261201000000KpiIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index disputes_courtyard_resolved_idx on disputes (tenant_id, courtyard_id, resolved_on) where resolved_on is not null;`,
    );
    this.addSql(`create index idle_spaces_courtyard_idx on idle_spaces (tenant_id, courtyard_id, registered_on);`);
    this.addSql(
      `create index committee_elections_courtyard_idx on committee_elections (tenant_id, courtyard_id, elected_on);`,
    );
    this.addSql(`create index activity_attendance_household_idx on activity_attendance (tenant_id, household_id);`);
    this.addSql(`create index votes_household_idx on votes (tenant_id, household_id);`);
  }
}
