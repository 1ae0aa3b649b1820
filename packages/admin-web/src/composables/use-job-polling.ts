import { getCurrentInstance, onBeforeUnmount, readonly, ref } from 'vue';

export type JobState = 'QUEUED' | 'ACTIVE' | 'COMPLETED' | 'FAILED';

export interface PolledJob {
  id: string;
  state: JobState;
  /** 0–100, or null before the worker reports any */
  progress: number | null;
  failedReason: string | null;
}

export interface JobPollingOptions {
  intervalMs?: number;
  /** Consecutive failed reads after which polling gives up. */
  maxErrors?: number;
  onFinished?: (job: PolledJob) => void;
  onError?: (error: unknown) => void;
}

export const isFinished = (state: JobState) => state === 'COMPLETED' || state === 'FAILED';

/** 0–100 for a progress bar; a finished job is at 100 whatever it last reported. */
export function progressPercent(job: Pick<PolledJob, 'state' | 'progress'> | null): number {
  if (!job) return 0;
  if (isFinished(job.state)) return 100;
  const progress = job.progress ?? 0;
  return Math.max(0, Math.min(100, Math.round(progress)));
}

/**
 * Reads a background job every `intervalMs` (1 s) until it completes or fails. One read at a
 * time: the next is scheduled only after the previous answered, so a slow server is not flooded.
 */
export function useJobPolling(fetchJob: (id: string) => Promise<PolledJob | null>, options: JobPollingOptions = {}) {
  const intervalMs = options.intervalMs ?? 1000;
  const maxErrors = options.maxErrors ?? 5;
  const job = ref<PolledJob | null>(null);
  const polling = ref(false);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;
  let errors = 0;

  function stop(): void {
    generation += 1;
    polling.value = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  async function tick(jobId: string, run: number): Promise<void> {
    try {
      const next = await fetchJob(jobId);
      if (run !== generation) return;
      errors = 0;
      if (next) job.value = next;
      if (next && isFinished(next.state)) {
        stop();
        options.onFinished?.(next);
        return;
      }
    } catch (error) {
      if (run !== generation) return;
      errors += 1;
      if (errors >= maxErrors) {
        stop();
        options.onError?.(error);
        return;
      }
    }
    timer = setTimeout(() => void tick(jobId, run), intervalMs);
  }

  /** Starts following a job (stopping any other); the first read is immediate. */
  function start(jobId: string, initial?: PolledJob | null): void {
    stop();
    errors = 0;
    job.value = initial ?? null;
    if (initial && isFinished(initial.state)) {
      options.onFinished?.(initial);
      return;
    }
    polling.value = true;
    void tick(jobId, generation);
  }

  if (getCurrentInstance()) onBeforeUnmount(stop);

  return { job: readonly(job), polling: readonly(polling), start, stop };
}
