import { planKpiRefresh } from './kpi-refresh-planner';
import { enqueuePlannedJob, spareJobId, type JobProducer, type PlannedJobOptions } from './planned-job';

const T = '11111111-1111-4111-8111-111111111111';

/** A producer over a map of job id → state, recording what is added and removed. */
function fakeProducer(states: Record<string, string>) {
  const added: { name: string; data: unknown; options: PlannedJobOptions }[] = [];
  const removed: string[] = [];
  const producer: JobProducer = {
    async add(name, data, options) {
      added.push({ name, data, options });
    },
    async getJob(id) {
      const state = states[id];
      return state ? { getState: async () => state, remove: async () => void removed.push(id) } : undefined;
    },
  };
  return { producer, added, removed };
}

describe('enqueuePlannedJob', () => {
  const [manual] = planKpiRefresh({ cause: 'manual', tenantId: T, period: '2026-10' });
  const [targets] = planKpiRefresh({ cause: 'targets', tenantId: T, today: '2026-11-15' });
  const [records] = planKpiRefresh({
    cause: 'records',
    tenantId: T,
    today: '2026-11-15',
    touches: [{ courtyardId: 'aaaaaaaa-0000-4000-8000-000000000000', date: '2026-11-01' }],
  });

  it('coalesce: adds with its deduplication id, BullMQ does the rest', async () => {
    const { producer, added } = fakeProducer({});
    expect(await enqueuePlannedJob(producer, records)).toEqual({ outcome: 'added', jobId: null });
    expect(added).toEqual([{ name: 'recompute-kpis', data: records.data, options: records.options }]);
  });

  it('reuse: a job of its id that waits or runs is the answer; a finished one is replaced', async () => {
    for (const state of ['waiting', 'delayed', 'active']) {
      const { producer, added } = fakeProducer({ [manual.id]: state });
      expect(await enqueuePlannedJob(producer, manual)).toEqual({ outcome: 'existing', jobId: manual.id });
      expect(added).toEqual([]);
    }
    for (const state of ['completed', 'failed', 'unknown']) {
      const { producer, added, removed } = fakeProducer({ [manual.id]: state });
      expect(await enqueuePlannedJob(producer, manual)).toEqual({ outcome: 'added', jobId: manual.id });
      expect(removed).toEqual([manual.id]);
      expect(added.map((job) => job.options.jobId)).toEqual([manual.id]);
    }
    const { producer, added } = fakeProducer({});
    expect(await enqueuePlannedJob(producer, manual)).toEqual({ outcome: 'added', jobId: manual.id });
    expect(added).toHaveLength(1);
  });

  it('spare: nothing while one has not started; the spare id while the first runs; dropped while both run', async () => {
    const spare = spareJobId(targets.id);
    const cases: [Record<string, string>, string, string | null, string[]][] = [
      [{}, 'added', targets.id, []],
      [{ [targets.id]: 'delayed' }, 'existing', targets.id, []],
      [{ [targets.id]: 'active', [spare]: 'waiting' }, 'existing', spare, []],
      [{ [targets.id]: 'active' }, 'added', spare, []],
      [{ [targets.id]: 'active', [spare]: 'completed' }, 'added', spare, [spare]],
      [{ [targets.id]: 'completed', [spare]: 'active' }, 'added', targets.id, [targets.id]],
      [{ [targets.id]: 'active', [spare]: 'active' }, 'busy', null, []],
    ];
    for (const [states, outcome, jobId, removedIds] of cases) {
      const { producer, added, removed } = fakeProducer(states);
      expect(await enqueuePlannedJob(producer, targets)).toEqual({ outcome, jobId });
      expect(removed).toEqual(removedIds);
      expect(added.map((job) => job.options.jobId)).toEqual(outcome === 'added' ? [jobId] : []);
      if (outcome === 'added') expect(added[0].options.delay).toBe(targets.options.delay);
    }
  });

  it('throws what the producer throws (the caller logs it)', async () => {
    const down: JobProducer = {
      add: async () => {
        throw new Error('Redis did not answer within 500 ms');
      },
      getJob: async () => undefined,
    };
    await expect(enqueuePlannedJob(down, manual)).rejects.toThrow('Redis did not answer');
  });
});
