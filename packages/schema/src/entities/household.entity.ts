import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../global-id';
import { NodeInterface } from '../graphql/node.interface';
import { Courtyard } from './courtyard.entity';
import { TenantEntity } from './tenant-entity';

/**
 * A household (户) of a courtyard. Contact name and phone are personal data, stored only as
 * AES-256-GCM ciphertexts; the API decrypts and masks them by role.
 */
@Entity({ tableName: 'households' })
@Unique({ properties: ['tenantId', 'courtyard', 'code'] })
@ObjectType('Household', { implements: NodeInterface })
export class Household extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Household', this.id);
  }

  @ManyToOne(() => Courtyard, { fieldName: 'courtyard_id' })
  courtyard!: Courtyard;

  @Field(() => String)
  @Property({ type: 'string' })
  code!: string;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'float', columnType: 'numeric(10,2)', nullable: true, runtimeType: 'number' })
  areaSqm?: number | null;

  @Property({ type: 'text', nullable: true, fieldName: 'contact_name_enc' })
  contactNameEncrypted?: string | null;

  @Property({ type: 'text', nullable: true, fieldName: 'contact_phone_enc' })
  contactPhoneEncrypted?: string | null;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
