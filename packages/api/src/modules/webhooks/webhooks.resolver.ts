import {
  DateTimeScalar,
  DeliveryStatus,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  webhookBody,
  type WebhookEventPayload,
} from '@xiaoyuan/schema';
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../engine/context';
import { PageArgs, pageOf } from '../../engine/pagination';
import { loadScopeUnit, type ScopeUnitEntity } from '../hierarchy/scope-unit';
import { ScopeUnitUnion } from '../session/session.types';
import { shownWebhookUrl } from './webhook-url-mask';
import {
  CreateWebhookInput,
  RedeliverWebhookDeliveryInput,
  RotateWebhookSecretInput,
  SendWebhookTestEventInput,
  SetWebhookEnabledInput,
  WebhookIdInput,
} from './webhooks.inputs';
import { deliveryAttempts, webhookDeliveries } from './webhooks.loaders';
import { webhooksService } from './webhooks.service';
import {
  CreateWebhookPayload,
  DeleteWebhookPayload,
  RotateWebhookSecretPayload,
  WebhookConnection,
  WebhookDeliveryConnection,
  WebhookDeliveryPayload,
  WebhookPayload,
} from './webhooks.types';

@Resolver(() => Webhook)
export class WebhooksResolver {
  @Mutation(() => CreateWebhookPayload, {
    description:
      "DISTRICT_ADMIN: a webhook of the district (DOMAIN.md §10); a GENERIC one's signing secret is in the payload, this once.",
  })
  createWebhook(@Arg('input', () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() context: RequestContext) {
    return webhooksService.create(context, input);
  }

  @Mutation(() => WebhookPayload, {
    description: 'DISTRICT_ADMIN: disables a webhook (its events are no longer written) or enables it again.',
  })
  setWebhookEnabled(
    @Arg('input', () => SetWebhookEnabledInput) input: SetWebhookEnabledInput,
    @Ctx() context: RequestContext,
  ) {
    return webhooksService.setEnabled(context, input);
  }

  @Mutation(() => DeleteWebhookPayload, {
    description: 'DISTRICT_ADMIN: deletes a webhook; its deliveries stay on record.',
  })
  deleteWebhook(@Arg('input', () => WebhookIdInput) input: WebhookIdInput, @Ctx() context: RequestContext) {
    return webhooksService.delete(context, input);
  }

  @Mutation(() => RotateWebhookSecretPayload, {
    description:
      "DISTRICT_ADMIN: GENERIC: a new signing secret, in the payload this once; robots: the robot's new secret, or none.",
  })
  rotateWebhookSecret(
    @Arg('input', () => RotateWebhookSecretInput) input: RotateWebhookSecretInput,
    @Ctx() context: RequestContext,
  ) {
    return webhooksService.rotateSecret(context, input);
  }

  @Mutation(() => WebhookDeliveryPayload, {
    description: 'DISTRICT_ADMIN: a delivery of an example event (test), sent at once; the webhook must be enabled.',
  })
  sendWebhookTestEvent(
    @Arg('input', () => SendWebhookTestEventInput) input: SendWebhookTestEventInput,
    @Ctx() context: RequestContext,
  ) {
    return webhooksService.sendTestEvent(context, input);
  }

  @Mutation(() => WebhookDeliveryPayload, {
    description: 'DISTRICT_ADMIN: one more attempt of a delivery that is not pending, without automatic retries.',
  })
  redeliverWebhookDelivery(
    @Arg('input', () => RedeliverWebhookDeliveryInput) input: RedeliverWebhookDeliveryInput,
    @Ctx() context: RequestContext,
  ) {
    return webhooksService.redeliver(context, input);
  }

  @Query(() => WebhookConnection, { description: "DISTRICT_ADMIN: the district's webhooks, newest first." })
  webhooks(@Args(() => PageArgs) page: PageArgs, @Ctx() context: RequestContext) {
    return webhooksService.list(context, pageOf(page));
  }

  @FieldResolver(() => String, {
    name: 'url',
    description: 'GENERIC: as given. Robots: the credential in the URL masked (e.g. key=****1a2b).',
  })
  shownUrl(@Root() webhook: Webhook): string {
    return shownWebhookUrl(webhook.url, webhook.format);
  }

  @FieldResolver(() => ScopeUnitUnion, {
    nullable: true,
    description: 'The unit whose events it gets; null: the district.',
  })
  scope(@Root() webhook: Webhook, @Ctx() context: RequestContext): Promise<ScopeUnitEntity | null> | null {
    return loadScopeUnit(context, webhook);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Its deliveries, newest first.' })
  deliveries(
    @Root() webhook: Webhook,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('status', () => DeliveryStatus, { nullable: true }) status: DeliveryStatus | null,
    @Ctx() context: RequestContext,
  ) {
    return webhookDeliveries(context, webhook.id, status ?? null, pageOf(page));
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryFieldsResolver {
  @FieldResolver(() => String, {
    description: "The JSON body as posted (GENERIC: §10's body, with the delivery's id and event).",
  })
  body(@Root() delivery: WebhookDelivery): string {
    return webhookBody({
      id: delivery.id,
      event: delivery.event,
      payload: delivery.payload as unknown as WebhookEventPayload,
    });
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'When the next attempt is due; null: none is.' })
  nextAttemptAt(@Root() delivery: WebhookDelivery): Date | null {
    return delivery.status === DeliveryStatus.PENDING ? (delivery.nextAttemptAt ?? null) : null;
  }

  @FieldResolver(() => [WebhookDeliveryAttempt], { description: 'Every attempt, oldest first.' })
  attemptLog(@Root() delivery: WebhookDelivery, @Ctx() context: RequestContext): Promise<WebhookDeliveryAttempt[]> {
    return deliveryAttempts(context).load(delivery.id);
  }
}

export const WEBHOOKS_RESOLVERS = [WebhooksResolver, WebhookDeliveryFieldsResolver] as const;
