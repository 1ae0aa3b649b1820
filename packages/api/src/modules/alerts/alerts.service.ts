import { randomUUID } from 'node:crypto';
import {
  Alert,
  AlertAction,
  ApiClient,
  ApiScope,
  AlertEvent,
  AlertStatus,
  fromGlobalId,
  User,
  textArray,
} from '@xiaoyuan/schema';
import { actorOf } from '../../engine/caller';
import type { RequestContext } from '../../engine/context';
import { badUserInput, UserErrorCode, UserErrorsThrown, type UserError } from '../../engine/errors';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { toConnection, type Connection, type Page } from '../../engine/pagination';
import { periodArgument } from '../../engine/validation';
import type { AcknowledgeAlertInput, AlertFilter, ResolveAlertInput } from './alerts.inputs';
import { AlertView, type AlertPayload, type AlertRow } from './alerts.types';

/** The longest note of an acknowledgement or resolution. */
export const MAX_ALERT_NOTE = 2000;

const ALERT_COLUMNS = `t.id, t.courtyard_id, t.street_id, t.community_id, t.kpi, t.level, t.status, t.period,
  t.value::float8 as value, t.target::float8 as target, t.opened_at, t.acknowledged_at, t.resolved_at,
  to_char(t.opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as sort_key`;
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

/** A timestamp as read by raw SQL (a string or a Date), in ISO 8601. */
const instant = (value: Date | string | null) => (value === null ? undefined : new Date(value).toISOString());

const failed = (userErrors: UserError[]): AlertPayload => ({ alert: null, userErrors });

/** A filter's id of a unit: BAD_USER_INPUT when it is not the global id of that kind of unit. */
function unitId(
  value: string | null | undefined,
  type: 'Street' | 'Community' | 'Courtyard',
  name: string,
): string | null {
  if (value === null || value === undefined) return null;
  const decoded = fromGlobalId(value);
  if (!decoded || decoded.type !== type) throw badUserInput(`filter.${name} is not the id of a ${type}`);
  return decoded.id;
}

/**
 * Alerts (DOMAIN.md §7): opened, updated and resolved by the worker from courtyards' KPIs of
 * closed months; acknowledged and resolved by hand here. Each user sees the alerts of its subtree.
 */
export class AlertsService {
  /** The alerts the caller sees, newest first. */
  async alerts(
    context: RequestContext,
    filter: AlertFilter | null | undefined,
    page: Page,
  ): Promise<Connection<AlertView>> {
    context.requireTenantCaller(ApiScope.ALERTS_READ);
    const read = context.auth.readCondition('alerts', 't');
    const where = [read.sql];
    const params: unknown[] = [...read.params];
    const equal = (column: string, value: string | null | undefined) => {
      if (value === null || value === undefined) return;
      where.push(`t.${column} = ?`);
      params.push(value);
    };
    equal('status', filter?.status);
    equal('level', filter?.level);
    equal('kpi', filter?.kpi);
    equal('street_id', unitId(filter?.streetId, 'Street', 'streetId'));
    equal('community_id', unitId(filter?.communityId, 'Community', 'communityId'));
    equal('courtyard_id', unitId(filter?.courtyardId, 'Courtyard', 'courtyardId'));
    if (filter?.period) {
      // an alert follows a month: those of the period's months
      where.push('t.period = any(?::text[])');
      params.push(textArray(periodArgument(filter.period).months));
    }
    const [{ count }] = await context.em.execute<{ count: number }[]>(
      `select count(*)::int as count from alerts t where ${where.join(' and ')}`,
      params,
    );
    if (page.after) {
      if (!SORT_KEY.test(page.after.key)) throw badUserInput('"after" is not a cursor of this list');
      where.push(`(t.opened_at, t.id) < ((?::timestamp at time zone 'UTC'), ?::uuid)`);
      params.push(page.after.key, page.after.id);
    }
    const rows = await context.em.execute<AlertRow[]>(
      `select ${ALERT_COLUMNS} from alerts t where ${where.join(' and ')} order by t.opened_at desc, t.id desc limit ?`,
      [...params, page.first + 1],
    );
    const nodes = rows.slice(0, page.first).map((row) => AlertView.of(row));
    return toConnection(
      nodes,
      rows.length > page.first,
      count,
      (node) => node.sortKey,
      (node) => node.alertId,
    );
  }

