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
import { Client } from 'pg';
import type { Logger } from '../engine/logger';
import { readDistrictZones } from '../scheduling/monthly-close-schedulers';

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

const RECONNECT_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Enqueues the KPI refreshes the API (or an import) recorded in `kpi_refresh_requests` and could
 * not enqueue itself: Redis was down, or the process died between commit and enqueue. A NOTIFY of
 * a district at commit schedules a look-up of it once its requests are past the grace period; a
 * sweep of every district at start, after each reconnection to PostgreSQL or Redis and every
 * `sweepIntervalMs` finds the rest. Requests are claimed with `for update skip locked` while they
 * are enqueued, so two workers never enqueue the same request; the planner's ids and policies make
 * a request enqueued twice (API and relay) one job.
 */
export class KpiRefreshRelay {
  private client?: Client;
  private sweepTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private failures = 0;
  private closed = false;
  private sweeping?: Promise<void>;
  private readonly onRedisReady = () => void this.sweep();

  constructor(private readonly options: KpiRefreshRelayOptions) {}

  private get graceMs(): number {
    return this.options.graceMs ?? 5_000;
  }

  async start(): Promise<void> {
    await this.listen();
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepIntervalMs ?? 30_000);
    this.sweepTimer.unref();
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
    if (younger) this.schedule(tenantId);
    return enqueued;
  }

  /** Looks for pending requests in every district (errors per district are logged), and removes old enqueued ones. */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        const districts = await readDistrictZones(this.options.em);
        for (const district of districts) {
          if (this.closed) return;
          await this.relayLogged(district.id);
          await withTenant(this.options.em, { tenantId: district.id }, (em) =>
            purgeEnqueuedKpiRefreshRequests(em, this.options.keepEnqueuedMs ?? 24 * 3600_000),
          ).catch(() => undefined);
        }
      } catch (error) {
        this.options.log.error(`kpi refresh relay: the sweep failed: ${(error as Error).message}`);
      } finally {
        this.sweeping = undefined;
      }
    })();
    return this.sweeping;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.reconnectTimer);
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.options.redis.off('ready', this.onRedisReady);
    await this.sweeping;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async relayLogged(tenantId: string): Promise<void> {
    try {
      const enqueued = await this.relay(tenantId);
      if (enqueued) this.options.log.info(`kpi refresh relay: district ${tenantId}: ${enqueued} job(s) enqueued`);
    } catch (error) {
      this.options.log.error(`kpi refresh relay: district ${tenantId}: ${(error as Error).message}`);
    }
  }

  /** One look-up of the district once a request written now is past the grace period. */
  private schedule(tenantId: string): void {
    if (this.closed || this.pending.has(tenantId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(tenantId);
      void this.relayLogged(tenantId);
    }, this.graceMs + 100);
    timer.unref();
    this.pending.set(tenantId, timer);
  }

  /** A dedicated connection (as the application role) that LISTENs; reconnects with a log line. */
  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: KPI_REFRESH_RELAY_APPLICATION,
    });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost || this.closed) return;
      lost = true;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.client === client) this.client = undefined;
      const delay = RECONNECT_MS[Math.min(this.failures++, RECONNECT_MS.length - 1)];
      this.options.log.warn(
        `kpi refresh relay: the LISTEN connection was lost (${reason}); reconnecting in ${delay} ms`,
      );
      this.reconnectTimer = setTimeout(() => {
        this.listen().catch(() => undefined);
      }, delay);
      this.reconnectTimer.unref();
    };
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('closed'));
    client.on('notification', (message) => {
      if (message.channel === KPI_REFRESH_CHANNEL && message.payload) this.schedule(message.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${KPI_REFRESH_CHANNEL}`);
    } catch (error) {
      onLost((error as Error).message);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    // what was committed while nobody listened
    void this.sweep();
  }
}
