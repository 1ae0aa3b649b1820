import {
  DateTimeScalar,
  type ImportFileRow,
  ImportFormat,
  ImportKind,
  JobState,
  NodeInterface,
  toGlobalId,
} from '@xiaoyuan/schema';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../engine/errors';
import { connectionType } from '../../engine/pagination';
import { JobView } from '../jobs/jobs.types';

/** One problem of an import file. */
@ObjectType('ImportRowError')
export class ImportRowErrorView {
  @Field(() => Int, { description: 'The row as the spreadsheet numbers it (the header is row 1).' })
  row!: number;

  @Field(() => String, {
    nullable: true,
    description: "The column's key (`area_sqm`, as in the template); null for the whole row or file.",
  })
  column!: string | null;

  @Field(() => String, { description: "Why, in the caller's language." })
  reason!: string;

  @Field(() => String, {
    description:
      'REQUIRED, INVALID, NOT_FOUND, DUPLICATE, UNKNOWN_HOUSEHOLD, UNKNOWN_COLUMN, MISSING_COLUMN, DUPLICATE_COLUMN or BAD_FILE.',
  })
  code!: string;
}

/** An uploaded file and its outcome (the `imports` row; the file itself is not exposed). */
@ObjectType('Import', { implements: NodeInterface })
export class ImportView {
  /** the imports row id (also the BullMQ job id) */
  importId!: string;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('Import', this.importId);
  }

  @Field(() => ImportKind)
  kind!: ImportKind;

  @Field(() => ImportFormat)
  format!: ImportFormat;

  @Field(() => String)
  filename!: string;

  @Field(() => JobState, { description: 'QUEUED, ACTIVE, then COMPLETED (every row stored) or FAILED (none stored).' })
  status!: JobState;

  @Field(() => Int, { nullable: true, description: 'Data rows in the file, once read.' })
  totalRows!: number | null;

  @Field(() => Int, { nullable: true })
  storedRows!: number | null;

  @Field(() => Int, { description: 'How many problems `errors` lists.' })
  errorCount!: number;

  @Field(() => String, { nullable: true })
  failedReason!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt!: Date | null;

  /** the keyset of the list (created_at to the microsecond, UTC) */
  sortKey!: string;

  static of(row: ImportRow): ImportView {
    return Object.assign(new ImportView(), {
      importId: row.id,
      kind: row.kind,
      format: row.format,
      filename: row.filename,
      status: row.status,
      totalRows: row.total_rows,
      storedRows: row.stored_rows,
      errorCount: Number(row.error_count),
      failedReason: row.failed_reason,
      createdAt: new Date(row.created_at),
      finishedAt: row.finished_at ? new Date(row.finished_at) : null,
      sortKey: row.sort_key,
    });
  }
}

/** The columns of `imports` that views read (never `content`). */
export interface ImportRow extends ImportFileRow {
  error_count: number | string;
  failed_reason: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
  sort_key: string;
}

export const ImportConnection = connectionType('Import', ImportView);

@ObjectType('StartImportPayload')
export class StartImportPayload {
  @Field(() => ImportView, { nullable: true })
  import!: ImportView | null;

  @Field(() => JobView, {
    nullable: true,
    description: 'The job that processes the file; poll `job(id)` or `node(id) { ... on Import }`.',
  })
  job!: JobView | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
