import type { ServiceRequestFieldsFragment as ServiceRequestNode } from '@/graphql/generated/graphql';

/** First response is due within 8 hours of the request (DOMAIN.md §5). */
export const SLA_HOURS = 8;
const SLA_MS = SLA_HOURS * 3600_000;

/** MET / BREACHED once answered; WAITING within the 8 hours; OVERDUE after them without an answer. */
export type SlaStatus = 'MET' | 'BREACHED' | 'WAITING' | 'OVERDUE';

export function slaStatus(
  request: Pick<ServiceRequestNode, 'createdAt' | 'firstResponseAt'> & { slaMet?: boolean | null },
  now: Date = new Date(),
): SlaStatus {
  // The server's verdict wins (its clock and the district's); the rest is for records without it.
  if (request.slaMet === true) return 'MET';
  if (request.slaMet === false) return request.firstResponseAt ? 'BREACHED' : 'OVERDUE';
  if (request.slaMet === null && !request.firstResponseAt) return 'WAITING';
  const created = Date.parse(request.createdAt);
  if (request.firstResponseAt) return Date.parse(request.firstResponseAt) - created <= SLA_MS ? 'MET' : 'BREACHED';
  return now.getTime() - created <= SLA_MS ? 'WAITING' : 'OVERDUE';
}

/** Hours from the request to its first response, one decimal; null while unanswered. */
export function responseHours(request: Pick<ServiceRequestNode, 'createdAt' | 'firstResponseAt'>): number | null {
  if (!request.firstResponseAt) return null;
  return Math.round(((Date.parse(request.firstResponseAt) - Date.parse(request.createdAt)) / 3600_000) * 10) / 10;
}

export const SLA_TAG: Record<SlaStatus, 'success' | 'danger' | 'info' | 'warning'> = {
  MET: 'success',
  BREACHED: 'danger',
  WAITING: 'info',
  OVERDUE: 'warning',
};
