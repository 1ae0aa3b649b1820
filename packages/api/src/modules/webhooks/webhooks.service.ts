import { randomBytes, randomUUID } from 'node:crypto';
import {
  checkWebhookUrl,
  DeliveryStatus,
  fromGlobalId,
  User,
  Webhook,
  WEBHOOK_SECRET_PREFIX,
  WebhookDelivery,
  WebhookEvent,
  WebhookFormat,
  WebhookUrlError,
  type WebhookUrlProblem,
} from '@xiaoyuan/schema';
import type { DistrictCaller } from '../../engine/caller';
import type { RequestContext } from '../../engine/context';
import { badUserInput, forbidden, UserErrorCode, type UserError, type UserErrors } from '../../engine/errors';
import { translate, type MessageKey } from '../../engine/i18n';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { listConnection, type Connection, type Page } from '../../engine/pagination';
import { checkName, checkOptionalText } from '../../engine/validation';
import { findScopeUnit, scopeUnitColumns } from '../hierarchy/scope-unit';
import { testEventPayload } from './webhook-test-event';
import type {
  CreateWebhookInput,
  RedeliverWebhookDeliveryInput,
  RotateWebhookSecretInput,
  SendWebhookTestEventInput,
  SetWebhookEnabledInput,
  WebhookIdInput,
} from './webhooks.inputs';

type WebhookPayload = { webhook: Webhook | null; userErrors: UserError[] };
type SecretPayload = WebhookPayload & { signingSecret: string | null };
type DeletePayload = { deletedWebhookId: string | null; userErrors: UserError[] };
type DeliveryPayload = { delivery: WebhookDelivery | null; userErrors: UserError[] };

/** The longest robot secret taken (WeCom, DingTalk and Feishu issue 64–80 characters). */
const MAX_ROBOT_SECRET = 200;
/** createdAt of the webhooks list's cursors (the API writes it, to the millisecond). */
const CREATED_AT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const URL_MESSAGES: Record<WebhookUrlProblem, MessageKey> = {
  INVALID_URL: 'WEBHOOK_URL_INVALID',
  HTTPS_REQUIRED: 'WEBHOOK_URL_HTTPS_REQUIRED',
  ADDRESS_NOT_ALLOWED: 'WEBHOOK_URL_ADDRESS_NOT_ALLOWED',
  HOST_NOT_FOUND: 'WEBHOOK_URL_HOST_NOT_FOUND',
};

/** A GENERIC webhook's signing secret: the prefix and 43 URL-safe characters (256 bits). */
const generateSigningSecret = () => WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64url');

/** The secret a format takes: generated (GENERIC), none (WECOM), the robot's own, optional (DINGTALK, FEISHU). */
function checkSecret(
  errors: UserErrors,
  format: WebhookFormat,
  secret: string | null | undefined,
): string | null | undefined {
  if (format === WebhookFormat.GENERIC || format === WebhookFormat.WECOM) {
    // a blank secret is none (a form's empty field)
    if (secret?.trim()) {
      const message = format === WebhookFormat.GENERIC ? 'WEBHOOK_SECRET_GENERATED' : 'WEBHOOK_SECRET_UNSUPPORTED';
      errors.add(UserErrorCode.INVALID, ['input', 'secret'], message);
    }
    return undefined;
  }
  return checkOptionalText(errors, ['input', 'secret'], secret, MAX_ROBOT_SECRET);
}

/**
 * Webhooks (DOMAIN.md §10), managed by the district admin: the URL rule of §10, the signing secret
 * (a GENERIC webhook's generated here and returned once, every secret stored encrypted), enabling,
 * soft deletion, test events and redeliveries. Deliveries themselves are the worker's: this writes
 * outbox rows and marks them due; the `webhook_deliveries` trigger notifies the worker at commit.
 */
