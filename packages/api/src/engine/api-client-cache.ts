import type { ClientCaller } from './caller';

/** More distinct keys than any district has clients; past it the oldest entry goes. */
const MAX_ENTRIES = 10_000;

/**
 * The API clients this process has authenticated, by their key's hash: what a client is (its
 * district, name, scopes and unit) never changes once created, so a known key skips the lookup
 * by hash and the load of the client. Whether the key still stands is NOT cached: every request
 * checks it in the database, in the statement that loads the district's clock, so a revocation
 * takes effect on the next request in every process (caller.ts). A client that is revoked (or
 * gone) is dropped from here when that check fails.
 */
export class ApiClientCache {
  private readonly entries = new Map<string, ClientCaller>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  get(keyHash: string): ClientCaller | undefined {
    return this.entries.get(keyHash);
  }

  set(keyHash: string, caller: ClientCaller): void {
    if (!this.entries.has(keyHash) && this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(keyHash, caller);
  }

  delete(keyHash: string): void {
    this.entries.delete(keyHash);
  }

  get size(): number {
    return this.entries.size;
  }
}
