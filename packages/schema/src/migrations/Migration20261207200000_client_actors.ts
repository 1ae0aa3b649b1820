import { Migration } from '@mikro-orm/migrations';

/**
 * Partner API clients write records and handle alerts (DOMAIN.md §10): where a row names the user
 * who did it, it may name the API client instead, so that history keeps which client acted. Each
 * column sits next to the user reference it stands in for; at most one of the two is set (both
 * null: the system, or a user whose account is gone).
 */
export class Migration20261207200000ClientActors extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table ledger_entries
        add column recorded_by_client uuid,
        add constraint ledger_entries_one_recorder check (num_nonnulls(recorded_by, recorded_by_client) <= 1),
        add foreign key (tenant_id, recorded_by_client) references api_clients (tenant_id, id);`);
    this.addSql(`
      alter table alert_events
        add column actor_client_id uuid,
        add constraint alert_events_one_actor check (num_nonnulls(actor_id, actor_client_id) <= 1),
        add foreign key (tenant_id, actor_client_id) references api_clients (tenant_id, id);`);
    this.addSql(`
      alter table imports
        add column created_by_client uuid,
        add constraint imports_one_uploader check (num_nonnulls(created_by, created_by_client) <= 1),
        add foreign key (tenant_id, created_by_client) references api_clients (tenant_id, id);`);
    // a client's own uploads are what it lists
    this.addSql(
      `create index imports_created_by_client_idx on imports (tenant_id, created_by_client, created_at desc) where created_by_client is not null;`,
    );
  }
}
