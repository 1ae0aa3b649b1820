import { QUEUES, type QueueName } from '@xiaoyuan/schema';

// A job's global id names its queue and its BullMQ id (`Job:<queue>:<id>`, base64url like every
// global id): BullMQ ids are unique per queue only, and are not always uuids.

const QUEUE_NAMES = new Set<string>(Object.values(QUEUES));

export interface JobRef {
  queue: QueueName;
  /** the BullMQ job id */
  jobId: string;
}

export function toJobGlobalId(queue: QueueName, jobId: string): string {
  return Buffer.from(`Job:${queue}:${jobId}`, 'utf8').toString('base64url');
}

/** null for anything that is not the global id of a job of a known queue. */
export function fromJobGlobalId(globalId: string): JobRef | null {
  if (typeof globalId !== 'string' || globalId.length > 400 || !/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const match = /^Job:([a-z0-9-]+):(.{1,250})$/s.exec(Buffer.from(globalId, 'base64url').toString('utf8'));
  if (!match || !QUEUE_NAMES.has(match[1])) return null;
  return { queue: match[1] as QueueName, jobId: match[2] };
}
