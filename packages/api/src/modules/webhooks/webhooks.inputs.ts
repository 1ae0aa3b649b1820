import { WebhookEvent, WebhookFormat } from '@xiaoyuan/schema';
import { Field, ID, InputType } from 'type-graphql';

@InputType('CreateWebhookInput')
export class CreateWebhookInput {
  @Field(() => String, { description: 'https in production, to a public address (DOMAIN.md §10).' })
  url!: string;

  @Field(() => [WebhookEvent])
  events!: WebhookEvent[];

  @Field(() => String, { nullable: true, description: 'An optional label (1–100 characters).' })
  name?: string | null;

  @Field(() => WebhookFormat, { nullable: true, defaultValue: WebhookFormat.GENERIC })
  format?: WebhookFormat | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The street, community or courtyard whose events it gets; none: the whole district.',
  })
  scopeId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "DINGTALK and FEISHU only: the robot's own signing secret (optional).",
  })
  secret?: string | null;
}

@InputType('WebhookIdInput')
export class WebhookIdInput {
  @Field(() => ID)
  id!: string;
}

@InputType('SetWebhookEnabledInput')
export class SetWebhookEnabledInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Boolean)
  enabled!: boolean;
}

@InputType('RotateWebhookSecretInput')
export class RotateWebhookSecretInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: "Robots: the robot's new secret (none: drop it). GENERIC: leave out, a new one is generated.",
  })
  secret?: string | null;
}

@InputType('SendWebhookTestEventInput')
export class SendWebhookTestEventInput {
  @Field(() => ID)
  id!: string;

  @Field(() => WebhookEvent, { nullable: true, defaultValue: WebhookEvent.ALERT_OPENED })
  event?: WebhookEvent | null;
}

@InputType('RedeliverWebhookDeliveryInput')
export class RedeliverWebhookDeliveryInput {
  @Field(() => ID, { description: 'A WebhookDelivery id.' })
  id!: string;
}
