import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from '../db/database-roles';

const TENANT = `nullif(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * Webhooks and their deliveries (DOMAIN.md §10, §11).
 *
 * - A webhook has a format (GENERIC: the signed JSON of §10; WECOM, DINGTALK, FEISHU: that work-chat
 *   robot's own message), may be limited to a subtree like an API client, is disabled with a reason
 *   (by an admin, or after three days of failing), and is deleted softly: its deliveries stay.
 * - The outbox: a delivery row is written in the transaction of the change that causes it. For the
 *   alert events, a statement trigger on `alert_events` writes one delivery per (event, webhook that
 *   wants it): whoever records the change (the worker's alert sync, a person resolving by hand)
 *   cannot forget it, and a rolled-back change leaves none. The payload is the event's data as of
 *   the change (§10's body without `id` and `event`, which the worker adds).
 * - A due delivery (PENDING, `next_attempt_at` passed) notifies `webhook_deliveries` with its
 *   district's id; NOTIFY is sent at commit, so the worker hears of committed rows only. The worker
 *   claims rows with a lease (`claimed_until`), so two workers never post the same attempt.
 * - Every attempt is a row of `webhook_delivery_attempts` (append-only).
 */
export class Migration20261207100000Webhooks extends Migration {
  override async up(): Promise<void> {
    // global ids as the API makes them (base64url of `Type:uuid`, no padding)
    this.addSql(`
      create function global_id(type text, id uuid) returns text
        language sql immutable parallel safe
        return translate(rtrim(replace(encode(convert_to(type || ':' || id::text, 'UTF8'), 'base64'), E'\\n', ''), '='), '+/', '-_');`);

    this.addSql(`
      alter table webhooks
        add column name text check (length(btrim(name)) between 1 and 100),
        add column format text not null default 'GENERIC' check (format in ('GENERIC', 'WECOM', 'DINGTALK', 'FEISHU')),
        add column street_id uuid,
        add column community_id uuid,
        add column courtyard_id uuid,
        add column created_by uuid,
        add column disabled_reason text,
        add column failing_since timestamptz,
        add column deleted_at timestamptz,
        alter column signing_secret_enc drop not null,
        add constraint webhooks_generic_signed check (format <> 'GENERIC' or signing_secret_enc is not null),
        add constraint webhooks_one_unit check (num_nonnulls(street_id, community_id, courtyard_id) <= 1),
        add foreign key (tenant_id, street_id) references streets (tenant_id, id),
        add foreign key (tenant_id, community_id) references communities (tenant_id, id),
        add foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id),
        add foreign key (tenant_id, created_by) references users (tenant_id, id);`);

    this.addSql(`
      alter table webhook_deliveries
        add column next_attempt_at timestamptz default now(),
        add column claimed_until timestamptz,
        add column auto_retry boolean not null default true,
        add column test boolean not null default false,
        add column alert_id uuid,
        add column period text,
        add foreign key (tenant_id, alert_id) references alerts (tenant_id, id);`);
    this.addSql(
      `create index webhook_deliveries_webhook_idx on webhook_deliveries (tenant_id, webhook_id, created_at desc, id desc);`,
    );
    this.addSql(
      `create index webhook_deliveries_due_idx on webhook_deliveries (tenant_id, next_attempt_at) where status = 'PENDING';`,
    );

    this.addSql(`
      create table webhook_delivery_attempts (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        delivery_id uuid not null,
        attempt integer not null check (attempt >= 1),
        at timestamptz not null default now(),
        duration_ms integer not null check (duration_ms >= 0),
        -- the receiver's HTTP status; null when there was no answer (error says why)
        response_status integer,
        -- TIMEOUT, CONNECTION_FAILED, ADDRESS_NOT_ALLOWED, HTTP_STATUS, ROBOT_ERROR: <code> <message>, ...
        error text,
        response_excerpt text,
        primary key (tenant_id, id),
        unique (tenant_id, delivery_id, attempt),
        foreign key (tenant_id, delivery_id) references webhook_deliveries (tenant_id, id)
      );`);
    this.addSql(`alter table webhook_delivery_attempts enable row level security;`);
    this.addSql(`alter table webhook_delivery_attempts force row level security;`);
    this.addSql(
      `create policy tenant_isolation on webhook_delivery_attempts using (tenant_id = ${TENANT}) with check (tenant_id = ${TENANT});`,
    );
    this.addSql(`grant select, insert on webhook_delivery_attempts to ${APP_ROLE};`);

    // ---------------------------------------------------------------- the outbox of alert events
    this.addSql(`
      create function webhook_alert_outbox() returns trigger language plpgsql as $fn$
      begin
        insert into webhook_deliveries (tenant_id, webhook_id, event, payload, alert_id, period)
        select e.tenant_id, w.id, x.event,
               jsonb_build_object(
                 'occurredAt', to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'district', jsonb_build_object('id', global_id('District', d.id), 'code', d.code),
                 'data', jsonb_build_object('alert', jsonb_build_object(
                   'id', global_id('Alert', a.id),
                   'kpi', a.kpi,
                   'level', coalesce(e.level, a.level),
                   'status', case when e.action = 'RESOLVED' then 'RESOLVED' else a.status end,
                   'period', coalesce(e.period, a.period),
                   'value', a.value,
                   'target', a.target,
                   'courtyard', jsonb_build_object('id', global_id('Courtyard', c.id), 'code', c.code, 'name', c.name),
                   'assignedTo', case when coalesce(e.level, a.level) = 'RED'
                     then jsonb_build_object('id', global_id('Street', s.id), 'name', s.name)
                     else jsonb_build_object('id', global_id('Community', m.id), 'name', m.name) end))),
               a.id, coalesce(e.period, a.period)
          from new_events e
          join lateral (select case e.action when 'OPENED' then 'ALERT_OPENED'
                                             when 'ESCALATED' then 'ALERT_ESCALATED'
                                             when 'RESOLVED' then 'ALERT_RESOLVED' end as event) x on x.event is not null
          join alerts a on a.tenant_id = e.tenant_id and a.id = e.alert_id
          join districts d on d.id = e.tenant_id
          join courtyards c on c.tenant_id = a.tenant_id and c.id = a.courtyard_id
          join streets s on s.tenant_id = a.tenant_id and s.id = a.street_id
          join communities m on m.tenant_id = a.tenant_id and m.id = a.community_id
          join webhooks w on w.tenant_id = e.tenant_id
                         and w.disabled_at is null and w.deleted_at is null
                         and x.event = any (w.events)
                         and (w.street_id is null or w.street_id = a.street_id)
                         and (w.community_id is null or w.community_id = a.community_id)
                         and (w.courtyard_id is null or w.courtyard_id = a.courtyard_id);
        return null;
      end
      $fn$;`);
    this.addSql(`
      create trigger alert_events_webhook_outbox after insert on alert_events
        referencing new table as new_events
        for each statement execute function webhook_alert_outbox();`);

    // ---------------------------------------------------------------- the worker hears of due rows at commit
    this.addSql(`
      create function webhook_delivery_due() returns trigger language plpgsql as $fn$
      begin
        -- identical notifications of one transaction are sent once
        perform pg_notify('webhook_deliveries', new.tenant_id::text);
        return null;
      end
      $fn$;`);
    this.addSql(`
      create trigger webhook_deliveries_due after insert or update of next_attempt_at, status on webhook_deliveries
        for each row when (new.status = 'PENDING' and new.next_attempt_at is not null and new.next_attempt_at <= now())
        execute function webhook_delivery_due();`);
  }
}