  /** `node(id)` of an Alert: null outside the caller's district or subtree. */
  async node(context: RequestContext, alertId: string): Promise<AlertView | null> {
    context.requireTenantCaller(ApiScope.ALERTS_READ);
    const read = context.auth.readCondition('alerts', 't');
    const [row] = await context.em.execute<AlertRow[]>(
      `select ${ALERT_COLUMNS} from alerts t where t.id = ?::uuid and ${read.sql}`,
      [alertId, ...read.params],
    );
    return row ? AlertView.of(row) : null;
  }

  /** OPEN → ACKNOWLEDGED, with a note. */
  acknowledge(context: RequestContext, input: AcknowledgeAlertInput): Promise<AlertPayload> {
    return this.handle(context, input, AlertAction.ACKNOWLEDGED);
  }

  /** OPEN or ACKNOWLEDGED → RESOLVED, with a note; a later closed month still off target opens a new alert. */
  resolve(context: RequestContext, input: ResolveAlertInput): Promise<AlertPayload> {
    return this.handle(context, input, AlertAction.RESOLVED);
  }

  private async handle(
    context: RequestContext,
    input: { alertId: string; note: string },
    action: AlertAction.ACKNOWLEDGED | AlertAction.RESOLVED,
  ): Promise<AlertPayload> {
    const caller = context.requireTenantCaller(ApiScope.ALERTS_WRITE);
    const actor = actorOf(caller);
    const decoded = fromGlobalId(input.alertId);
    const alertId = decoded?.type === 'Alert' ? decoded.id : null;
    const note = input.note.trim();
    const outcome = await inSavepoint(context, async (em) => {
      const errors = context.userErrors();
      // the row lock makes a concurrent hand or the worker's alert engine wait for this change
      const [row] = alertId
        ? await em.execute<AlertRow[]>(`select ${ALERT_COLUMNS} from alerts t where t.id = ?::uuid for update`, [
            alertId,
          ])
        : [];
      if (!row) throw new UserErrorsThrown(errors.add(UserErrorCode.NOT_FOUND, ['input', 'alertId'], 'NOT_FOUND').list);
      if (!context.auth.canHandleAlert({ level: row.level, streetId: row.street_id, communityId: row.community_id })) {
        throw new UserErrorsThrown(errors.add(UserErrorCode.FORBIDDEN, ['input', 'alertId'], 'ALERT_FORBIDDEN').list);
      }
      if (!note) errors.add(UserErrorCode.INVALID, ['input', 'note'], 'NOTE_REQUIRED');
      else if (note.length > MAX_ALERT_NOTE)
        errors.add(UserErrorCode.INVALID, ['input', 'note'], 'TEXT_TOO_LONG', MAX_ALERT_NOTE);
      if (row.status === AlertStatus.RESOLVED) {
        errors.add(UserErrorCode.INVALID, ['input', 'alertId'], 'ALERT_ALREADY_RESOLVED', instant(row.resolved_at));
      } else if (action === AlertAction.ACKNOWLEDGED && row.status === AlertStatus.ACKNOWLEDGED) {
        errors.add(
          UserErrorCode.INVALID,
          ['input', 'alertId'],
          'ALERT_ALREADY_ACKNOWLEDGED',
          instant(row.acknowledged_at),
        );
      }
      if (errors.any) throw new UserErrorsThrown(errors.list);

      const now = new Date();
      const alert = await em.findOneOrFail(Alert, { id: row.id }, { refresh: true });
      if (action === AlertAction.ACKNOWLEDGED)
        Object.assign(alert, { status: AlertStatus.ACKNOWLEDGED, acknowledgedAt: now });
      else Object.assign(alert, { status: AlertStatus.RESOLVED, resolvedAt: now });
      persistNew(em, AlertEvent, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        alert,
        at: now,
        action,
        note,
        actor: actor.userId ? em.getReference(User, actor.userId) : null,
        actorClient: actor.clientId ? em.getReference(ApiClient, actor.clientId) : null,
      });
      await em.flush();
      const [updated] = await em.execute<AlertRow[]>(`select ${ALERT_COLUMNS} from alerts t where t.id = ?::uuid`, [
        row.id,
      ]);
      return updated;
    });
    if (!outcome.ok) return failed(outcome.userErrors);
    context.noteAudit('Alert', outcome.value.id, {
      action,
      level: outcome.value.level,
      kpi: outcome.value.kpi,
      period: outcome.value.period,
    });
    return { alert: AlertView.of(outcome.value), userErrors: [] };
  }
}

export const alertsService = new AlertsService();