export class WebhooksService {
  async create(context: RequestContext, input: CreateWebhookInput): Promise<SecretPayload> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    if (!context.auth.canManageWebhooks) return { ...forbiddenPayload(errors), signingSecret: null };
    const format = input.format ?? WebhookFormat.GENERIC;
    const url = input.url.trim();
    await this.checkUrl(context, errors, url);
    if (!input.events.length) errors.add(UserErrorCode.INVALID, ['input', 'events'], 'EMPTY_LIST');
    input.events.forEach((event, index) => {
      if (input.events.indexOf(event) !== index)
        errors.add(UserErrorCode.INVALID, ['input', 'events', index], 'DUPLICATE_IN_INPUT');
    });
    // a blank name is no name: the label is optional
    const name = input.name?.trim() ? checkName(errors, ['input', 'name'], input.name) : null;
    const robotSecret = checkSecret(errors, format, input.secret);
    const unit = input.scopeId ? await findScopeUnit(context, errors, ['input', 'scopeId'], input.scopeId) : null;
    if (errors.any) return { webhook: null, signingSecret: null, userErrors: errors.list };

    const signingSecret = format === WebhookFormat.GENERIC ? generateSigningSecret() : null;
    const id = randomUUID();
    const outcome = await inSavepoint(context, async (em) => {
      persistNew(em, Webhook, {
        id,
        tenantId: caller.tenantId,
        name,
        url,
        format,
        events: [...input.events],
        signingSecretEncrypted: context.services.cipher.encrypt(signingSecret ?? robotSecret),
        ...scopeUnitColumns(em, unit),
        createdBy: em.getReference(User, caller.id),
      });
    });
    if (!outcome.ok) return { webhook: null, signingSecret: null, userErrors: outcome.userErrors };
    // never the URL: a robot's carries its credential
    context.noteAudit('Webhook', id, { format, events: input.events, scopeId: input.scopeId ?? null });
    return { webhook: await context.em.findOneOrFail(Webhook, { id }), signingSecret, userErrors: [] };
  }

  async setEnabled(context: RequestContext, input: SetWebhookEnabledInput): Promise<WebhookPayload> {
    const found = await this.writable(context, input.id);
    if (!found.webhook) return { webhook: null, userErrors: found.userErrors };
    const { webhook, caller } = found;
    if (webhook.enabled === input.enabled) {
      context.noteAudit('Webhook', webhook.id, { enabled: input.enabled, changed: false });
      return { webhook, userErrors: [] };
    }
    const outcome = await inSavepoint(context, async () => {
      if (input.enabled) Object.assign(webhook, { disabledAt: null, disabledReason: null, failingSince: null });
      else {
        webhook.disabledAt = new Date();
        webhook.disabledReason = translate(context.locale, 'WEBHOOK_DISABLED_BY', caller.displayName);
      }
    });
    if (!outcome.ok) return { webhook: null, userErrors: outcome.userErrors };
    context.noteAudit('Webhook', webhook.id, { enabled: input.enabled });
    return { webhook, userErrors: [] };
  }

  /** Soft: the webhook leaves lists and `node`, its deliveries stay on record. */
  async delete(context: RequestContext, input: WebhookIdInput): Promise<DeletePayload> {
    const found = await this.writable(context, input.id);
    if (!found.webhook) return { deletedWebhookId: null, userErrors: found.userErrors };
    const { webhook } = found;
    const outcome = await inSavepoint(context, async () => {
      webhook.deletedAt = new Date();
    });
    if (!outcome.ok) return { deletedWebhookId: null, userErrors: outcome.userErrors };
    context.noteAudit('Webhook', webhook.id);
    return { deletedWebhookId: webhook.globalId, userErrors: [] };
  }

  /** GENERIC: a new generated secret, shown once. Robots: the given secret, or none. WECOM has none to rotate. */
  async rotateSecret(context: RequestContext, input: RotateWebhookSecretInput): Promise<SecretPayload> {
    const found = await this.writable(context, input.id);
    if (!found.webhook) return { webhook: null, signingSecret: null, userErrors: found.userErrors };
    const { webhook } = found;
    const errors = context.userErrors();
    if (webhook.format === WebhookFormat.WECOM) {
      errors.add(UserErrorCode.INVALID, ['input', 'id'], 'WEBHOOK_SECRET_UNSUPPORTED');
    }
    const robotSecret = checkSecret(errors, webhook.format, input.secret);
    if (errors.any) return { webhook, signingSecret: null, userErrors: errors.list };
    const signingSecret = webhook.format === WebhookFormat.GENERIC ? generateSigningSecret() : null;
    const outcome = await inSavepoint(context, async () => {
      webhook.signingSecretEncrypted = context.services.cipher.encrypt(signingSecret ?? robotSecret);
    });
    if (!outcome.ok) return { webhook: null, signingSecret: null, userErrors: outcome.userErrors };
    context.noteAudit('Webhook', webhook.id, { hasSigningSecret: webhook.hasSigningSecret });
    return { webhook, signingSecret, userErrors: [] };
  }

  /** A delivery of example data (`test`), due at once; the webhook must be enabled. */
  async sendTestEvent(context: RequestContext, input: SendWebhookTestEventInput): Promise<DeliveryPayload> {
    const found = await this.writable(context, input.id);
    if (!found.webhook) return { delivery: null, userErrors: found.userErrors };
    const { webhook } = found;
    const errors = context.userErrors();
    if (!webhook.enabled) {
      return {
        delivery: null,
        userErrors: errors.add(UserErrorCode.INVALID, ['input', 'id'], 'WEBHOOK_DISABLED').list,
      };
    }
    const event = input.event ?? WebhookEvent.ALERT_OPENED;
    const { payload, period } = await testEventPayload(context, webhook, event);
    const outcome = await inSavepoint(context, async (em) => {
      // the database's now() (the transaction's start) as created_at and next_attempt_at: the row is
      // due at once, so the trigger notifies the worker at commit
      const [row] = await em.execute<{ id: string }[]>(
        `insert into webhook_deliveries (tenant_id, webhook_id, event, payload, test, period)
         values (?, ?, ?, ?::jsonb, true, ?) returning id`,
        [webhook.tenantId, webhook.id, event, JSON.stringify(payload), period],
      );
      return row.id;
    });
    if (!outcome.ok) return { delivery: null, userErrors: outcome.userErrors };
    context.noteAudit('WebhookDelivery', outcome.value, { webhookId: webhook.id, event, test: true });
    return { delivery: await context.em.findOneOrFail(WebhookDelivery, { id: outcome.value }), userErrors: [] };
  }

  /**
   * One more attempt of a delivery by hand, without automatic retries: any delivery not PENDING
   * (SUCCEEDED or FAILED) becomes due now; the trigger notifies the worker at commit.
   */
  async redeliver(context: RequestContext, input: RedeliverWebhookDeliveryInput): Promise<DeliveryPayload> {
    context.requireDistrictCaller();
    const errors = context.userErrors();
    if (!context.auth.canManageWebhooks) return { delivery: null, userErrors: forbiddenPayload(errors).userErrors };
    const decoded = fromGlobalId(input.id);
    const delivery = decoded?.type === 'WebhookDelivery' ? await this.findDelivery(context, decoded.id) : null;
    if (!delivery) {
      return { delivery: null, userErrors: errors.add(UserErrorCode.NOT_FOUND, ['input', 'id'], 'NOT_FOUND').list };
    }
    if (!delivery.webhook.enabled) errors.add(UserErrorCode.INVALID, ['input', 'id'], 'WEBHOOK_DISABLED');
    else if (delivery.status === DeliveryStatus.PENDING)
      errors.add(UserErrorCode.INVALID, ['input', 'id'], 'WEBHOOK_DELIVERY_PENDING');
    if (errors.any) return { delivery, userErrors: errors.list };
    const outcome = await inSavepoint(context, async (em) => {
      // `status <> 'PENDING'` again in the statement: of two concurrent redeliveries one changes the row
      const rows = await em.execute<{ id: string }[]>(
        `update webhook_deliveries
            set status = 'PENDING', next_attempt_at = now(), auto_retry = false, claimed_until = null
          where id = ?::uuid and status <> 'PENDING' returning id`,
        [delivery.id],
      );
      return rows.length > 0;
    });
    if (!outcome.ok) return { delivery: null, userErrors: outcome.userErrors };
    if (!outcome.value) {
      return {
        delivery,
        userErrors: errors.add(UserErrorCode.INVALID, ['input', 'id'], 'WEBHOOK_DELIVERY_PENDING').list,
      };
    }
    context.noteAudit('WebhookDelivery', delivery.id, {
      webhookId: delivery.webhook.id,
      previousStatus: delivery.status,
    });
    return {
      delivery: await context.em.findOneOrFail(WebhookDelivery, { id: delivery.id }, { refresh: true }),
      userErrors: [],
    };
  }

  /** The district's webhooks, deleted ones left out, newest first. */
  async list(context: RequestContext, page: Page): Promise<Connection<Webhook>> {
    context.requireDistrictCaller();
    if (!context.auth.canManageWebhooks) throw forbidden('Only the district admin manages webhooks');
    if (page.after && !CREATED_AT_KEY.test(page.after.key)) throw badUserInput('"after" is not a cursor of this list');
    return listConnection(
      context.em,
      {
        entity: Webhook,
        table: 'webhooks',
        orderBy: 'created_at',
        orderType: 'timestamptz',
        descending: true,
        keyOf: (row) => row.createdAt.toISOString(),
        where: ['t.deleted_at is null'],
        params: [],
      },
      page,
    );
  }

  /** `node(id)` of a webhook: the district admin's only, never a deleted one. */
  async node(context: RequestContext, id: string): Promise<Webhook | null> {
    context.requireDistrictCaller();
    if (!context.auth.canManageWebhooks) return null;
    return context.em.findOne(Webhook, { id, deletedAt: null });
  }

  /** `node(id)` of a delivery: the district admin's only, never one of a deleted webhook. */
  async deliveryNode(context: RequestContext, id: string): Promise<WebhookDelivery | null> {
    context.requireDistrictCaller();
    if (!context.auth.canManageWebhooks) return null;
    return this.findDelivery(context, id);
  }

  private findDelivery(context: RequestContext, id: string): Promise<WebhookDelivery | null> {
    return context.em.findOne(WebhookDelivery, { id, webhook: { deletedAt: null } }, { populate: ['webhook'] });
  }

  /** The webhook a mutation names, for the district admin: FORBIDDEN or NOT_FOUND userErrors otherwise. */
  private async writable(
    context: RequestContext,
    globalId: string,
  ): Promise<
    { webhook: Webhook; caller: DistrictCaller; userErrors: [] } | { webhook: null; userErrors: UserError[] }
  > {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    if (!context.auth.canManageWebhooks) return forbiddenPayload(errors);
    const decoded = fromGlobalId(globalId);
    const webhook =
      decoded?.type === 'Webhook' ? await context.em.findOne(Webhook, { id: decoded.id, deletedAt: null }) : null;
    if (!webhook)
      return { webhook: null, userErrors: errors.add(UserErrorCode.NOT_FOUND, ['input', 'id'], 'NOT_FOUND').list };
    return { webhook, caller, userErrors: [] };
  }

  /** §10's URL rule (https and a public address in production), each problem its own message. */
  private async checkUrl(context: RequestContext, errors: UserErrors, url: string): Promise<void> {
    try {
      await checkWebhookUrl(url, context.services.production, context.services.webhookAddressLookup);
    } catch (error) {
      if (!(error instanceof WebhookUrlError)) throw error;
      errors.add(UserErrorCode.INVALID, ['input', 'url'], URL_MESSAGES[error.problem], hostOf(url));
    }
  }
}

const forbiddenPayload = (errors: UserErrors) => ({
  webhook: null,
  userErrors: errors.add(UserErrorCode.FORBIDDEN, ['input'], 'FORBIDDEN').list,
});

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

export const webhooksService = new WebhooksService();
