/** The worker's log: one line per event, to stdout/stderr. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export function consoleLogger(prefix = 'worker'): Logger {
  return {
    info: (message) => console.log(`[${prefix}] ${message}`),
    warn: (message) => console.warn(`[${prefix}] ${message}`),
    error: (message, error) =>
      console.error(
        `[${prefix}] ${message}`,
        ...(error === undefined ? [] : [error instanceof Error ? (error.stack ?? error.message) : error]),
      ),
  };
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
