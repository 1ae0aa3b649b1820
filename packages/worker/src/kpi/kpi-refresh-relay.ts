import type { EntityManager } from '@mikro-orm/postgresql';
import {
  claimPendingKpiRefreshRequests,
  enqueuePlannedJob,
  KPI_REFRESH_CHANNEL,
  markKpiRefreshRequestsEnqueued,
  purgeEnqueuedKpiRefreshRequests,
  withTenant,
} from '@xiaoyuan/schema';
import type { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { DistrictRelayLoop } from '../engine/district-relay-loop';
import type { Logger } from '../engine/logger';

/** The LISTEN connection's application_name (pg_stat_activity shows it). */
export const KPI_REFRESH_RELAY_APPLICATION = 'xiaoyuan-kpi-refresh-relay';

export interface KpiRefreshRelayOptions {
  /** the ORM's root EntityManager (forked per tenant transaction) */
  em: EntityManager;
  /** the application role's URL: the LISTEN connection */
  databaseUrl: string;
  /** the producer of the kpi queue */
  queue: Queue;
  /** its Redis connection: `status` says whether Redis answers, `ready` that it is back */
  redis: IORedis;
  log: Logger;
  /** every district's pending requests are looked for this often (default 30 s) */
  sweepIntervalMs?: number;
  /**
   * a request younger than this is left to the API that wrote it, which enqueues it right after
   * its commit (default 5 s: well above the API's wait for Redis)
   */
  graceMs?: number;
  /** requests of one district enqueued by one look-up at most (the next one takes the rest) */
  batchLimit?: number;
  /** enqueued requests are removed after this long (default a day) */
  keepEnqueuedMs?: number;
}

/**
 * Enqueues the KPI refreshes the API (or an import) recorded in `kpi_refresh_requests` and could
 * not enqueue itself: Redis was down, or the process died between commit and enqueue. A NOTIFY of
 * a district at commit schedules a look-up of it once its requests are past the grace period; a
 * sweep of every district at start, after each reconnection to PostgreSQL or Redis and every
 * `sweepIntervalMs` finds the rest (`DistrictRelayLoop`). Requests are claimed with
 * `for update skip locked` while they are enqueued, so two workers never enqueue the same request;
 * the planner's ids and policies make a request enqueued twice (API and relay) one job.
 */
export class KpiRefreshRelay {
  private readonly loop: DistrictRelayLoop;
  private readonly onRedisReady = () => void this.sweep();

  constructor(private readonly options: KpiRefreshRelayOptions) {
    this.loop = new DistrictRelayLoop({
      name: 'kpi refresh relay',
      em: options.em,
      databaseUrl: options.databaseUrl,
      applicationName: KPI_REFRESH_RELAY_APPLICATION,
      channel: KPI_REFRESH_CHANNEL,
      log: options.log,
      sweepIntervalMs: options.sweepIntervalMs ?? 30_000,
      delayMs: this.graceMs + 100,
      relay: async (tenantId) => {
        const enqueued = await this.relay(tenantId);
        if (enqueued) options.log.info(`kpi refresh relay: district ${tenantId}: ${enqueued} job(s) enqueued`);
      },
      // enqueued requests are kept a while (to see what was refreshed), then removed
      afterSweep: (tenantId) =>
        withTenant(options.em, { tenantId }, (em) =>
          purgeEnqueuedKpiRefreshRequests(em, options.keepEnqueuedMs ?? 24 * 3600_000),
        ),
    });
  }

  private get graceMs(): number {
    return this.options.graceMs ?? 5_000;
  }

  async start(): Promise<void> {
    await this.loop.start();
    // Redis is back: what waited in the outbox goes now, not at the next sweep
    this.options.redis.on('ready', this.onRedisReady);
  }

  /**
   * Enqueues the district's pending requests past the grace period; returns how many. Throws when
   * Redis refuses (the requests stay pending).
   */
  async relay(tenantId: string): Promise<number> {
    // Redis is down: nothing is claimed (a command would wait for Redis inside the transaction);
    // its return triggers a sweep
    const redis = this.options.redis;
    if (redis.status !== 'ready') throw new Error(`Redis is not ready (${redis.status}); the requests wait`);
    const { enqueued, younger } = await withTenant(this.options.em, { tenantId }, async (em) => {
      const claimed = await claimPendingKpiRefreshRequests(em, {
        graceMs: this.graceMs,
        limit: this.options.batchLimit ?? 1_000,
      });
      const done: string[] = [];
      try {
        for (const { requestId, job } of claimed.requests) {
          await enqueuePlannedJob(this.options.queue, job);
          done.push(requestId);
        }
      } finally {
        // what was enqueued before Redis failed is marked; the rest stays pending
        await markKpiRefreshRequestsEnqueued(em, done);
      }
      return { enqueued: done.length, younger: claimed.younger };
    });
    // requests written since the NOTIFY: looked at again once they are old enough
    if (younger) this.loop.schedule(tenantId);
    return enqueued;
  }

  /** Looks for pending requests in every district (errors per district are logged), and removes old enqueued ones. */
  sweep(): Promise<void> {
    return this.loop.sweep();
  }

  async close(): Promise<void> {
    this.options.redis.off('ready', this.onRedisReady);
    await this.loop.close();
  }
}
