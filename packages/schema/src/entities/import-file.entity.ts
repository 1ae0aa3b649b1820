import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { ImportFormat, ImportKind, JobState } from '@xiaoyuan/domain';
import { ApiClient } from './api-client.entity';
import { TenantEntity } from './tenant-entity';
import { User } from './user.entity';

/** An uploaded import file and its outcome: how many rows were stored, and every bad row. */
@Entity({ tableName: 'imports' })
export class ImportFile extends TenantEntity {
  @Enum({ items: () => ImportKind })
  kind!: ImportKind;

  @Enum({ items: () => ImportFormat })
  format!: ImportFormat;

  @Property({ type: 'string' })
  filename!: string;

  /** the uploaded file, encrypted (`PersonalDataCipher.encryptFile`); null once the import has finished */
  @Property({ type: 'blob', lazy: true, nullable: true })
  content?: Buffer | null;

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  contentDeletedAt?: Date | null;

  @Enum({ items: () => JobState })
  status: JobState = JobState.QUEUED;

  @Property({ type: 'integer', nullable: true })
  totalRows?: number | null;

  @Property({ type: 'integer', nullable: true })
  storedRows?: number | null;

  @Property({ type: 'json' })
  errors: ImportRowError[] = [];

  @Property({ type: 'text', nullable: true })
  failedReason?: string | null;

  @ManyToOne(() => User, { fieldName: 'created_by', nullable: true })
  createdBy?: User | null;

  /** the partner's API client that uploaded it, instead of a user (at most one of the two) */
  @ManyToOne(() => ApiClient, { fieldName: 'created_by_client', nullable: true })
  createdByClient?: ApiClient | null;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', columnType: 'timestamptz', nullable: true })
  finishedAt?: Date | null;
}

/** One bad row of an import: 1-based row number as the user sees it in the file, the column, why. */
export interface ImportRowError {
  row: number;
  column: string | null;
  reason: string;
}
