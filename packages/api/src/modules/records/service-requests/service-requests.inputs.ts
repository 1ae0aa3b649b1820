import { DateTimeScalar } from '@xiaoyuan/schema';
import { Field, ID, InputType } from 'type-graphql';

@InputType('CreateServiceRequestInput')
export class CreateServiceRequestInput {
  @Field(() => ID)
  courtyardId!: string;

  @Field(() => String, { description: 'What kind of repair or service, e.g. "水电" (1–50 characters).' })
  category!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'The household that raised it, by code.' })
  householdCode?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was raised; now when left out.' })
  createdAt?: Date | null;
}

@InputType('RespondToServiceRequestInput')
export class RespondToServiceRequestInput {
  @Field(() => ID)
  serviceRequestId!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was first answered; now when left out.' })
  respondedAt?: Date | null;
}

@InputType('ResolveServiceRequestInput')
export class ResolveServiceRequestInput {
  @Field(() => ID)
  serviceRequestId!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was resolved; now when left out.' })
  resolvedAt?: Date | null;
}
