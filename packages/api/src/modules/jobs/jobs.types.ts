import { JobState, type QueueName } from '@xiaoyuan/schema';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { toJobGlobalId } from './job-id';

/** A background job (BullMQ) of the caller's district, as the queue sees it now. */
@ObjectType('Job')
export class JobView {
  @Field(() => ID)
  id!: string;

  @Field(() => JobState, { description: 'QUEUED (waiting, delayed or retrying), ACTIVE, COMPLETED or FAILED.' })
  state!: JobState;

  @Field(() => Float, { nullable: true, description: 'Percent done, 0–100, as the job reports it.' })
  progress!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the job failed (FAILED only).' })
  failedReason!: string | null;

  static of(
    queue: QueueName,
    jobId: string,
    state: JobState,
    progress: number | null,
    failedReason: string | null,
  ): JobView {
    return Object.assign(new JobView(), { id: toJobGlobalId(queue, jobId), state, progress, failedReason });
  }
}
