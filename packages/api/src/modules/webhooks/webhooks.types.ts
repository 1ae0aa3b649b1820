import { Webhook, WebhookDelivery } from '@xiaoyuan/schema';
import { Field, ID, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';
import { connectionType } from '../../engine/pagination';

export const WebhookConnection = connectionType('Webhook', Webhook);
export const WebhookDeliveryConnection = connectionType('WebhookDelivery', WebhookDelivery);

@ObjectType('CreateWebhookPayload')
export class CreateWebhookPayload {
  @Field(() => Webhook, { nullable: true })
  webhook!: Webhook | null;

  @Field(() => String, {
    nullable: true,
    description: 'GENERIC only: the signing secret (whsec_…), shown this once.',
  })
  signingSecret!: string | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('RotateWebhookSecretPayload')
export class RotateWebhookSecretPayload {
  @Field(() => Webhook, { nullable: true })
  webhook!: Webhook | null;

  @Field(() => String, {
    nullable: true,
    description: 'GENERIC only: the new signing secret (whsec_…), shown this once.',
  })
  signingSecret!: string | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('WebhookPayload')
export class WebhookPayload {
  @Field(() => Webhook, { nullable: true })
  webhook!: Webhook | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('DeleteWebhookPayload')
export class DeleteWebhookPayload {
  @Field(() => ID, { nullable: true })
  deletedWebhookId!: string | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('WebhookDeliveryPayload')
export class WebhookDeliveryPayload {
  @Field(() => WebhookDelivery, { nullable: true })
  delivery!: WebhookDelivery | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
