import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { Courtyard } from './courtyard.entity';
import { Household } from './household.entity';
import { TenantEntity } from './tenant-entity';

/** A household's satisfaction survey response, score 0–100. */
@Entity({ tableName: 'survey_responses' })
export class SurveyResponse extends TenantEntity {
  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  @ManyToOne(() => Household, { fieldName: 'household_id' })
  household!: Household;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date' })
  takenOn!: string;

  @Property({ type: 'integer' })
  score!: number;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
