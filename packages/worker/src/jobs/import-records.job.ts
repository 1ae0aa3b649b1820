import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type ImportError,
  type ImportFileRow,
  ImportKind,
  JOBS,
  JobState,
  QUEUES,
  enqueuePlannedJob,
  isEncryptedFile,
  markKpiRefreshRequestsEnqueued,
  planKpiRefresh,
  withTenant,
  writeKpiRefreshRequests,
} from '@xiaoyuan/schema';
import { UnrecoverableError } from 'bullmq';
import { defineJob, type JobContext } from '../engine/job-definition';
import { SANDBOX_EXIT_REASON } from '../engine/sandbox-settings';
import type { TouchedCourtyards } from '../imports/import-kind';
import { runImport } from '../imports/import-runner';

export interface ImportRecordsResult {
  importId: string;
  kind: ImportKind;
  status: JobState.COMPLETED;
  totalRows: number;
  storedRows: number;
  /** true when the import had been completed before: this run changed nothing */
  alreadyCompleted: boolean;
}

interface ImportRow extends ImportFileRow {
  created_by: string | null;
  created_by_client: string | null;
  has_content: boolean;
}

/**
 * Processes an uploaded file (`imports` row): all or nothing. Every row is checked; with any bad
 * row, or a file that cannot be read, nothing is stored, the row gets status FAILED with every
 * problem in `errors` (and `failed_reason`), and the BullMQ job fails without retrying
 * (`UnrecoverableError`: the same file fails the same way). Otherwise every row is stored and
 * the import marked COMPLETED in the job's one transaction, so the data and the status commit
 * together. ACTIVE and FAILED are written in short transactions of their own, so that they are
 * visible while the job runs and persist although the job's transaction is rolled back.
 * Idempotent: a COMPLETED import is left alone. The uploaded file (encrypted by the API) is
 * deleted with the status COMPLETED or FAILED: only the outcome and the report are kept.
 */
export const importRecordsJob = defineJob({
  name: JOBS.importRecords,
  queue: QUEUES.imports,
  scope: 'tenant',
  async process(context, job): Promise<ImportRecordsResult> {
    const { em } = context;
    const { tenantId, importId } = job.data;
    // one run per import at a time (a stalled job's retry may overlap the first run)
    await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`import:${importId}`]);
    const [row] = await em.execute<ImportRow[]>(
      `select id, kind, format, filename, status, total_rows, stored_rows, created_by, created_by_client,
         content is not null as has_content
       from imports where id = ?`,
      [importId],
    );
    if (!row) throw new UnrecoverableError(`${JOBS.importRecords}: no import ${importId} in the district`);
    if (row.status === JobState.COMPLETED) {
      await job.updateProgress(100);
      context.log.info(`import ${importId} was completed before: nothing to do`);
      return result(row, row.total_rows ?? 0, row.stored_rows ?? 0, true);
    }
    // its outcome stays as it was: a finished import's file is gone
    if (!row.has_content)
      throw new UnrecoverableError(`${JOBS.importRecords}: the file of import ${importId} is deleted`);

    await markImport(context, importId, {
      status: JobState.ACTIVE,
      errors: [],
      failedReason: null,
      totalRows: null,
      finished: false,
    });
    await job.updateProgress(0);

    let outcome: Awaited<ReturnType<typeof runImport>>;
    let todayInDistrict: string;
    try {
      const [{ content: stored }] = await em.execute<{ content: Buffer }[]>(
        `select content from imports where id = ?`,
        [importId],
      );
      // an upload stored before files were encrypted is read as it is
      const content = isEncryptedFile(stored) ? context.cipher.decryptFile(stored) : stored;
      todayInDistrict = context.clock.today();
      let reported = 0;
      outcome = await runImport(
        em,
        { tenantId, kind: row.kind, format: row.format, content, today: todayInDistrict },
        {
          cipher: context.cipher,
          progress: async (percent) => {
            if (percent > reported) await job.updateProgress((reported = percent));
          },
        },
      );
    } catch (error) {
      // unexpected (the database, a bug): retried while attempts remain; the row says so
      const final = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // the cause (often SQL) goes to the log, not to the admin page
      context.log.error(
        `import ${importId} (${row.kind}, "${row.filename}"): attempt ${job.attemptsMade + 1} failed`,
        error,
      );
      await markImport(context, importId, {
        status: final ? JobState.FAILED : JobState.QUEUED,
        errors: [],
        failedReason: final
          ? '处理失败：系统内部错误，请稍后重新上传或联系管理员'
          : '处理失败：系统内部错误，将自动重试',
        totalRows: null,
        finished: final,
      }).catch((markError) => context.log.error(`import ${importId}: could not record the failure`, markError));
      throw error;
    }

    if (!outcome.ok) {
      await markImport(context, importId, {
        status: JobState.FAILED,
        errors: outcome.errors,
        failedReason: outcome.failedReason,
        totalRows: outcome.totalRows,
        finished: true,
      });
      await job.updateProgress(100);
      context.log.info(`import ${importId} (${row.kind}, "${row.filename}") failed: ${outcome.failedReason}`);
      throw new UnrecoverableError(outcome.failedReason);
    }

    await em.execute(
      `update imports set status = ?, total_rows = ?, stored_rows = ?, errors = '[]', failed_reason = null, finished_at = now(),
         content = null, content_deleted_at = now()
       where id = ?`,
      [JobState.COMPLETED, outcome.totalRows, outcome.storedRows, importId],
    );
    await em.execute(
      `insert into audit_log (tenant_id, actor_kind, actor_id, operation, target_type, target_id, detail)
       values (?, ?, ?, 'importRecords', 'Import', ?, ?::jsonb)`,
      [
        tenantId,
        // the uploader: a district user, a partner's API client (DOMAIN.md §10), or nobody known
        row.created_by ? 'USER' : row.created_by_client ? 'API_CLIENT' : 'SYSTEM',
        row.created_by ?? row.created_by_client,
        importId,
        JSON.stringify({ kind: row.kind, filename: row.filename, storedRows: outcome.storedRows, jobId: job.id }),
      ],
    );
    if (outcome.touched) await refreshKpisAfterCommit(context, tenantId, outcome.touched, todayInDistrict);
    await job.updateProgress(100);
    context.log.info(`import ${importId} (${row.kind}, "${row.filename}"): ${outcome.storedRows} rows stored`);
    return result(row, outcome.totalRows, outcome.storedRows, false);
  },

  /**
   * The job failed for good without its catch marking the import (its process died: out of memory,
   * killed; the job stalled too often): the import must not stay ACTIVE.
   */
  async failed({ em, log }, job, reason) {
    const { tenantId, importId } = job.data;
    if (await failInterruptedImport(em, tenantId, importId, reason))
      log.warn(`import ${importId}: the job failed (${reason}); the import is marked FAILED`);
  },
});

