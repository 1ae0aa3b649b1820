import { Migration } from '@mikro-orm/migrations';

/**
 * An uploaded file is kept only while its import waits or runs (README, Personal data): the API
 * stores it encrypted, the worker deletes it (`content` null, `content_deleted_at`) once the
 * import has completed or failed; the row's outcome and report stay. Files of finished imports
 * stored before this are deleted now.
 */
export class Migration20261208010000ImportContentRetention extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table imports
        alter column content drop not null,
        add column content_deleted_at timestamptz,
        add constraint imports_content_kept_or_deleted check ((content is null) = (content_deleted_at is not null));`);
    // the owner is subject to row-level security (FORCE): lifted for this one update, in this transaction
    this.addSql(`alter table imports no force row level security;`);
    this.addSql(`
      update imports set content = null, content_deleted_at = coalesce(finished_at, now())
      where status in ('COMPLETED', 'FAILED');`);
    this.addSql(`alter table imports force row level security;`);
  }
}
