import { describeError, redactLogText } from '@xiaoyuan/schema';

/** The little logging the API does: start-up, unexpected errors, shutdown. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** To stdout/stderr, without SQL values or personal data (schema's log-redaction). */
export const consoleLogger: Logger = {
  info: (message) => console.log(redactLogText(message)),
  warn: (message) => console.warn(redactLogText(message)),
  error: (message, error) =>
    console.error(redactLogText(message), ...(error === undefined ? [] : [describeError(error)])),
};

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
