/**
 * What a worker host hands the processes of a sandboxed queue (`sandboxed-processor.ts`), as JSON
 * in the environment variable SANDBOX_SETTINGS_VARIABLE: the child has no `.env.local` and no
 * command line of its own, and its settings must be the host's (a test's database, prefix, key).
 */
export interface SandboxSettings {
  /** the queue whose jobs the child runs */
  queue: string;
  appDatabaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  dataEncryptionKey: string;
  /** the queues the host produces to, so that a job's follow-ups go where the host's would */
  producerQueues: string[];
  /** log nothing (the host's log is silent: tests) */
  silent: boolean;
}

export const SANDBOX_SETTINGS_VARIABLE = 'XIAOYUAN_SANDBOX_SETTINGS';

/**
 * The reason a job of a sandboxed queue fails with when its process died under it: `heap` when
 * V8 aborted the process (SIGABRT: the heap limit reached, almost always), `exit` otherwise
 * (killed, crashed). Stable text: the job's `failed` hook tells them apart by it.
 */
export const SANDBOX_EXIT_REASON = {
  heap: 'sandboxed process out of memory',
  exit: 'sandboxed process exited',
} as const;
