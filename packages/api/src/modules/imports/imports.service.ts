import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ApiClient,
  ApiScope,
  checkImportUpload,
  fromGlobalId,
  type ImportError,
  ImportFile,
  ImportFormat,
  importErrorMessage,
  type ImportRecordsPayload,
  ImportKind,
  JOBS,
  JobState,
  QUEUES,
  User,
  uuidArray,
} from '@xiaoyuan/schema';
import { MAX_IMPORT_BYTES } from '@xiaoyuan/domain';
import type { Job } from 'bullmq';
import DataLoader from 'dataloader';
import { actorOf } from '../../engine/caller';
import type { RequestContext } from '../../engine/context';
import { badUserInput, UserErrorCode, UserErrorsThrown, type UserError, type UserErrors } from '../../engine/errors';
import { translate } from '../../engine/i18n';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { toConnection, type Connection, type Page } from '../../engine/pagination';
import { JobView } from '../jobs/jobs.types';
import type { StartImportInput } from './imports.inputs';
import { ImportRowErrorView, ImportView, type ImportRow } from './imports.types';

/**
 * A new import's job is added delayed, inside the request's transaction (so that a Redis outage
 * fails the mutation and nothing is stored), and released (`promote`) once the transaction has
 * committed, so that the worker never looks for an `imports` row that is not visible yet. Should
 * the release fail, the job still runs after this delay; should the transaction roll back, the job
 * is removed (and, were that to fail too, it finds no row and fails without retrying).
 */
export const IMPORT_JOB_RELEASE_DELAY_MS = 30_000;

const COLUMNS = `t.id, t.kind, t.format, t.filename, t.status, t.total_rows, t.stored_rows,
  jsonb_array_length(t.errors) as error_count, t.failed_reason, t.created_at, t.finished_at,
  to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as sort_key`;
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const FORMATS: Record<string, ImportFormat> = { csv: ImportFormat.CSV, xlsx: ImportFormat.XLSX };

type StartImportResult = { import: ImportView | null; job: JobView | null; userErrors: UserError[] };

const failed = (userErrors: UserError[]): StartImportResult => ({ import: null, job: null, userErrors });

