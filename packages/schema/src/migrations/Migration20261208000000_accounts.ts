import { Migration } from '@mikro-orm/migrations';

/**
 * Accounts a district can run (issue 10): every session token carries its user's `token_version`,
 * and a token whose version is no longer the user's is refused, so signing out, a changed or reset
 * password, a disable and a change of role or unit take effect on the next request.
 * `must_change_password` marks a one-time password set by an admin; `last_login_at` is kept by
 * sign-in. `users.disabled_at` exists since the foundation.
 */
export class Migration20261208000000Accounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table users
        add column token_version integer not null default 0,
        add column must_change_password boolean not null default false,
        add column last_login_at timestamptz;`);
    this.addSql(`alter table platform_users add column token_version integer not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table platform_users drop column token_version;`);
    this.addSql(
      `alter table users drop column token_version, drop column must_change_password, drop column last_login_at;`,
    );
  }
}
