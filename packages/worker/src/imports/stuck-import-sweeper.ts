import type { EntityManager } from '@mikro-orm/postgresql';
import { withTenant } from '@xiaoyuan/schema';
import type { Queue } from 'bullmq';
import type { Logger } from '../engine/logger';
import { SWEPT_REASON, failInterruptedImport } from '../jobs/import-records.job';
import { readDistrictZones } from '../scheduling/monthly-close-schedulers';

export interface StuckImportSweeperOptions {
  /** the ORM's root EntityManager */
  em: EntityManager;
  /** the imports queue (the host's producer) */
  queue: Queue;
  log: Logger;
  /** every district is looked at this often (default 5 minutes) */
  intervalMs?: number;
  /** an import younger than this is left alone (default 2 minutes) */
  minimumAgeMs?: number;
}

/**
 * Fails the imports that would otherwise wait for ever: an import QUEUED or ACTIVE whose BullMQ
 * job no longer exists (Redis lost its data, or someone removed the job) is marked FAILED with a
 * reason and its file deleted, as is one whose job failed while the `failed` hook could not run
 * (the host stopped in between). The API adds the job before the import's row commits, so a
 * visible row always had a job; the minimum age only leaves room for clocks and slow commits.
 * Not re-enqueued although the file is still there: a job that vanished may be one an operator
 * removed because its file hurt the worker, and the uploader is told to upload again instead of
 * an import starting again at an unknown time. Run by the worker service at start and every
 * `intervalMs`; errors are logged per district.
 */
export class StuckImportSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;
  private closed = false;

  constructor(private readonly options: StuckImportSweeperOptions) {}

  start(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.options.intervalMs ?? 5 * 60_000);
    this.timer.unref();
  }

  /** Looks at every district's waiting and running imports; resolves to the number marked FAILED. */
  sweep(): Promise<number> {
    this.sweeping ??= (async () => {
      let failed = 0;
      try {
        for (const district of await readDistrictZones(this.options.em)) {
          if (this.closed) break;
          failed += await this.sweepDistrict(district.id).catch((error: Error) => {
            this.options.log.error(`import sweeper: district ${district.id}: ${error.message}`);
            return 0;
          });
        }
      } catch (error) {
        this.options.log.error(`import sweeper: the sweep failed: ${(error as Error).message}`);
      } finally {
        this.sweeping = undefined;
      }
      return failed;
    })();
    return this.sweeping;
  }

  private async sweepDistrict(tenantId: string): Promise<number> {
    const waiting = await withTenant(this.options.em, { tenantId }, (em) =>
      em.execute<{ id: string }[]>(
        `select id from imports where status in ('QUEUED', 'ACTIVE')
           and created_at < now() - make_interval(secs => ?) order by created_at`,
        [(this.options.minimumAgeMs ?? 2 * 60_000) / 1000],
      ),
    );
    let failed = 0;
    for (const { id } of waiting) {
      const job = await this.options.queue.getJob(id);
      const reason = !job ? SWEPT_REASON : (await job.getState()) === 'failed' ? (job.failedReason ?? '') : null;
      if (reason === null) continue;
      if (await failInterruptedImport(this.options.em, tenantId, id, reason)) {
        failed += 1;
        this.options.log.warn(
          `import ${id}: ${job ? `its job failed (${reason})` : 'its job no longer exists'}; marked FAILED`,
        );
      }
    }
    return failed;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.sweeping;
  }
}