/**
 * Marks an import that is still QUEUED or ACTIVE as FAILED, with the reason `interruptedReason`
 * gives for `jobReason`, and deletes its file; true when it did. For imports whose job ended
 * without the job's own catch (the `failed` hook) or vanished (`StuckImportSweeper`).
 */
export async function failInterruptedImport(
  rootEm: EntityManager,
  tenantId: string,
  importId: string,
  jobReason: string,
): Promise<boolean> {
  return withTenant(rootEm, { tenantId }, async (em: EntityManager) => {
    const [marked] = await em.execute<{ id: string }[]>(
      `update imports set status = 'FAILED', failed_reason = ?, stored_rows = 0, finished_at = now(),
         content = null, content_deleted_at = coalesce(content_deleted_at, now())
       where id = ? and status in ('QUEUED', 'ACTIVE') returning id`,
      [interruptedReason(jobReason), importId],
    );
    return marked !== undefined;
  });
}

/** The reason the sweeper gives for an import whose BullMQ job no longer exists. */
export const SWEPT_REASON = 'the import job no longer exists';

/** BullMQ's reason for a job failed by the stalled-job check */
const STALLED_REASON = 'job stalled more than allowable limit';

/** The import's reason for a job that failed without its catch, by BullMQ's (or the host's) reason. */
export function interruptedReason(reason: string): string {
  if (reason.startsWith(SANDBOX_EXIT_REASON.heap))
    return '处理中断：读取文件所需的内存超过上限，导入进程已停止；请拆分文件或删除多余内容后重新上传';
  if (reason === STALLED_REASON || reason.startsWith(SANDBOX_EXIT_REASON.exit))
    return '处理中断：处理进程意外退出（如内存不足），请稍后重新上传或联系管理员';
  if (reason.startsWith(SWEPT_REASON)) return '处理中断：任务队列中已没有该导入（如队列数据丢失），请重新上传';
  return '处理中断：系统内部错误，请稍后重新上传或联系管理员';
}

/**
 * Imported attendance changes the courtyards' KPIs from its earliest month on: the refresh the
 * KPI-refresh planner plans for an import is written to the outbox in the import's transaction
 * (committed with the data), then enqueued once it has committed; what Redis refuses is left to
 * the KPI refresh relay.
 */
async function refreshKpisAfterCommit(
  context: JobContext,
  tenantId: string,
  touched: TouchedCourtyards,
  today: string,
): Promise<void> {
  const jobs = planKpiRefresh({
    cause: 'import',
    tenantId,
    courtyardIds: [...touched.courtyardIds],
    firstMonth: touched.firstMonth,
    today,
  });
  const requests = await writeKpiRefreshRequests(context.em, tenantId, jobs);
  context.afterCommit(async () => {
    const queue = context.queues.get(QUEUES.kpi);
    if (!queue) return;
    const enqueued: string[] = [];
    for (const { requestId, job } of requests) {
      await enqueuePlannedJob(queue, job);
      enqueued.push(requestId);
    }
    await context.transaction((em) => markKpiRefreshRequestsEnqueued(em, enqueued));
  });
}

function result(row: ImportRow, totalRows: number, storedRows: number, alreadyCompleted: boolean): ImportRecordsResult {
  return { importId: row.id, kind: row.kind, status: JobState.COMPLETED, totalRows, storedRows, alreadyCompleted };
}

interface ImportMark {
  status: JobState;
  errors: ImportError[];
  failedReason: string | null;
  totalRows: number | null;
  finished: boolean;
}

/**
 * Updates the import's status in a short transaction of its own (not the job's), so that it is
 * visible at once and survives the job's rollback. Never touches a COMPLETED import.
 */
async function markImport(context: JobContext, importId: string, mark: ImportMark): Promise<void> {
  await withTenant(context.em, context.scope, async (em: EntityManager) => {
    // the job's transaction never holds this row's lock while it waits for us; this is a safety net
    await em.execute(`set local lock_timeout = '10s'`);
    await em.execute(
      `update imports set status = ?, errors = ?::jsonb, failed_reason = ?, total_rows = ?, stored_rows = ?,
         finished_at = case when ? then now() end,
         -- a finished import keeps its report, not its file
         content = case when ? then null else content end,
         content_deleted_at = case when ? then coalesce(content_deleted_at, now()) end
       where id = ? and status <> 'COMPLETED'`,
      [
        mark.status,
        JSON.stringify(mark.errors),
        mark.failedReason,
        mark.totalRows,
        mark.status === JobState.FAILED ? 0 : null,
        mark.finished,
        mark.finished,
        mark.finished,
        importId,
      ],
    );
  });
}
