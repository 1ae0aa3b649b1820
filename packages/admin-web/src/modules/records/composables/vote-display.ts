import type { ProposalTier, VotingRule } from '@/graphql/generated/graphql';

/** A ratio in [0, 1] as a percentage with one decimal. */
export function formatRatio(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(1)}%`;
}

/** The rule a tier usually takes (DOMAIN.md §5): the form proposes it, the user may change it. */
export const DEFAULT_RULE_FOR_TIER: Record<ProposalTier, VotingRule> = {
  MINOR: 'SIMPLE_MAJORITY',
  MAJOR: 'CIVIL_CODE_ORDINARY',
  SPECIAL: 'CIVIL_CODE_SPECIAL',
};

/** The thresholds of a rule, for the result panel: participation and approval, by count and area. */
export const RULE_THRESHOLDS: Record<
  VotingRule,
  { participation: number | null; approval: number; approvalStrict: boolean }
> = {
  SIMPLE_MAJORITY: { participation: null, approval: 0.5, approvalStrict: true },
  CIVIL_CODE_ORDINARY: { participation: 2 / 3, approval: 0.5, approvalStrict: true },
  CIVIL_CODE_SPECIAL: { participation: 2 / 3, approval: 0.75, approvalStrict: false },
};

/** The default close of a voting window: a week from now, on the hour, as a local datetime string. */
export function defaultClosesAt(now: Date = new Date()): string {
  const closes = new Date(now.getTime() + 7 * 24 * 3600_000);
  closes.setMinutes(0, 0, 0);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${closes.getFullYear()}-${pad(closes.getMonth() + 1)}-${pad(closes.getDate())}T${pad(closes.getHours())}:00:00`;
}
