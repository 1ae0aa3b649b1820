import type { EntityManager } from '@mikro-orm/postgresql';
import { withTenant } from '@xiaoyuan/schema';
import type { Queue } from 'bullmq';
import { DistrictRelayLoop } from '../engine/district-relay-loop';
import type { Logger } from '../engine/logger';
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

/**
 * Turns due deliveries into `deliver-webhook` jobs; claims nothing (the job does). A NOTIFY of a
 * district (sent at the commit of a due delivery) makes one look-up of that district, debounced; a
 * sweep of every district at start, after each reconnection and every `sweepIntervalMs` finds
 * what a lost NOTIFY, a crash or lost Redis state left behind, and the retries that came due
 * (`DistrictRelayLoop`). The database is the only record: Redis holds nothing that cannot be
 * rebuilt from it.
 */
export class WebhookRelay {
  private readonly loop: DistrictRelayLoop;

  constructor(private readonly options: WebhookRelayOptions) {
    this.loop = new DistrictRelayLoop({
      name: 'webhook relay',
      em: options.em,
      databaseUrl: options.databaseUrl,
      applicationName: WEBHOOK_RELAY_APPLICATION,
      channel: WEBHOOK_CHANNEL,
      log: options.log,
      sweepIntervalMs: options.sweepIntervalMs ?? 30_000,
      delayMs: options.debounceMs ?? 10,
      relay: (tenantId) => this.relay(tenantId),
    });
  }

  start(): Promise<void> {
    return this.loop.start();
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
    return this.loop.sweep();
  }

  close(): Promise<void> {
    return this.loop.close();
  }
}
