import {
  DateTimeScalar,
  IdleSpace,
  IdleSpaceStatus,
  LocalDateScalar,
  NodeInterface,
  toGlobalId,
} from '@xiaoyuan/schema';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { UserError } from '../../../engine/errors';
import { connectionType } from '../../../engine/pagination';

/** A dated change of an idle space's status. */
@ObjectType('IdleSpaceStatusChange')
export class IdleSpaceStatusChangeView {
  @Field(() => IdleSpaceStatus)
  status!: IdleSpaceStatus;

  @Field(() => LocalDateScalar)
  changedOn!: string;

  @Field(() => String, { nullable: true })
  newUse!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the change was entered.' })
  recordedAt!: Date;
}

/** An idle space (闲置空间) of a courtyard; its status is that of its latest change. */
@ObjectType('IdleSpace', { implements: NodeInterface })
export class IdleSpaceView {
  rowId!: string;
  courtyardId!: string;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('IdleSpace', this.rowId);
  }

  @Field(() => String)
  name!: string;

  @Field(() => Float)
  areaSqm!: number;

  @Field(() => LocalDateScalar)
  registeredOn!: string;

  static of(space: IdleSpace): IdleSpaceView {
    const view = new IdleSpaceView();
    view.rowId = space.id;
    view.courtyardId = space.courtyard.id;
    view.name = space.name;
    view.areaSqm = Number(space.areaSqm);
    view.registeredOn = space.registeredOn;
    return view;
  }
}

export const IdleSpaceConnection = connectionType('IdleSpace', IdleSpaceView);

@ObjectType('IdleSpacePayload')
export class IdleSpacePayload {
  @Field(() => IdleSpaceView, { nullable: true })
  idleSpace!: IdleSpaceView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
