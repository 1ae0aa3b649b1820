import { WebhookDelivery, WebhookDeliveryAttempt, type DeliveryStatus } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../engine/context';
import { badUserInput } from '../../engine/errors';
import { countRows, parentPages, toConnection, type Connection, type Page } from '../../engine/pagination';

// Per-request DataLoaders of webhooks: a page of webhooks with a page of deliveries each and every
// delivery's attempts costs three statements (deliveries, counts, attempts), whatever the numbers.

/**
 * created_at in UTC with microseconds: the exact sort key of a cursor (the outbox trigger writes
 * `now()`, finer than a JavaScript Date).
 */
const SORT_KEY_SQL = `to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A webhook's deliveries, newest first, optionally of one status. */
export async function webhookDeliveries(
  context: RequestContext,
  webhookId: string,
  status: DeliveryStatus | null,
  page: Page,
): Promise<Connection<WebhookDelivery>> {
  if (page.after && !SORT_KEY.test(page.after.key)) throw badUserInput('"after" is not a cursor of this list');
  const where = status ? ['t.status = ?'] : [];
  const params = status ? [status] : [];
  const rows = parentPages(context, {
    name: `webhook-deliveries:${status ?? ''}`,
    page,
    query: {
      columns: `t.*, ${SORT_KEY_SQL} as sort_key`,
      from: 'webhook_deliveries t',
      where,
      params,
      orderBy: [
        { sql: 't.created_at', type: 'timestamptz' },
        { sql: 't.id', type: 'uuid' },
      ],
      descending: true,
    },
    parent: 't.webhook_id',
    node: ({ sort_key: sortKey, ...columns }: Record<string, unknown>) => ({
      delivery: context.em.map(WebhookDelivery, columns as never),
      sortKey: sortKey as string,
    }),
  });
  const counts = context.loader<string, number>(
    `webhook-deliveries-count:${status ?? ''}`,
    () =>
      new DataLoader((webhookIds) =>
        context.serially(async () => {
          const found = await countRows(context.em, { table: 'webhook_deliveries', where, params }, 'webhook_id', [
            ...webhookIds,
          ]);
          return webhookIds.map((id) => found.get(id) ?? 0);
        }),
      ),
  );
  const [{ nodes, hasNextPage }, totalCount] = await Promise.all([rows.load(webhookId), counts.load(webhookId)]);
  const connection = toConnection(
    nodes,
    hasNextPage,
    totalCount,
    (node) => node.sortKey,
    (node) => node.delivery.id,
  );
  return { ...connection, edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: edge.node.delivery })) };
}

/** The attempts of deliveries, oldest first: one statement for every delivery of the response. */
export function deliveryAttempts(context: RequestContext) {
  return context.loader<string, WebhookDeliveryAttempt[]>(
    'webhook-delivery-attempts',
    () =>
      new DataLoader((deliveryIds) =>
        context.serially(async () => {
          const attempts = await context.em.find(
            WebhookDeliveryAttempt,
            { delivery: { $in: [...deliveryIds] } },
            { orderBy: { attempt: 'asc' } },
          );
          const byDelivery = new Map<string, WebhookDeliveryAttempt[]>(deliveryIds.map((id) => [id, []]));
          for (const attempt of attempts) byDelivery.get(attempt.delivery.id)?.push(attempt);
          return deliveryIds.map((id) => byDelivery.get(id)!);
        }),
      ),
  );
}
