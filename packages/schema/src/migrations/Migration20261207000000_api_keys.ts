import { Migration } from '@mikro-orm/migrations';

/**
 * Partner API keys (DOMAIN.md §10): a client's last use, and the look-up of a key by its hash
 * before the tenant is known. Like `user_logins` at sign-in, a request with an API key sets
 * `app.api_key_hash` and may read the one client row whose hash matches; every other statement
 * stays limited to the tenant.
 */
export class Migration20261207000000ApiKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table api_clients add column last_used_at timestamptz;`);
    this.addSql(`create index api_clients_secret_hash_idx on api_clients (secret_hash);`);
    this.addSql(`create policy api_key_lookup on api_clients for select
      using (secret_hash = nullif(current_setting('app.api_key_hash', true), ''));`);
  }
}
