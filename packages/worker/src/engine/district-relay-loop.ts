import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { readDistrictZones } from '../scheduling/monthly-close-schedulers';
import type { Logger } from './logger';

export interface DistrictRelayLoopOptions {
  /** the relay's name in log lines */
  name: string;
  /** the ORM's root EntityManager (the sweep reads the districts) */
  em: EntityManager;
  /** the application role's URL: the LISTEN connection */
  databaseUrl: string;
  /** the LISTEN connection's application_name (pg_stat_activity shows it) */
  applicationName: string;
  /** the channel whose NOTIFYs carry a district's id */
  channel: string;
  log: Logger;
  /** every district is swept this often */
  sweepIntervalMs: number;
  /** a NOTIFY (or `schedule`) of a district makes one look-up of it this much later */
  delayMs: number;
  /** one district's look-up; what it throws is logged */
  relay(tenantId: string): Promise<unknown>;
  /** more of the sweep's work for each district, after its look-up; what it throws is logged */
  afterSweep?(tenantId: string): Promise<unknown>;
}

const RECONNECT_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * The loop of a relay from a PostgreSQL outbox to a queue: a dedicated connection LISTENs on the
 * outbox's channel (reconnecting with a growing delay and a log line when it is lost); a NOTIFY of
 * a district schedules one look-up of it (debounced per district); a sweep of every district at
 * start, after each reconnection and every `sweepIntervalMs` finds what a lost NOTIFY, a crash or
 * lost Redis state left behind. The database is the only record: the relay holds nothing.
 */
export class DistrictRelayLoop {
  private client?: Client;
  private sweepTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private failures = 0;
  private closed = false;
  private sweeping?: Promise<void>;

  constructor(private readonly options: DistrictRelayLoopOptions) {}

  async start(): Promise<void> {
    await this.listen();
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  /** Looks at every district (one sweep at a time: a sweep asked for during one joins it). */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        const districts = await readDistrictZones(this.options.em);
        for (const district of districts) {
          if (this.closed) return;
          await this.relayLogged(district.id);
          if (this.options.afterSweep) await this.logged(district.id, this.options.afterSweep);
        }
      } catch (error) {
        this.options.log.error(`${this.options.name}: the sweep failed: ${(error as Error).message}`);
      } finally {
        this.sweeping = undefined;
      }
    })();
    return this.sweeping;
  }

  /** One look-up of the district `delayMs` from now (none more while one is scheduled). */
  schedule(tenantId: string): void {
    if (this.closed || this.pending.has(tenantId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(tenantId);
      void this.relayLogged(tenantId);
    }, this.options.delayMs);
    timer.unref();
    this.pending.set(tenantId, timer);
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

  private relayLogged(tenantId: string): Promise<void> {
    return this.logged(tenantId, (id) => this.options.relay(id));
  }

  private async logged(tenantId: string, work: (tenantId: string) => Promise<unknown>): Promise<void> {
    try {
      await work(tenantId);
    } catch (error) {
      this.options.log.error(`${this.options.name}: district ${tenantId}: ${(error as Error).message}`);
    }
  }

  /** A dedicated connection (as the application role) that LISTENs; reconnects with a log line. */
  private async listen(): Promise<void> {
    const { channel, name } = this.options;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: this.options.applicationName,
    });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost || this.closed) return;
      lost = true;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.client === client) this.client = undefined;
      const delay = RECONNECT_MS[Math.min(this.failures++, RECONNECT_MS.length - 1)];
      this.options.log.warn(`${name}: the LISTEN connection was lost (${reason}); reconnecting in ${delay} ms`);
      this.reconnectTimer = setTimeout(() => {
        this.listen().catch(() => undefined);
      }, delay);
      this.reconnectTimer.unref();
    };
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('closed'));
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload) this.schedule(message.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${channel}`);
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
