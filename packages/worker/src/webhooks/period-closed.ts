import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The PERIOD_CLOSED deliveries of a month's close (DOMAIN.md §10), written in the close's
 * transaction (an outbox, like the alert events'): one per enabled webhook that wants the event,
 * once per period and webhook (a re-run of the close finds its delivery and adds none). The
 * payload's `data.period` is the closed month as the contract's `Period` scalar writes it ("2026-10").
 */
export async function writePeriodClosedDeliveries(
  em: EntityManager,
  input: { tenantId: string; period: string },
): Promise<number> {
  const rows = await em.execute<{ id: string }[]>(
    `insert into webhook_deliveries (tenant_id, webhook_id, event, payload, period)
     select w.tenant_id, w.id, 'PERIOD_CLOSED',
            jsonb_build_object(
              'occurredAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'district', jsonb_build_object('id', global_id('District', d.id), 'code', d.code),
              'data', jsonb_build_object('period', ?::text)),
            ?
       from webhooks w
       join districts d on d.id = w.tenant_id
      where w.tenant_id = ? and w.disabled_at is null and w.deleted_at is null
        and 'PERIOD_CLOSED' = any (w.events)
        and not exists (select 1 from webhook_deliveries x
                         where x.tenant_id = w.tenant_id and x.webhook_id = w.id
                           and x.event = 'PERIOD_CLOSED' and x.period = ?)
     returning id`,
    [input.period, input.period, input.tenantId, input.period],
  );
  return rows.length;
}
