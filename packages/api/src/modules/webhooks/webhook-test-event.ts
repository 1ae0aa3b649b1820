import {
  AlertLevel,
  AlertStatus,
  assignedUnit,
  KpiKey,
  monthOf,
  ScopeLevel,
  shiftPeriod,
  toGlobalId,
  WebhookEvent,
  type Webhook,
  type WebhookEventPayload,
} from '@xiaoyuan/schema';
import type { RequestContext } from '../../engine/context';

/** The id of the example alert and of the units a district without courtyards is shown (all zeros: no row). */
const EXAMPLE_ID = '00000000-0000-0000-0000-000000000000';

interface ExampleCourtyard {
  courtyard_id: string;
  courtyard_code: string;
  courtyard_name: string;
  street_id: string;
  street_name: string;
  community_id: string;
  community_name: string;
}

interface ExampleAlert {
  level: AlertLevel;
  status: AlertStatus;
  value: number;
}

/** What each alert event looks like in the example: a participation rate missing its target. */
const EXAMPLE_ALERTS: Record<Exclude<WebhookEvent, WebhookEvent.PERIOD_CLOSED>, ExampleAlert> = {
  [WebhookEvent.ALERT_OPENED]: { level: AlertLevel.YELLOW, status: AlertStatus.OPEN, value: 0.25 },
  [WebhookEvent.ALERT_ESCALATED]: { level: AlertLevel.RED, status: AlertStatus.OPEN, value: 0.12 },
  [WebhookEvent.ALERT_RESOLVED]: { level: AlertLevel.YELLOW, status: AlertStatus.RESOLVED, value: 0.25 },
};

/**
 * The payload of a test event (DOMAIN.md §10): the shape the outbox trigger writes for alert events
 * (`Migration20261207100000_webhooks`), with an example alert on the first courtyard the webhook
 * covers (placeholders when there is none), or the last closed month for PERIOD_CLOSED.
 */
export async function testEventPayload(
  context: RequestContext,
  webhook: Webhook,
  event: WebhookEvent,
): Promise<{ payload: WebhookEventPayload; period: string }> {
  const clock = context.clock;
  const [district] = await context.em.execute<{ id: string; code: string }[]>(
    `select id::text as id, code from districts where id = ?::uuid`,
    [webhook.tenantId],
  );
  const period = shiftPeriod(monthOf(clock.today()).key, -1);
  const base = {
    occurredAt: clock.now().toISOString(),
    district: { id: toGlobalId('District', district.id), code: district.code },
  };
  if (event === WebhookEvent.PERIOD_CLOSED) return { payload: { ...base, data: { period } }, period };

  const unit = webhook.courtyard
    ? { sql: 'c.id = ?', id: webhook.courtyard.id }
    : webhook.community
      ? { sql: 'c.community_id = ?', id: webhook.community.id }
      : webhook.street
        ? { sql: 'c.street_id = ?', id: webhook.street.id }
        : null;
  const [found] = await context.em.execute<ExampleCourtyard[]>(
    `select c.id as courtyard_id, c.code as courtyard_code, c.name as courtyard_name,
            s.id as street_id, s.name as street_name, m.id as community_id, m.name as community_name
       from courtyards c
       join streets s on s.tenant_id = c.tenant_id and s.id = c.street_id
       join communities m on m.tenant_id = c.tenant_id and m.id = c.community_id
      where ${unit ? unit.sql : 'true'}
      order by c.code, c.id limit 1`,
    unit ? [unit.id] : [],
  );
  const courtyard: ExampleCourtyard = found ?? {
    courtyard_id: EXAMPLE_ID,
    courtyard_code: 'EXAMPLE',
    courtyard_name: '示例小院',
    street_id: EXAMPLE_ID,
    street_name: '示例街道',
    community_id: EXAMPLE_ID,
    community_name: '示例社区',
  };
  const example = EXAMPLE_ALERTS[event];
  const assigned = assignedUnit({
    level: example.level,
    streetId: courtyard.street_id,
    communityId: courtyard.community_id,
  });
  const alert = {
    id: toGlobalId('Alert', EXAMPLE_ID),
    kpi: KpiKey.PARTICIPATION_RATE,
    level: example.level,
    status: example.status,
    period,
    value: example.value,
    target: 0.3,
    courtyard: {
      id: toGlobalId('Courtyard', courtyard.courtyard_id),
      code: courtyard.courtyard_code,
      name: courtyard.courtyard_name,
    },
    assignedTo:
      assigned.level === ScopeLevel.STREET
        ? { id: toGlobalId('Street', assigned.id), name: courtyard.street_name }
        : { id: toGlobalId('Community', assigned.id), name: courtyard.community_name },
  };
  return { payload: { ...base, data: { alert } }, period };
}
