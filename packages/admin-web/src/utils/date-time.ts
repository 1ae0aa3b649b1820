/** An ISO instant as a local date and time in the interface language ("2026/11/02 09:30"). */
export function formatDateTime(value: string | null | undefined, locale: string): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

/** A `datetime-local`-style value ("2026-11-02T09:30:00", the browser's zone) as an ISO instant. */
export function localDateTimeToIso(value: string): string {
  return new Date(value).toISOString();
}
