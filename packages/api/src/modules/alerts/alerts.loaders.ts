import { AlertLevel, User, uuidArray } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import { districtCaller } from '../../engine/caller';
import type { RequestContext } from '../../engine/context';
import { UserView } from '../session/session.types';
import { AlertCountsView, AlertEventView } from './alerts.types';

/** The history of alerts, oldest first: one query for a page of alerts. */
export function alertEventsOf(context: RequestContext) {
  return context.loader<string, AlertEventView[]>(
    'alert-events',
    () =>
      new DataLoader((alertIds) =>
        context.serially(async () => {
          const rows = await context.em.execute<
            {
              alert_id: string;
              at: Date | string;
              action: string;
              note: string | null;
              level: AlertLevel | null;
              period: string | null;
              actor_id: string | null;
              actor_client_id: string | null;
            }[]
          >(
            `select alert_id, at, action, note, level, period, actor_id, actor_client_id from alert_events where alert_id = any(?::uuid[]) order by at, id`,
            [uuidArray([...alertIds])],
          );
          const byAlert = new Map<string, AlertEventView[]>(alertIds.map((id) => [id, []]));
          for (const row of rows) {
            byAlert.get(row.alert_id)!.push(
              Object.assign(new AlertEventView(), {
                actorId: row.actor_id,
                actorClientId: row.actor_client_id,
                at: new Date(row.at),
                action: row.action,
                note: row.note,
                level: row.level,
                period: row.period,
              }),
            );
          }
          return alertIds.map((id) => byAlert.get(id)!);
        }),
      ),
  );
}

/** The users who acted on alerts (their name and role), one query per batch. */
export function alertActorById(context: RequestContext) {
  return context.loader<string, UserView | null>(
    'alert-actor-by-id',
    () =>
      new DataLoader((ids) =>
        context.serially(async () => {
          // who acted is a user: never shown to an API client
          context.requireDistrictCaller();
          const users = await context.em.find(
            User,
            { id: { $in: [...ids] } },
            { populate: ['community', 'courtyard'] },
          );
          const found = new Map(users.map((user) => [user.id, UserView.of(districtCaller(user))]));
          return ids.map((id) => found.get(id) ?? null);
        }),
      ),
  );
}

/** The names of API clients that acted on alerts, one query per batch (null: not in the district). */
export function alertClientNameById(context: RequestContext) {
  return context.loader<string, string | null>(
    'alert-client-name-by-id',
    () =>
      new DataLoader((ids) =>
        context.serially(async () => {
          const rows = await context.em.execute<{ id: string; name: string }[]>(
            `select id, name from api_clients where id = any(?::uuid[])`,
            [uuidArray([...ids])],
          );
          const found = new Map(rows.map((row) => [row.id, row.name]));
          return ids.map((id) => found.get(id) ?? null);
        }),
      ),
  );
}

export type AlertCountUnit = 'District' | 'Street' | 'Community';

/**
 * Unresolved alerts of units by id (the district's: its tenant id), counted among those the
 * caller sees: the rows of a dashboard's table in one query.
 */
export function alertCountsOf(context: RequestContext, unit: AlertCountUnit) {
  return context.loader<string, AlertCountsView>(
    `alert-counts:${unit}`,
    () =>
      new DataLoader((ids) =>
        context.serially(async () => {
          const read = context.auth.readCondition('alerts', 't');
          const column = unit === 'Street' ? 't.street_id' : unit === 'Community' ? 't.community_id' : 't.tenant_id';
          const rows = await context.em.execute<
            { unit: string; open: number; acknowledged: number; red: number; yellow: number }[]
          >(
            `select ${column} as unit,
                  count(*) filter (where t.status = 'OPEN')::int as open,
                  count(*) filter (where t.status = 'ACKNOWLEDGED')::int as acknowledged,
                  count(*) filter (where t.level = 'RED')::int as red,
                  count(*) filter (where t.level = 'YELLOW')::int as yellow
             from alerts t
            where t.status <> 'RESOLVED' and ${column} = any(?::uuid[]) and ${read.sql}
            group by 1`,
            [uuidArray([...ids]), ...read.params],
          );
          const found = new Map(rows.map((row) => [row.unit, row]));
          return ids.map((id) => {
            const row = found.get(id);
            return Object.assign(new AlertCountsView(), {
              open: row?.open ?? 0,
              acknowledged: row?.acknowledged ?? 0,
              red: row?.red ?? 0,
              yellow: row?.yellow ?? 0,
            });
          });
        }),
      ),
  );
}
