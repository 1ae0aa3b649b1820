import { ResolutionChannel } from './enums';

/**
 * Channels that count as self-governance (DOMAIN.md §5): a dispute resolved through one of them
 * counts towards the dispute resolution rate. The KPI engine's SQL is built from this list.
 */
export const SELF_GOVERNANCE_CHANNELS: readonly ResolutionChannel[] = [
  ResolutionChannel.COMMITTEE,
  ResolutionChannel.RESIDENTS_ASSEMBLY,
  ResolutionChannel.MEDIATION,
];

/** Whether a resolution channel is self-governance. Takes the enum or its GraphQL string. */
export function isSelfGovernedChannel(channel: `${ResolutionChannel}`): boolean {
  return (SELF_GOVERNANCE_CHANNELS as readonly string[]).includes(channel);
}
