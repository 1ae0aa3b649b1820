/*
 * Closing the API's and the worker's Redis connections (ioredis clients, described here by what
 * closing them needs, so this package does not depend on ioredis).
 */

/** What closing needs of an ioredis client. */
export interface ClosableRedisConnection {
  readonly status: string;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/** true when `promise` resolved within `timeoutMs`, false when it had not (a rejection is thrown). */
export async function withinTimeout(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes a connection promptly whatever Redis does: QUIT when it is connected (the replies already
 * asked for come first), given `timeoutMs`; otherwise, or when QUIT fails or is not answered, drops
 * the socket and the reconnection timer. Nothing here waits for ioredis' `end` event: a client
 * between two reconnection attempts (Redis down, or back but not yet retried) never emits it when
 * disconnected, and BullMQ's `Queue.disconnect()`, which waits for it, then never returns.
 */
export async function closeRedisConnection(connection: ClosableRedisConnection, timeoutMs = 2_000): Promise<void> {
  if (connection.status === 'end') return;
  if (connection.status === 'ready') {
    try {
      if (await withinTimeout(connection.quit(), timeoutMs)) return;
    } catch {
      // fall through: the connection broke while quitting
    }
  }
  connection.disconnect();
}
