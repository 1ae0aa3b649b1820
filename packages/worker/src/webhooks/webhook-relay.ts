import type { EntityManager } from '@mikro-orm/postgresql';
import { withTenant } from '@xiaoyuan/schema';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import type { Logger } from '../engine/logger';
import { readDistrictZones } from '../scheduling/monthly-close-schedulers';
import { readDueDeliveries } from './delivery-queries';
import { addDeliverWebhookJobs } from './webhook-jobs';

/** The channel the outbox's trigger notifies at commit, with the district's id. */
export const WEBHOOK_CHANNEL = 'webhook_deliveries';

/** The LISTEN connection's application_name (pg_stat_activity shows it). */
export const WEBHOOK_RELAY_APPLICATION = 'xiaoyuan-webhook-relay';

export interface WebhookRelayOptions {
  /** the ORM's root EntityManager (forked per tenant transaction) */
  em: EntityManager;
  /** the application role's URL: the LISTEN connection */
  databaseUrl: string;
  /** the producer of the webhooks queue */
  queue: Queue;
  log: Logger;
  /** every district's due deliveries are looked for this often (default 30 s) */
  sweepIntervalMs?: number;
  /** notifications of one district within this time make one look-up (default 10 ms) */
  debounceMs?: number;
  /** deliveries of one district enqueued by one look-up at most (the next one takes the rest) */
  batchLimit?: number;
}

const RECONNECT_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Turns due deliveries into `deliver-webhook` jobs; claims nothing (the job does). A NOTIFY of a
 * district (sent at the commit of a due delivery) makes one look-up of that district, debounced; a
 * sweep of every district at start, after each reconnection and every `sweepIntervalMs` finds
 * what a lost NOTIFY, a crash or lost Redis state left behind, and the retries that came due. The
 * database is the only record: Redis holds nothing that cannot be rebuilt from it.
 */
export class WebhookRelay {
  private client?: Client;
  private sweepTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private failures = 0;
  private closed = false;
  private sweeping?: Promise<void>;

  constructor(private readonly options: WebhookRelayOptions) {}

  async start(): Promise<void> {
    await this.listen();
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepIntervalMs ?? 30_000);
    this.sweepTimer.unref();
  }

  /** Enqueues the due deliveries of one district; returns the jobs added. */
  async relay(tenantId: string): Promise<number> {
    const due = await withTenant(this.options.em, { tenantId }, (em) =>
      readDueDeliveries(em, this.options.batchLimit ?? 10_000),
    );
    let jobs = 0;
    for (const { webhook_id: webhookId, ids } of due) {
      jobs += await addDeliverWebhookJobs(this.options.queue, tenantId, webhookId, ids);
    }
    return jobs;
  }

  /** Looks for due deliveries in every district (errors per district are logged). */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        const districts = await readDistrictZones(this.options.em);
        for (const district of districts) {
          if (this.closed) return;
          await this.relay(district.id).catch((error: Error) =>
            this.options.log.error(`webhook relay: district ${district.id}: ${error.message}`),
          );
        }
      } catch (error) {
        this.options.log.error(`webhook relay: the sweep failed: ${(error as Error).message}`);
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
    await this.sweeping;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private notified(tenantId: string): void {
    if (this.closed || this.pending.has(tenantId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(tenantId);
      this.relay(tenantId).catch((error: Error) =>
        this.options.log.error(`webhook relay: district ${tenantId}: ${error.message}`),
      );
    }, this.options.debounceMs ?? 10);
    this.pending.set(tenantId, timer);
  }

  /** A dedicated connection (as the application role) that LISTENs; reconnects with a log line. */
  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: WEBHOOK_RELAY_APPLICATION,
    });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost || this.closed) return;
      lost = true;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.client === client) this.client = undefined;
      const delay = RECONNECT_MS[Math.min(this.failures++, RECONNECT_MS.length - 1)];
      this.options.log.warn(`webhook relay: the LISTEN connection was lost (${reason}); reconnecting in ${delay} ms`);
      this.reconnectTimer = setTimeout(() => {
        this.listen().catch(() => undefined);
      }, delay);
      this.reconnectTimer.unref();
    };
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('closed'));
    client.on('notification', (message) => {
      if (message.channel === WEBHOOK_CHANNEL && message.payload) this.notified(message.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${WEBHOOK_CHANNEL}`);
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
