import { Migration } from '@mikro-orm/migrations';

const TENANT = `nullif(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * Uploaded import files (courtyards, households, activity attendance) and their outcome. The file
 * is kept in the database so that the worker that processes it needs no shared disk, and so that
 * what was imported stays on record.
 */
export class Migration20261130100000Imports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table imports (
        tenant_id uuid not null references districts (id),
        id uuid not null default gen_random_uuid(),
        kind text not null check (kind in ('COURTYARDS', 'HOUSEHOLDS', 'ATTENDANCE')),
        format text not null check (format in ('CSV', 'XLSX')),
        filename text not null check (length(filename) between 1 and 255),
        content bytea not null,
        status text not null default 'QUEUED' check (status in ('QUEUED', 'ACTIVE', 'COMPLETED', 'FAILED')),
        total_rows integer check (total_rows >= 0),
        stored_rows integer check (stored_rows >= 0),
        -- every bad row: [{ row, column, reason }]
        errors jsonb not null default '[]',
        failed_reason text,
        created_by uuid,
        created_at timestamptz not null default now(),
        finished_at timestamptz,
        primary key (tenant_id, id),
        foreign key (tenant_id, created_by) references users (tenant_id, id)
      );`);
    this.addSql(`alter table imports enable row level security;`);
    this.addSql(`alter table imports force row level security;`);
    this.addSql(
      `create policy tenant_isolation on imports using (tenant_id = ${TENANT}) with check (tenant_id = ${TENANT});`,
    );
    this.addSql(`grant select, insert, update on imports to xiaoyuan_app;`);
  }
}
