import IORedis, { type RedisOptions } from 'ioredis';

/**
 * One ioredis connection for one BullMQ need (a worker, a queue, queue events). BullMQ requires
 * `maxRetriesPerRequest: null` for blocking commands; whoever creates a connection quits it.
 */
export function createRedisConnection(url: string, connectionName: string, options: RedisOptions = {}): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null, connectionName, ...options });
}

/**
 * Answers whether Redis is reachable within `timeoutMs`, without retrying forever: for command-line
 * tools that should fail with a message rather than wait.
 */
export async function pingRedis(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new IORedis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // connect() only says "Connection is closed"; the cause comes as an 'error' event
  let cause: Error | undefined;
  probe.on('error', (error) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw cause ?? error;
  } finally {
    probe.disconnect();
  }
}