/** The file name without a path, and its format from the extension (null: neither .csv nor .xlsx). */
export function importFileName(value: string): { filename: string; format: ImportFormat | null } {
  // eslint-disable-next-line no-control-regex
  const filename = (value.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const extension = /\.([A-Za-z]+)$/.exec(filename)?.[1]?.toLowerCase();
  const format = extension && filename.length <= 255 ? (FORMATS[extension] ?? null) : null;
  return { filename, format };
}

/** Decodes the upload: Base64 (whitespace and a `data:…;base64,` prefix allowed), 1 byte to MAX_IMPORT_BYTES. */
export function decodeImportContent(errors: UserErrors, field: string[], value: string): Buffer | null {
  let text = value;
  const dataUrl = /^data:[^,]{0,200};base64,/i.exec(text.slice(0, 256));
  if (dataUrl) text = text.slice(dataUrl[0].length);
  if (/\s/.test(text)) text = text.replace(/\s+/g, '');
  if (!text.length) {
    errors.add(UserErrorCode.INVALID, field, 'IMPORT_EMPTY');
    return null;
  }
  if (text.length % 4 !== 0 || !BASE64.test(text)) {
    errors.add(UserErrorCode.INVALID, field, 'IMPORT_NOT_BASE64');
    return null;
  }
  const bytes = (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  if (bytes > MAX_IMPORT_BYTES) {
    errors.add(UserErrorCode.INVALID, field, 'IMPORT_TOO_LARGE', MAX_IMPORT_BYTES / 1024 / 1024);
    return null;
  }
  if (bytes === 0) {
    errors.add(UserErrorCode.INVALID, field, 'IMPORT_EMPTY');
    return null;
  }
  return Buffer.from(text, 'base64');
}

/** Uploaded files of records (courtyards, households, attendance), processed by the worker. */
export class ImportsService {
  async startImport(context: RequestContext, input: StartImportInput): Promise<StartImportResult> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    if (!context.auth.canImportKind(input.kind))
      return failed(errors.add(UserErrorCode.FORBIDDEN, ['input'], 'IMPORT_FORBIDDEN').list);
    const uploader = actorOf(caller);
    if (!Object.values(ImportKind).includes(input.kind))
      errors.add(UserErrorCode.INVALID, ['input', 'kind'], 'INVALID');
    const { filename, format } = importFileName(input.filename);
    if (!format) errors.add(UserErrorCode.INVALID, ['input', 'filename'], 'IMPORT_FILENAME');
    const content = decodeImportContent(errors, ['input', 'contentBase64'], input.contentBase64);
    if (errors.any || !format || !content) return failed(errors.list);
    // a file of the wrong type, a zip bomb or a header of too many columns is refused before it is queued
    const problem = await checkImportUpload(format, content);
    if (problem) {
      const reason = importErrorMessage(input.kind, { ...problem, column: null }, context.locale);
      return failed(errors.add(UserErrorCode.INVALID, ['input', 'contentBase64'], 'IMPORT_BAD_FILE', reason).list);
    }

    const importId = randomUUID();
    context.noteAudit('Import', null, { kind: input.kind, format, filename, bytes: content.length });
    const outcome = await inSavepoint(context, async (em) => {
      persistNew(em, ImportFile, {
        id: importId,
        tenantId: caller.tenantId,
        kind: input.kind,
        format,
        filename,
        // kept encrypted while it waits; the worker deletes it once the import has finished
        content: context.services.cipher.encryptFile(content),
        status: JobState.QUEUED,
        errors: [],
        createdBy: uploader.userId ? em.getReference(User, uploader.userId) : null,
        createdByClient: uploader.clientId ? em.getReference(ApiClient, uploader.clientId) : null,
      });
      await em.flush();
      const job = await this.enqueue(context, { tenantId: caller.tenantId, importId });
      return { row: await this.rowById(em, importId), job };
    });
    if (!outcome.ok) return failed(outcome.userErrors);
    const { row, job } = outcome.value;
    context.noteAudit('Import', importId);
    context.onTransactionEnd(
      async () => {
        await job.promote();
      },
      async () => {
        await job.remove();
      },
    );
    return {
      import: ImportView.of(row),
      job: JobView.of(QUEUES.imports, importId, JobState.QUEUED, 0, null),
      userErrors: [],
    };
  }

  /** Adds the (delayed) job; Redis down → UNAVAILABLE, and the savepoint drops the row. */
  private async enqueue(context: RequestContext, data: ImportRecordsPayload): Promise<Job> {
    try {
      return await context.services.queues.add(JOBS.importRecords, data, {
        jobId: data.importId,
        delay: IMPORT_JOB_RELEASE_DELAY_MS,
        // unexpected failures (the database) are retried; a bad file fails at once (the worker)
        attempts: 3,
        backoff: { type: 'exponential', delay: 5000 },
        removeOnComplete: { age: 30 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      });
    } catch (error) {
      context.services.log.warn(`[imports] could not enqueue import ${data.importId}: ${(error as Error).message}`);
      throw new UserErrorsThrown([
        { code: UserErrorCode.UNAVAILABLE, field: null, message: translate(context.locale, 'QUEUE_UNAVAILABLE') },
      ]);
    }
  }

  private async rowById(em: EntityManager, id: string): Promise<ImportRow> {
    const [row] = await em.execute<ImportRow[]>(`select ${COLUMNS} from imports t where t.id = ?`, [id]);
    return row;
  }

  /** `node(id)` of an Import: null outside what the caller may read. */
  async find(context: RequestContext, importId: string): Promise<ImportView | null> {
    context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const condition = context.auth.importReadCondition('t');
    const [row] = await context.em.execute<ImportRow[]>(
      `select ${COLUMNS} from imports t where t.id = ? and ${condition.sql}`,
      [importId, ...condition.params],
    );
    return row ? ImportView.of(row) : null;
  }

  async findByGlobalId(context: RequestContext, globalId: string): Promise<ImportView | null> {
    const decoded = fromGlobalId(globalId);
    return decoded?.type === 'Import' ? this.find(context, decoded.id) : null;
  }

  /** The caller's district's uploads (a scoped role or an API client: its own), newest first. */
  async imports(context: RequestContext, page: Page): Promise<Connection<ImportView>> {
    context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const condition = context.auth.importReadCondition('t');
    const where = [condition.sql];
    const params: unknown[] = [...condition.params];
    const [{ count }] = await context.em.execute<{ count: string }[]>(
      `select count(*) as count from imports t where ${where.join(' and ')}`,
      params,
    );
    if (page.after) {
      if (!SORT_KEY.test(page.after.key)) throw badUserInput('"after" is not a cursor of this list');
      where.push(`(t.created_at, t.id) < ((?::timestamp at time zone 'UTC'), ?::uuid)`);
      params.push(page.after.key, page.after.id);
    }
    const rows = await context.em.execute<ImportRow[]>(
      `select ${COLUMNS} from imports t where ${where.join(' and ')} order by t.created_at desc, t.id desc limit ?`,
      [...params, page.first + 1],
    );
    const nodes = rows.slice(0, page.first).map((row) => ImportView.of(row));
    return toConnection(
      nodes,
      rows.length > page.first,
      Number(count),
      (node) => node.sortKey,
      (node) => node.importId,
    );
  }

  /** An import's problems, in the caller's language (one query for a page of imports). */
  errors(context: RequestContext, view: ImportView): Promise<ImportRowErrorView[]> {
    const loader = context.loader<string, ImportError[]>(
      'import-errors',
      () =>
        new DataLoader((ids) =>
          context.serially(async () => {
            const rows = await context.em.execute<{ id: string; errors: ImportError[] }[]>(
              `select id, errors from imports where id = any(?::uuid[])`,
              [uuidArray(ids)],
            );
            const byId = new Map(rows.map((row) => [row.id, row.errors]));
            return ids.map((id) => byId.get(id) ?? []);
          }),
        ),
    );
    return loader.load(view.importId).then((list) =>
      list.map((error) =>
        Object.assign(new ImportRowErrorView(), {
          row: error.row,
          column: error.column ?? null,
          code: error.code ?? 'INVALID',
          // rendered from the rule in the caller's language; the stored zh-CN text otherwise
          reason: error.rule ? importErrorMessage(view.kind, error, context.locale) : error.reason,
        }),
      ),
    );
  }
}

export const importsService = new ImportsService();
