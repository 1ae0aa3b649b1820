import { describeError, redactLogText } from '@xiaoyuan/schema';

/** The worker's log: one line per event, to stdout/stderr, without SQL values or personal data. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export function consoleLogger(prefix = 'worker'): Logger {
  return {
    info: (message) => console.log(`[${prefix}] ${redactLogText(message)}`),
    warn: (message) => console.warn(`[${prefix}] ${redactLogText(message)}`),
    error: (message, error) =>
      console.error(`[${prefix}] ${redactLogText(message)}`, ...(error === undefined ? [] : [describeError(error)])),
  };
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
