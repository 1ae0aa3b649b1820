/** The service-level agreement of DOMAIN.md §5: a service request is first answered within 8 hours. */
export const SERVICE_REQUEST_SLA_HOURS = 8;

const HOUR = 3_600_000;

/** When the first response to a request raised at `createdAt` is due. */
export function serviceRequestSlaDueAt(createdAt: Date): Date {
  return new Date(createdAt.getTime() + SERVICE_REQUEST_SLA_HOURS * HOUR);
}

/** Hours from the request to its first response (unrounded); null while unanswered. */
export function serviceRequestResponseHours(createdAt: Date, firstResponseAt: Date | null | undefined): number | null {
  return firstResponseAt ? (firstResponseAt.getTime() - createdAt.getTime()) / HOUR : null;
}

/**
 * Whether the SLA was kept: true when first answered within the hours, false when answered later
 * or unanswered once they have passed, null while unanswered within them.
 */
export function serviceRequestSlaMet(
  createdAt: Date,
  firstResponseAt: Date | null | undefined,
  now: Date = new Date(),
): boolean | null {
  const hours = serviceRequestResponseHours(createdAt, firstResponseAt);
  if (hours !== null) return hours <= SERVICE_REQUEST_SLA_HOURS;
  return now.getTime() > serviceRequestSlaDueAt(createdAt).getTime() ? false : null;
}
