import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from '../db/database-roles';

const TENANT = `nullif(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * The outbox of KPI refreshes (DOMAIN.md §6): the `recompute-kpis` jobs a record mutation needs,
 * as the KPI-refresh planner planned them (job name, payload, id, policy, BullMQ options), written
 * in the mutation's transaction, so a rolled-back mutation leaves none and a committed one cannot
 * lose its refresh to a Redis outage. The API enqueues them at once after the commit and sets
 * `enqueued_at`; the worker's relay enqueues those still unset (NOTIFY `kpi_refresh_requests` with
 * the district at commit, and a sweep every 30 s), and removes enqueued rows after a day.
 */
export class Migration20261208020000KpiRefreshOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table kpi_refresh_requests (
        tenant_id uuid not null references districts (id),
        id uuid not null default gen_random_uuid(),
        job_name text not null,
        payload jsonb not null,
        -- the planner's id: the BullMQ job id (reuse, spare) or deduplication id (coalesce)
        job_id text not null,
        policy text not null check (policy in ('coalesce', 'reuse', 'spare')),
        options jsonb not null,
        created_at timestamptz not null default now(),
        enqueued_at timestamptz,
        primary key (tenant_id, id)
      );`);
    this.addSql(
      `create index kpi_refresh_requests_pending_idx on kpi_refresh_requests (tenant_id, created_at) where enqueued_at is null;`,
    );
    this.addSql(`alter table kpi_refresh_requests enable row level security;`);
    this.addSql(`alter table kpi_refresh_requests force row level security;`);
    this.addSql(
      `create policy tenant_isolation on kpi_refresh_requests using (tenant_id = ${TENANT}) with check (tenant_id = ${TENANT});`,
    );
    this.addSql(`grant select, insert, update, delete on kpi_refresh_requests to ${APP_ROLE};`);
    this.addSql(`
      create function kpi_refresh_requested() returns trigger language plpgsql as $fn$
      begin
        -- sent at commit; identical notifications of one transaction are sent once
        perform pg_notify('kpi_refresh_requests', new.tenant_id::text);
        return null;
      end
      $fn$;`);
    this.addSql(`
      create trigger kpi_refresh_requests_notify after insert on kpi_refresh_requests
        for each row execute function kpi_refresh_requested();`);
  }
}
