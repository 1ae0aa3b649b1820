import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { progressPercent, useJobPolling, type PolledJob } from './use-job-polling';

const job = (state: PolledJob['state'], progress: number | null = null): PolledJob => ({
  id: 'job-1',
  state,
  progress,
  failedReason: state === 'FAILED' ? 'boom' : null,
});

async function flush() {
  for (let round = 0; round < 5; round += 1) await Promise.resolve();
}

describe('useJobPolling', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads at once, then every second until the job completes', async () => {
    const answers = [job('QUEUED'), job('ACTIVE', 40), job('COMPLETED', 100)];
    const fetchJob = vi.fn(async () => answers.shift()!);
    const onFinished = vi.fn();
    const polling = useJobPolling(fetchJob, { onFinished });

    polling.start('job-1');
    await flush();
    expect(fetchJob).toHaveBeenCalledTimes(1);
    expect(polling.job.value?.state).toBe('QUEUED');
    expect(polling.polling.value).toBe(true);

    await vi.advanceTimersByTimeAsync(999);
    expect(fetchJob).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchJob).toHaveBeenCalledTimes(2);
    expect(progressPercent(polling.job.value)).toBe(40);

    await vi.advanceTimersByTimeAsync(1000);
    expect(fetchJob).toHaveBeenCalledTimes(3);
    expect(polling.polling.value).toBe(false);
    expect(onFinished).toHaveBeenCalledWith(job('COMPLETED', 100));

    await vi.advanceTimersByTimeAsync(5000);
    expect(fetchJob).toHaveBeenCalledTimes(3);
  });

  it('stops on a failed job and reports it as finished', async () => {
    const onFinished = vi.fn();
    const polling = useJobPolling(async () => job('FAILED'), { onFinished });
    polling.start('job-1');
    await flush();
    expect(polling.polling.value).toBe(false);
    expect(onFinished).toHaveBeenCalledWith(job('FAILED'));
  });

  it('does not read again before the previous read answered', async () => {
    let release: (value: PolledJob) => void = () => undefined;
    const fetchJob = vi.fn(() => new Promise<PolledJob>((resolve) => (release = resolve)));
    const polling = useJobPolling(fetchJob);
    polling.start('job-1');
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetchJob).toHaveBeenCalledTimes(1);
    release(job('ACTIVE', 10));
    await vi.advanceTimersByTimeAsync(1000);
    expect(fetchJob).toHaveBeenCalledTimes(2);
    polling.stop();
  });

  it('gives up after repeated errors and ignores answers after stop', async () => {
    const onError = vi.fn();
    const fetchJob = vi.fn(async () => {
      throw new Error('offline');
    });
    const polling = useJobPolling(fetchJob, { maxErrors: 3, onError });
    polling.start('job-1');
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetchJob).toHaveBeenCalledTimes(3);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(polling.polling.value).toBe(false);

    const late = useJobPolling(async () => job('ACTIVE', 50));
    late.start('job-2');
    late.stop();
    await flush();
    expect(late.job.value).toBeNull();
  });

  it('does not poll a job that is already finished', async () => {
    const fetchJob = vi.fn(async () => job('ACTIVE'));
    const onFinished = vi.fn();
    const polling = useJobPolling(fetchJob, { onFinished });
    polling.start('job-1', job('COMPLETED', 100));
    await vi.advanceTimersByTimeAsync(3000);
    expect(fetchJob).not.toHaveBeenCalled();
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(progressPercent(polling.job.value)).toBe(100);
  });
});

describe('progressPercent', () => {
  it('clamps and rounds, and shows a finished job as full', () => {
    expect(progressPercent(null)).toBe(0);
    expect(progressPercent({ state: 'ACTIVE', progress: 33.6 })).toBe(34);
    expect(progressPercent({ state: 'ACTIVE', progress: 140 })).toBe(100);
    expect(progressPercent({ state: 'QUEUED', progress: null })).toBe(0);
    expect(progressPercent({ state: 'FAILED', progress: 20 })).toBe(100);
  });
});
