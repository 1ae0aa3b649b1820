import { DateTimeScalar, NodeInterface, ServiceRequest, toGlobalId } from '@xiaoyuan/schema';
import { serviceRequestResponseHours, serviceRequestSlaDueAt, serviceRequestSlaMet } from '@xiaoyuan/domain';
import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '../../../engine/errors';
import { connectionType } from '../../../engine/pagination';

export enum ServiceRequestStatus {
  OPEN = 'OPEN',
  RESPONDED = 'RESPONDED',
  RESOLVED = 'RESOLVED',
}
registerEnumType(ServiceRequestStatus, {
  name: 'ServiceRequestStatus',
  description: 'OPEN until first answered, RESPONDED until resolved, then RESOLVED.',
});

/** A service request (一键报修) with its first response and resolution times. */
@ObjectType('ServiceRequest', { implements: NodeInterface })
export class ServiceRequestView {
  rowId!: string;
  courtyardId!: string;
  householdId!: string | null;
  /** the time the view was read, for `slaMet` of an unanswered request */
  now!: Date;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('ServiceRequest', this.rowId);
  }

  @Field(() => String)
  category!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was raised.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  firstResponseAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => ServiceRequestStatus)
  get status(): ServiceRequestStatus {
    if (this.resolvedAt) return ServiceRequestStatus.RESOLVED;
    return this.firstResponseAt ? ServiceRequestStatus.RESPONDED : ServiceRequestStatus.OPEN;
  }

  @Field(() => DateTimeScalar, { description: 'The first response is due by then (8 hours after it was raised).' })
  get slaDueAt(): Date {
    return serviceRequestSlaDueAt(this.createdAt);
  }

  @Field(() => Float, {
    nullable: true,
    description: 'Hours from creation to the first response; null while unanswered.',
  })
  get responseHours(): number | null {
    return serviceRequestResponseHours(this.createdAt, this.firstResponseAt);
  }

  @Field(() => Boolean, {
    nullable: true,
    description:
      'True when first answered within 8 hours; false when answered later, or unanswered and the 8 hours have passed; null while unanswered within the 8 hours.',
  })
  get slaMet(): boolean | null {
    return serviceRequestSlaMet(this.createdAt, this.firstResponseAt, this.now);
  }

  static of(request: ServiceRequest, now: Date = new Date()): ServiceRequestView {
    const view = new ServiceRequestView();
    view.rowId = request.id;
    view.courtyardId = request.courtyard.id;
    view.householdId = request.household?.id ?? null;
    view.now = now;
    view.category = request.category;
    view.description = request.description ?? null;
    view.createdAt = request.createdAt;
    view.firstResponseAt = request.firstResponseAt ?? null;
    view.resolvedAt = request.resolvedAt ?? null;
    return view;
  }
}

export const ServiceRequestConnection = connectionType('ServiceRequest', ServiceRequestView);

@ObjectType('ServiceRequestPayload')
export class ServiceRequestPayload {
  @Field(() => ServiceRequestView, { nullable: true })
  serviceRequest!: ServiceRequestView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
