import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { InstitutionKind } from '@xiaoyuan/domain';
import { Courtyard } from './courtyard.entity';
import { TenantEntity } from './tenant-entity';

/** An institution (制度) a courtyard adopted; one per kind. */
@Entity({ tableName: 'institutions' })
@Unique({ properties: ['tenantId', 'courtyard', 'kind'] })
export class Institution extends TenantEntity {
  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  @Enum({ items: () => InstitutionKind })
  kind!: InstitutionKind;

  /** local date, YYYY-MM-DD */
  @Property({ type: 'string', columnType: 'date' })
  adoptedOn!: string;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
