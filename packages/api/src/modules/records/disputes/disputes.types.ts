import {
  DateTimeScalar,
  Dispute,
  DisputeCategory,
  DisputeStatus,
  LocalDateScalar,
  NodeInterface,
  ResolutionChannel,
  toGlobalId,
} from '@xiaoyuan/schema';
import { isSelfGovernedChannel } from '@xiaoyuan/domain';
import { Field, ID, ObjectType } from 'type-graphql';
import { UserError } from '../../../engine/errors';
import { connectionType } from '../../../engine/pagination';

/** A dispute (矛盾纠纷) of a courtyard: OPEN until resolved on a date through a channel. */
@ObjectType('Dispute', { implements: NodeInterface })
export class DisputeView {
  rowId!: string;
  courtyardId!: string;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Dispute', this.rowId);
  }

  @Field(() => DisputeCategory)
  category!: DisputeCategory;

  @Field(() => LocalDateScalar)
  reportedOn!: string;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => DisputeStatus)
  get status(): DisputeStatus {
    return this.resolvedOn ? DisputeStatus.RESOLVED : DisputeStatus.OPEN;
  }

  @Field(() => LocalDateScalar, { nullable: true })
  resolvedOn!: string | null;

  @Field(() => ResolutionChannel, { nullable: true })
  channel!: ResolutionChannel | null;

  @Field(() => String, { nullable: true })
  resolutionNote!: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Resolved through a self-governance channel (COMMITTEE, RESIDENTS_ASSEMBLY, MEDIATION); null while open.',
  })
  get selfGoverned(): boolean | null {
    return this.channel ? isSelfGovernedChannel(this.channel) : null;
  }

  @Field(() => DateTimeScalar, { description: 'When the record was entered.' })
  recordedAt!: Date;

  static of(dispute: Dispute): DisputeView {
    const view = new DisputeView();
    view.rowId = dispute.id;
    view.courtyardId = dispute.courtyard.id;
    view.category = dispute.category;
    view.reportedOn = dispute.reportedOn;
    view.summary = dispute.summary ?? null;
    view.resolvedOn = dispute.resolvedOn ?? null;
    view.channel = dispute.channel ?? null;
    view.resolutionNote = dispute.resolutionNote ?? null;
    view.recordedAt = dispute.createdAt;
    return view;
  }
}

export const DisputeConnection = connectionType('Dispute', DisputeView);

@ObjectType('DisputePayload')
export class DisputePayload {
  @Field(() => DisputeView, { nullable: true })
  dispute!: DisputeView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
