import { ManyToOne } from '@mikro-orm/core';
import { Community } from './community.entity';
import { Courtyard } from './courtyard.entity';
import { Street } from './street.entity';
import { TenantEntity } from './tenant-entity';

/**
 * A row that may be limited to a unit of the hierarchy (street, community or courtyard; none: the
 * whole district): a user of a scoped role (a database check ties the unit to the role), an API
 * client.
 */
export abstract class UnitScopedEntity extends TenantEntity {
  @ManyToOne(() => Street, { fieldName: 'street_id', nullable: true })
  street?: Street | null;

  @ManyToOne(() => Community, { fieldName: 'community_id', nullable: true })
  community?: Community | null;

  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id', nullable: true })
  courtyard?: Courtyard | null;
}
