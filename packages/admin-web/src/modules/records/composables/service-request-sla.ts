import { serviceRequestResponseHours, serviceRequestSlaMet } from '@xiaoyuan/domain';
import type { ServiceRequestFieldsFragment as ServiceRequestNode } from '@/graphql/generated/graphql';

const dateOrNull = (text: string | null | undefined) => (text ? new Date(text) : null);

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
  const met = serviceRequestSlaMet(new Date(request.createdAt), dateOrNull(request.firstResponseAt), now);
  if (met === null) return 'WAITING';
  if (met) return 'MET';
  return request.firstResponseAt ? 'BREACHED' : 'OVERDUE';
}

/** Hours from the request to its first response, one decimal; null while unanswered. */
export function responseHours(request: Pick<ServiceRequestNode, 'createdAt' | 'firstResponseAt'>): number | null {
  const hours = serviceRequestResponseHours(new Date(request.createdAt), dateOrNull(request.firstResponseAt));
  return hours === null ? null : Math.round(hours * 10) / 10;
}

export const SLA_TAG: Record<SlaStatus, 'success' | 'danger' | 'info' | 'warning'> = {
  MET: 'success',
  BREACHED: 'danger',
  WAITING: 'info',
  OVERDUE: 'warning',
};
