import type { MilestoneStatus } from '@/graphql/generated/graphql';

/** Element Plus tag type and timeline colour of each milestone status. */
export const MILESTONE_STATUS_STYLE: Record<
  MilestoneStatus,
  { tag: 'info' | 'warning' | 'success' | 'danger'; color: string }
> = {
  PENDING: { tag: 'info', color: '#909399' },
  AT_RISK: { tag: 'warning', color: '#e6a23c' },
  MET: { tag: 'success', color: '#67c23a' },
  MISSED: { tag: 'danger', color: '#f56c6c' },
};

/** Enrolled against target as a whole percentage for a progress bar (capped at 100). */
export function phasePercent(enrolled: number, target: number): number {
  if (target <= 0) return enrolled > 0 ? 100 : 0;
  return Math.min(100, Math.round((enrolled / target) * 100));
}

/** The next batch number after the existing ones. */
export function nextBatchNumber(batches: readonly { number: number }[]): number {
  return batches.reduce((highest, batch) => Math.max(highest, batch.number), 0) + 1;
}
