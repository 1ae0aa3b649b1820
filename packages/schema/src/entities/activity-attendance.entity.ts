import { Entity, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Activity } from './activity.entity';
import { Household } from './household.entity';

/**
 * A household's attendance at an activity: participants, of whom youth (18–45). No `id`: the
 * database key is (tenant_id, activity_id, household_id), the ORM's (activity, household).
 */
@Entity({ tableName: 'activity_attendance' })
export class ActivityAttendance {
  [PrimaryKeyProp]?: ['activity', 'household'];

  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @ManyToOne(() => Activity, { fieldName: 'activity_id', primary: true })
  activity!: Activity;

  @ManyToOne(() => Household, { fieldName: 'household_id', primary: true })
  household!: Household;

  @Property({ type: 'integer', default: 1 })
  participants: number = 1;

  @Property({ type: 'integer', default: 0 })
  youthParticipants: number = 0;
}
